import { ListingRecordsService } from './listing-records.service';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { ComplianceModule } from '../framework/compliance.module';
import { ReferenceModule } from '../reference/reference.module';
import { CatalogueReadModel } from './catalogue-read-model';
import {
  InterventionEntity,
  InterventionPriceEntity,
  ListingStatusHistoryEntity,
  VenueEntity,
} from './intervention.entity';
import { InterventionResolver } from './intervention.resolver';
import { ListingsService } from './listings.service';
import { OrganisationEntity } from './organisation.entity';
import { OrganisationResolver } from './organisation.resolver';
import { OrganisationsService } from './organisations.service';
import { PlacesService } from './places.service';
import { RateCardImportResolver } from './rate-card-import.resolver';
import { RateCardImportService } from './rate-card-import.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      OrganisationEntity,
      InterventionEntity,
      VenueEntity,
      ListingStatusHistoryEntity,
      InterventionPriceEntity,
    ]),
    ReferenceModule,
    AuditModule,
    ComplianceModule,
  ],
  providers: [
    OrganisationsService,
    ListingsService,
    CatalogueReadModel,
    ListingRecordsService,
    PlacesService,
    OrganisationResolver,
    InterventionResolver,
    RateCardImportService,
    RateCardImportResolver,
  ],
  exports: [
    OrganisationsService,
    CatalogueReadModel,
    PlacesService,
    ListingRecordsService,
    ListingsService,
  ],
})
export class CatalogueModule {}
