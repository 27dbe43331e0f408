import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { ReferenceModule } from '../reference/reference.module';
import { BreakdownsResolver } from './breakdowns.resolver';
import { BreakdownsService } from './breakdowns.service';
import { CommissioningPolicy } from './commissioning.policy';
import { DemandRollupService } from './demand-rollup.service';
import { FunderSpendController } from './funder-spend.controller';
import { FunderSpendResolver } from './funder-spend.resolver';
import { FunderSpendService } from './funder-spend.service';
import { ReportsController } from './reports.controller';
import {
  RateCardReviewRowResolver,
  RateCardUsageRowResolver,
  ReportsResolver,
  ServiceAtRiskResolver,
  StaleListingResolver,
} from './reports.resolver';
import { ReportsService } from './reports.service';
import { ReviewResolver } from './review.resolver';
import { ReviewService } from './review.service';

/**
 * The commissioners' reports (gaps, usage, spend, areas without purchases, stale listings, the
 * rate card review and services at risk) in GraphQL and as CSV. Read-only SQL over the other
 * modules' tables; it owns only the daily rollups of recorded searches (DemandRollupService).
 */
@Module({
  imports: [CatalogueModule, ReferenceModule],
  controllers: [ReportsController, FunderSpendController],
  providers: [
    CommissioningPolicy,
    ReportsService,
    ReportsResolver,
    RateCardUsageRowResolver,
    StaleListingResolver,
    ReviewService,
    ReviewResolver,
    RateCardReviewRowResolver,
    ServiceAtRiskResolver,
    BreakdownsService,
    BreakdownsResolver,
    FunderSpendService,
    FunderSpendResolver,
    DemandRollupService,
  ],
  exports: [ReportsService, DemandRollupService],
})
export class CommissioningModule {}
