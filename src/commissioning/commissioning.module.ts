import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { ReferenceModule } from '../reference/reference.module';
import { CommissioningPolicy } from './commissioning.policy';
import { ReportsController } from './reports.controller';
import {
  RateCardUsageRowResolver,
  ReportsResolver,
  StaleListingResolver,
} from './reports.resolver';
import { ReportsService } from './reports.service';

/**
 * The commissioners' reports (gaps, usage, spend, areas without purchases, stale listings) in
 * GraphQL and as CSV. Read-only SQL over the other modules' tables: it owns none of its own.
 */
@Module({
  imports: [CatalogueModule, ReferenceModule],
  controllers: [ReportsController],
  providers: [
    CommissioningPolicy,
    ReportsService,
    ReportsResolver,
    RateCardUsageRowResolver,
    StaleListingResolver,
  ],
  exports: [ReportsService],
})
export class CommissioningModule {}
