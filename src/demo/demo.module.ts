import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEventEntity } from '../audit/audit-event.entity';
import {
  InterventionEntity,
  InterventionPriceEntity,
  VenueEntity,
} from '../catalogue/intervention.entity';
import { OrganisationEntity } from '../catalogue/organisation.entity';
import { CommissioningModule } from '../commissioning/commissioning.module';
import { ContractPackageAreaEntity, PccAreaEntity } from '../reference/reference.entities';
import { DemoSeeder } from './demo-seeder';

/**
 * The demo market. The data source loads only the entities some module registers, so the
 * seeder registers every one it writes or reads (it uses the transaction's EntityManager, not
 * repositories); AppConfig and Clock are global.
 */
@Module({
  imports: [
    CommissioningModule,
    TypeOrmModule.forFeature([
      OrganisationEntity,
      InterventionEntity,
      VenueEntity,
      InterventionPriceEntity,
      AuditEventEntity,
      ContractPackageAreaEntity,
      PccAreaEntity,
    ]),
  ],
  providers: [DemoSeeder],
  exports: [DemoSeeder],
})
export class DemoModule {}
