import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ReferenceModule } from '../reference/reference.module';
import { BudgetResolver } from './budget.resolver';
import { BudgetService } from './budget.service';
import {
  DivisionBudgetEntity,
  ReferralEntity,
  ReferralStatusChangeEntity,
} from './referral.entity';
import { ReferralsResolver } from './referrals.resolver';
import { ReferralsService } from './referrals.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([ReferralEntity, ReferralStatusChangeEntity, DivisionBudgetEntity]),
    CatalogueModule,
    ReferenceModule,
    NotificationsModule,
  ],
  providers: [ReferralsService, BudgetService, ReferralsResolver, BudgetResolver],
  exports: [ReferralsService, BudgetService],
})
export class ReferralsModule {}
