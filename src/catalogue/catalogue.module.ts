import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { ComplianceModule } from '../framework/compliance.module';
import { ReferenceModule } from '../reference/reference.module';
import { CatalogueService } from './catalogue.service';
import {
  InterventionEntity,
  InterventionPriceEntity,
  ListingStatusHistoryEntity,
  VenueEntity,
} from './intervention.entity';
import { InterventionResolver } from './intervention.resolver';
import { OrganisationEntity } from './organisation.entity';
import { OrganisationResolver } from './organisation.resolver';
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
    CatalogueService,
    PlacesService,
    OrganisationResolver,
    InterventionResolver,
    RateCardImportService,
    RateCardImportResolver,
  ],
  exports: [CatalogueService, PlacesService],
})
export class CatalogueModule {}
