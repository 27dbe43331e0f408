import {
  Args,
  Context,
  ID,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/current-caller.decorator';
import { Role } from '../auth/role';
import { AnyRole, Roles } from '../auth/roles.decorator';
import { Intervention, Organisation } from '../catalogue/catalogue.models';
import { CatalogueReadModel } from '../catalogue/catalogue-read-model';
import { OrganisationsService } from '../catalogue/organisations.service';
import { requestLoader } from '../common/request-loaders';
import { FactorCode } from '../reference/factor-code';
import { canReadFreeText } from '../referrals/referral.policy';
import { Referral } from '../referrals/referrals.models';
import { ContributionService } from './contribution.service';
import { EndOfServiceService } from './end-of-service.service';
import { ContributionScoresArgs, EndOfServiceReportInput, OutcomeInput } from './outcomes.inputs';
import {
  ContributionScore,
  ContributionScoreConnection,
  EndOfServiceReport,
  Outcome,
} from './outcomes.models';
import { OutcomesService } from './outcomes.service';

const referralArg = { type: () => ID, description: 'The COMPLETED or ENDED_EARLY referral.' };
const factorArg = {
  type: () => FactorCode,
  nullable: true,
  description: 'One factor; left out, all factors together.',
};

@Resolver(() => Outcome)
export class OutcomesResolver {
  constructor(private readonly outcomes: OutcomesService) {}

  @Mutation(() => Outcome, {
    description:
      "Records the buying division's three judgements once a referral is COMPLETED or ENDED_EARLY; scores update at once.",
  })
  @Roles(Role.PURCHASER)
  recordOutcome(
    @CurrentCaller() caller: Caller,
    @Args('referralId', referralArg) referralId: string,
    @Args('input', { description: 'The judgements.' }) input: OutcomeInput,
  ): Promise<Outcome> {
    return this.outcomes.record(caller, referralId, input);
  }

  @Mutation(() => Outcome, {
    description: 'Replaces the judgements within 30 days of recording them (audited).',
  })
  @Roles(Role.PURCHASER)
  amendOutcome(
    @CurrentCaller() caller: Caller,
    @Args('referralId', referralArg) referralId: string,
    @Args('input', { description: 'The judgements.' }) input: OutcomeInput,
  ): Promise<Outcome> {
    return this.outcomes.amend(caller, referralId, input);
  }
}

@Resolver(() => EndOfServiceReport)
export class EndOfServiceResolver {
  constructor(private readonly reports: EndOfServiceService) {}

  @Mutation(() => EndOfServiceReport, {
    description:
      'The provider reports how far each desired outcome was achieved, once, on a STARTED referral (before completing or ending it early) or an ENDED_EARLY one whose report is due. Settles the outcome payments: what was earned is spent, the rest of the committed maximum goes back to the budget.',
  })
  @Roles(Role.SUPPLIER)
  submitEndOfServiceReport(
    @CurrentCaller() caller: Caller,
    @Args('referralId', { type: () => ID, description: 'The referral.' }) referralId: string,
    @Args('input', { description: 'One row per desired outcome.' })
    input: EndOfServiceReportInput,
  ): Promise<EndOfServiceReport> {
    return this.reports.submit(caller, referralId, input);
  }
}

@Resolver(() => Referral)
export class ReferralOutcomeResolver {
  constructor(
    private readonly outcomes: OutcomesService,
    private readonly reports: EndOfServiceService,
  ) {}

  @ResolveField(() => EndOfServiceReport, {
    nullable: true,
    description:
      "The provider's end-of-service report, once submitted; its free text (furtherInformation, progressComments) is null to commissioners.",
  })
  async endOfServiceReport(
    @CurrentCaller() caller: Caller,
    @Parent() referral: Referral,
    @Context('req') req: object,
  ): Promise<EndOfServiceReport | null> {
    const report = await requestLoader(
      req,
      'endOfServiceReportByReferral',
      (ids: readonly string[]) => this.reports.forReferrals(ids),
    ).load(referral.id);
    // Free text about the person is for the two sides and admins (minimum sight).
    if (!report || canReadFreeText(caller, referral)) return report;
    return {
      ...report,
      furtherInformation: null,
      outcomes: report.outcomes.map((o) => ({ ...o, progressComments: null })),
    };
  }

  @ResolveField(() => Outcome, {
    nullable: true,
    description: 'The buyer’s judgements, once recorded; their notes are null to commissioners.',
  })
  async outcome(
    @CurrentCaller() caller: Caller,
    @Parent() referral: Referral,
    @Context('req') req: object,
  ): Promise<Outcome | null> {
    const outcome = await requestLoader(req, 'outcomeByReferral', (ids: readonly string[]) =>
      this.outcomes.forReferrals(ids),
    ).load(referral.id);
    if (!outcome || canReadFreeText(caller, referral)) return outcome;
    return { ...outcome, notes: null };
  }
}

@Resolver(() => ContributionScore)
export class ContributionScoreResolver {
  constructor(
    private readonly contribution: ContributionService,
    private readonly catalogue: CatalogueReadModel,
    private readonly organisations: OrganisationsService,
  ) {}

  @Query(() => ContributionScoreConnection, {
    description:
      "Contribution scores. With providerId: its overall score and each factor it has been judged or reported on (or just `factor`). Without: every provider's score for `factor` (or overall), best first. Visible to every role: transparency is the point.",
  })
  @AnyRole()
  async contributionScores(
    @Args() args: ContributionScoresArgs,
  ): Promise<ContributionScoreConnection> {
    if (args.providerId) {
      await this.organisations.organisation(args.providerId);
      return this.contribution.forProvider(args.providerId, args);
    }
    return this.contribution.ranking(args);
  }

  @ResolveField(() => Organisation, { description: 'The provider scored.' })
  async provider(
    @Parent() score: ContributionScore,
    @Context('req') req: object,
  ): Promise<Organisation> {
    let providerId = score.providerId;
    if (!providerId && score.interventionId) {
      providerId = (await this.catalogue.interventionsByIds([score.interventionId]))[0]!.providerId;
    }
    return (await this.catalogue.organisationLoader(req).load(providerId))!;
  }

  @ResolveField(() => Intervention, {
    nullable: true,
    description: 'The listing scored, for a per-listing score.',
  })
  async intervention(
    @Parent() score: ContributionScore,
    @Context('req') req: object,
  ): Promise<Intervention | null> {
    if (!score.interventionId) return null;
    return (await this.catalogue.interventionLoader(req).load(score.interventionId)) ?? null;
  }
}

@Resolver(() => Organisation)
export class OrganisationContributionResolver {
  constructor(private readonly scores: ContributionService) {}

  @ResolveField(() => ContributionScore, {
    description: "The provider's contribution score, overall or for one factor.",
  })
  contribution(
    @Parent() organisation: Organisation,
    @Context('req') req: object,
    @Args('factor', factorArg) factor?: FactorCode,
  ): Promise<ContributionScore> {
    const loader = requestLoader(req, 'providerContribution', (keys: readonly string[]) =>
      this.scores.scores(
        'PROVIDER',
        keys.map((key) => {
          const [id, f] = key.split('|');
          return { id, factor: (f || null) as FactorCode | null };
        }),
      ),
    );
    return loader.load(`${organisation.id}|${factor ?? ''}`);
  }
}

@Resolver(() => Intervention)
export class InterventionContributionResolver {
  constructor(private readonly scores: ContributionService) {}

  @ResolveField(() => ContributionScore, {
    description: "This listing's own contribution score (all factors together).",
  })
  contribution(
    @Parent() listing: Intervention,
    @Context('req') req: object,
  ): Promise<ContributionScore> {
    const loader = requestLoader(req, 'interventionContribution', (ids: readonly string[]) =>
      this.scores.scores(
        'INTERVENTION',
        ids.map((id) => ({ id, factor: null })),
      ),
    );
    return loader.load(listing.id);
  }
}
