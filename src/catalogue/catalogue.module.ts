import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { ReferenceModule } from '../reference/reference.module';
import { CatalogueService } from './catalogue.service';
import { InterventionEntity, InterventionPriceEntity, VenueEntity } from './intervention.entity';
import { InterventionResolver } from './intervention.resolver';
import { OrganisationEntity } from './organisation.entity';
import { OrganisationResolver } from './organisation.resolver';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      OrganisationEntity,
      InterventionEntity,
      VenueEntity,
      InterventionPriceEntity,
    ]),
    ReferenceModule,
    AuditModule,
  ],
  providers: [CatalogueService, OrganisationResolver, InterventionResolver],
  exports: [CatalogueService],
})
export class CatalogueModule {}
