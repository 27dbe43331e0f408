import { ReferralRecordsService } from './referral-records.service';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { ComplianceModule } from '../framework/compliance.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ReferenceModule } from '../reference/reference.module';
import { AccessLogModule } from '../privacy/access-log.module';
import { SupplyChainsModule } from '../supply-chains/supply-chains.module';
import { BudgetResolver } from './budget.resolver';
import { BudgetService } from './budget.service';
import {
  DivisionBudgetEntity,
  ReferralDesiredOutcomeEntity,
  ReferralEntity,
  ReferralStatusChangeEntity,
  ReferralTimelineEventEntity,
} from './referral.entity';
import { FundingPotEntity, FundingPotFunderEntity } from './funding-pot.entity';
import { FundingPotsResolver } from './funding-pots.resolver';
import { FundingPotsService } from './funding-pots.service';
import { ReferralPurchaseService } from './referral-purchase.service';
import { ReferralScopeService } from './referral-scope.service';
import { ReferralTransitionsService } from './referral-transitions.service';
import { ReferralsResolver } from './referrals.resolver';
import { ReferralsService } from './referrals.service';
import { TimelineService } from './timeline.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      ReferralEntity,
      ReferralStatusChangeEntity,
      DivisionBudgetEntity,
      ReferralDesiredOutcomeEntity,
      ReferralTimelineEventEntity,
      FundingPotEntity,
      FundingPotFunderEntity,
    ]),
    CatalogueModule,
    SupplyChainsModule,
    ReferenceModule,
    ComplianceModule,
    NotificationsModule,
    AuditModule,
    AccessLogModule,
  ],
  providers: [
    ReferralScopeService,
    ReferralsService,
    ReferralTransitionsService,
    ReferralPurchaseService,
    ReferralRecordsService,
    BudgetService,
    TimelineService,
    ReferralsResolver,
    BudgetResolver,
    FundingPotsService,
    FundingPotsResolver,
  ],
  exports: [
    ReferralScopeService,
    ReferralsService,
    ReferralTransitionsService,
    BudgetService,
    TimelineService,
    ReferralRecordsService,
    FundingPotsService,
  ],
})
export class ReferralsModule {}
