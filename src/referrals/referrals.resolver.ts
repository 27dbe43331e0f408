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
import { Division } from '../reference/reference.models';
import { ReferenceService } from '../reference/reference.service';
import { requestLoader } from '../common/request-loaders';
import { DesiredOutcome } from '../reference/reference.models';
import {
  CreateReferralInput,
  DeclineArgs,
  ReasonArgs,
  ReferralsArgs,
  WithdrawReferralInput,
} from './referrals.inputs';
import { AccessLogService } from '../privacy/access-log.service';
import { canReadFreeText, canReadPersonDetails } from './referral.policy';
import {
  PersonProfile,
  Referral,
  ReferralConnection,
  ReferralStatusChange,
  TimelineEvent,
} from './referrals.models';
import { ReferralPurchaseService } from './referral-purchase.service';
import { ReferralTransitionsService } from './referral-transitions.service';
import { ReferralsService } from './referrals.service';
import { TimelineService } from './timeline.service';

const idArg = { type: () => ID, description: 'The referral.' };

@Resolver(() => Referral)
export class ReferralsResolver {
  constructor(
    private readonly referralsService: ReferralsService,
    private readonly purchases: ReferralPurchaseService,
    private readonly transitions: ReferralTransitionsService,
    private readonly catalogue: CatalogueReadModel,
    private readonly reference: ReferenceService,
    private readonly timelines: TimelineService,
    private readonly accessLog: AccessLogService,
  ) {}

  @Mutation(() => Referral, {
    description:
      'Buys a place: checks eligibility and the desired outcomes, takes a place and commits the fee (price x units) plus the most the outcome payments can come to against the division budget, in one step. Retrying with the same idempotencyKey returns the first referral and charges nothing again.',
  })
  @Roles(Role.PURCHASER)
  createReferral(
    @CurrentCaller() caller: Caller,
    @Args('input', { description: 'What to buy, for whom.' }) input: CreateReferralInput,
    @Args('idempotencyKey', {
      description:
        'Unique per purchase attempt (e.g. a UUID made by the client); reuse it to retry safely.',
    })
    idempotencyKey: string,
  ): Promise<Referral> {
    return this.purchases.purchase(caller, input, idempotencyKey);
  }

  @Mutation(() => Referral, { description: 'The provider accepts a SUBMITTED referral.' })
  @Roles(Role.SUPPLIER)
  acceptReferral(
    @CurrentCaller() caller: Caller,
    @Args('id', idArg) id: string,
  ): Promise<Referral> {
    return this.transitions.transition(caller, id, { action: 'accept' });
  }

  @Mutation(() => Referral, {
    description:
      'The provider declines a SUBMITTED referral with a coded reason; the place, the fee and the outcome payments go back.',
  })
  @Roles(Role.SUPPLIER)
  declineReferral(
    @CurrentCaller() caller: Caller,
    @Args() { id, reason, comments }: DeclineArgs,
  ): Promise<Referral> {
    return this.transitions.transition(caller, id, { action: 'decline', reason, comments });
  }

  @Mutation(() => Referral, {
    description:
      'The provider completes a STARTED referral once its end-of-service report is in; the fee moves to spent and the place comes back.',
  })
  @Roles(Role.SUPPLIER)
  completeReferral(
    @CurrentCaller() caller: Caller,
    @Args('id', idArg) id: string,
  ): Promise<Referral> {
    return this.transitions.transition(caller, id, { action: 'complete' });
  }

  @Mutation(() => Referral, {
    description:
      'The provider ends a STARTED referral early, with a reason, once its end-of-service report is in; the fee moves to spent.',
  })
  @Roles(Role.SUPPLIER)
  endReferralEarly(
    @CurrentCaller() caller: Caller,
    @Args() { id, reason }: ReasonArgs,
  ): Promise<Referral> {
    return this.transitions.transition(caller, id, { action: 'endEarly', reason });
  }

  @Mutation(() => Referral, {
    description:
      'The purchaser withdraws a referral with a coded reason. Before it started (SUBMITTED, ACCEPTED) it is CANCELLED and the place, fee and outcome payments go back; once STARTED it ends at once (ENDED_EARLY, the fee spent) and shows endOfServiceReportDue until the provider submits the report, which settles the outcome payments.',
  })
  @Roles(Role.PURCHASER)
  withdrawReferral(
    @CurrentCaller() caller: Caller,
    @Args('id', idArg) id: string,
    @Args('input', { description: 'Why.' }) input: WithdrawReferralInput,
  ): Promise<Referral> {
    return this.transitions.transition(caller, id, { action: 'withdraw', ...input });
  }

  @Query(() => Referral, {
    nullable: true,
    description:
      'One referral, within your scope. An unknown id answers null with a NOT_FOUND error.',
  })
  @AnyRole()
  referral(
    @CurrentCaller() caller: Caller,
    @Args('id', idArg) id: string,
  ): Promise<Referral | null> {
    return this.referralsService.referral(caller, id);
  }

  @Query(() => ReferralConnection, {
    description:
      "Referrals newest first: purchasers see their division's, suppliers those on their listings, a commissioner whose token names a division that division's, national commissioners and admins all.",
  })
  @AnyRole()
  referrals(
    @CurrentCaller() caller: Caller,
    @Args() args: ReferralsArgs,
  ): Promise<ReferralConnection> {
    return this.referralsService.referrals(caller, args);
  }

  @ResolveField(() => String, {
    description:
      'Case reference number of the person on probation (one letter, six digits), or ANON- and 8 characters once anonymised. Each read is recorded (personalDataAccess).',
  })
  crn(
    @CurrentCaller() caller: Caller,
    @Parent() referral: Referral,
    @Context('req') req: object,
  ): string {
    this.accessLog.note(req, caller, referral.id, ['crn']);
    return referral.crn;
  }

  @ResolveField(() => PersonProfile, {
    nullable: true,
    description:
      "The eligibility profile the purchase was checked against. Null to the provider's suppliers until they accept the referral, and to everyone once it is anonymised. Each read is recorded.",
  })
  person(
    @CurrentCaller() caller: Caller,
    @Parent() referral: Referral,
    @Context('req') req: object,
  ): PersonProfile | null {
    if (!referral.person || !canReadPersonDetails(caller, referral)) return null;
    this.accessLog.note(req, caller, referral.id, ['person']);
    return referral.person;
  }

  @ResolveField(() => String, {
    nullable: true,
    description:
      'Notes from the purchaser for the provider: for the two sides of the referral and admins (null to commissioners). Each read is recorded.',
  })
  notes(
    @CurrentCaller() caller: Caller,
    @Parent() referral: Referral,
    @Context('req') req: object,
  ): string | null {
    if (referral.notes === null || !canReadFreeText(caller, referral)) return null;
    this.accessLog.note(req, caller, referral.id, ['notes']);
    return referral.notes;
  }

  @ResolveField(() => [ReferralStatusChange], {
    description:
      'Every status it has had, oldest first. The comments (reason) are for the two sides of the referral and admins: null to commissioners.',
  })
  statusHistory(
    @CurrentCaller() caller: Caller,
    @Parent() referral: Referral,
  ): ReferralStatusChange[] {
    if (canReadFreeText(caller, referral)) return referral.statusHistory;
    return referral.statusHistory.map((change) => ({ ...change, reason: null }));
  }

  @ResolveField(() => Intervention, { description: 'The listing the place is on.' })
  async intervention(
    @Parent() referral: Referral,
    @Context('req') req: object,
  ): Promise<Intervention> {
    return (await this.catalogue.interventionLoader(req).load(referral.interventionId))!;
  }

  @ResolveField(() => Organisation, {
    description: 'The provider it was bought from (the prime when a subcontractor delivers it).',
  })
  async provider(@Parent() referral: Referral, @Context('req') req: object): Promise<Organisation> {
    return (await this.catalogue.organisationLoader(req).load(referral.providerId))!;
  }

  @ResolveField(() => Organisation, {
    nullable: true,
    description:
      'The subcontractor delivering it for the provider; null when the provider delivers it itself.',
  })
  async deliveredBy(
    @Parent() referral: Referral,
    @Context('req') req: object,
  ): Promise<Organisation | null> {
    if (!referral.deliveredById) return null;
    return (await this.catalogue.organisationLoader(req).load(referral.deliveredById)) ?? null;
  }

  @ResolveField(() => [TimelineEvent], {
    description:
      "Everything that happened to the referral, oldest first: each step writes one event in its own transaction. A case note's event names its subject only to those who may read the case notes.",
  })
  timeline(
    @CurrentCaller() caller: Caller,
    @Parent() referral: Referral,
    @Context('req') req: object,
  ): Promise<TimelineEvent[]> {
    return this.timelines.timelineFor(caller, referral, req);
  }

  @ResolveField(() => [DesiredOutcome], {
    description: 'What the referral aims to achieve, by factor.',
  })
  desiredOutcomes(
    @Parent() referral: Referral,
    @Context('req') req: object,
  ): Promise<DesiredOutcome[]> {
    return requestLoader(req, 'referralDesiredOutcomes', (ids: readonly string[]) =>
      this.referralsService.desiredOutcomes(ids),
    ).load(referral.id);
  }

  @ResolveField(() => Division, { description: 'The NPS division that bought it.' })
  division(@Parent() referral: Referral): Promise<Division> {
    return this.reference.division(referral.divisionCode);
  }
}
