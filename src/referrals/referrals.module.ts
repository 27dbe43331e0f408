import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { ComplianceModule } from '../framework/compliance.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ReferenceModule } from '../reference/reference.module';
import { BudgetResolver } from './budget.resolver';
import { BudgetService } from './budget.service';
import {
  DivisionBudgetEntity,
  ReferralDesiredOutcomeEntity,
  ReferralEntity,
  ReferralStatusChangeEntity,
  ReferralTimelineEventEntity,
} from './referral.entity';
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
    ]),
    CatalogueModule,
    ReferenceModule,
    ComplianceModule,
    NotificationsModule,
    AuditModule,
  ],
  providers: [ReferralsService, BudgetService, TimelineService, ReferralsResolver, BudgetResolver],
  exports: [ReferralsService, BudgetService, TimelineService],
})
export class ReferralsModule {}
