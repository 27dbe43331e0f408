import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ReferralsModule } from '../referrals/referrals.module';
import { ContributionService } from './contribution.service';
import {
  ContributionAggregateEntity,
  FactorJudgementEntity,
  OutcomeEntity,
} from './outcome.entity';
import {
  ContributionScoreResolver,
  InterventionContributionResolver,
  OrganisationContributionResolver,
  OutcomesResolver,
  ReferralOutcomeResolver,
} from './outcomes.resolver';
import { OutcomesService } from './outcomes.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([OutcomeEntity, FactorJudgementEntity, ContributionAggregateEntity]),
    AuditModule,
    CatalogueModule,
    ReferralsModule,
    NotificationsModule,
  ],
  providers: [
    OutcomesService,
    ContributionService,
    OutcomesResolver,
    ReferralOutcomeResolver,
    ContributionScoreResolver,
    OrganisationContributionResolver,
    InterventionContributionResolver,
  ],
  exports: [OutcomesService, ContributionService],
})
export class OutcomesModule {}
