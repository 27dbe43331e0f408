import { OutcomeRecordsService } from './outcome-records.service';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { ReferenceModule } from '../reference/reference.module';
import { ReferralsModule } from '../referrals/referrals.module';
import { ContributionService } from './contribution.service';
import { EndOfServiceService } from './end-of-service.service';
import {
  ContributionAggregateEntity,
  EndOfServiceOutcomeEntity,
  EndOfServiceReportEntity,
  FactorJudgementEntity,
  OutcomeEntity,
} from './outcome.entity';
import {
  ContributionScoreResolver,
  EndOfServiceResolver,
  InterventionContributionResolver,
  OrganisationContributionResolver,
  OutcomesResolver,
  ReferralOutcomeResolver,
} from './outcomes.resolver';
import { OutcomesService } from './outcomes.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      OutcomeEntity,
      FactorJudgementEntity,
      ContributionAggregateEntity,
      EndOfServiceReportEntity,
      EndOfServiceOutcomeEntity,
    ]),
    ReferenceModule,
    AuditModule,
    CatalogueModule,
    ReferralsModule,
  ],
  providers: [
    OutcomeRecordsService,
    OutcomesService,
    ContributionService,
    EndOfServiceService,
    OutcomesResolver,
    EndOfServiceResolver,
    ReferralOutcomeResolver,
    ContributionScoreResolver,
    OrganisationContributionResolver,
    InterventionContributionResolver,
  ],
  exports: [OutcomesService, ContributionService, EndOfServiceService, OutcomeRecordsService],
})
export class OutcomesModule {}
