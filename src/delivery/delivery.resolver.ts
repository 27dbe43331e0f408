import { Args, Context, ID, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/current-caller.decorator';
import { Role } from '../auth/role';
import { Roles } from '../auth/roles.decorator';
import { requestLoader } from '../common/request-loaders';
import { Referral } from '../referrals/referrals.models';
import {
  ActionPlanInput,
  CaseNoteInput,
  RescheduleSessionInput,
  ScheduleSessionInput,
  SessionFeedbackInput,
} from './delivery.inputs';
import { ActionPlan, CaseNote, DeliverySession } from './delivery.models';
import { DeliveryService } from './delivery.service';

const referralArg = { type: () => ID, description: 'The referral.' };
const sessionArg = { type: () => ID, description: 'The session.' };

@Resolver(() => DeliverySession)
export class DeliveryResolver {
  constructor(private readonly delivery: DeliveryService) {}

  @Mutation(() => ActionPlan, {
    description:
      'The provider submits a new version of the action plan of an ACCEPTED or STARTED referral; it supersedes the last, which is kept.',
  })
  @Roles(Role.SUPPLIER)
  submitActionPlan(
    @CurrentCaller() caller: Caller,
    @Args('referralId', referralArg) referralId: string,
    @Args('input', { description: 'The plan.' }) input: ActionPlanInput,
  ): Promise<ActionPlan> {
    return this.delivery.submitActionPlan(caller, referralId, input);
  }

  @Mutation(() => DeliverySession, {
    description: 'The provider schedules a session of an ACCEPTED or STARTED referral.',
  })
  @Roles(Role.SUPPLIER)
  scheduleSession(
    @CurrentCaller() caller: Caller,
    @Args('referralId', referralArg) referralId: string,
    @Args('input', { description: 'When, how long, how.' }) input: ScheduleSessionInput,
  ): Promise<DeliverySession> {
    return this.delivery.scheduleSession(caller, referralId, input);
  }

  @Mutation(() => DeliverySession, {
    description:
      'The provider moves a session whose feedback is not yet recorded; every move is kept with who asked and why.',
  })
  @Roles(Role.SUPPLIER)
  rescheduleSession(
    @CurrentCaller() caller: Caller,
    @Args('id', sessionArg) id: string,
    @Args('input', { description: 'The new time and why.' }) input: RescheduleSessionInput,
  ): Promise<DeliverySession> {
    return this.delivery.rescheduleSession(caller, id, input);
  }

  @Mutation(() => DeliverySession, {
    description:
      "The provider records what happened at a session that has started (once). The referral's sessionsOffered and sessionsAttended follow; the first attended session moves an ACCEPTED referral to STARTED, started on the session's day.",
  })
  @Roles(Role.SUPPLIER)
  recordSessionFeedback(
    @CurrentCaller() caller: Caller,
    @Args('id', sessionArg) id: string,
    @Args('input', { description: 'What happened.' }) input: SessionFeedbackInput,
  ): Promise<DeliverySession> {
    return this.delivery.recordFeedback(caller, id, input);
  }

  @Mutation(() => CaseNote, {
    description:
      'Adds a case note to a referral, by either side: a purchaser of the buying division or a supplier of the provider.',
  })
  @Roles(Role.PURCHASER, Role.SUPPLIER)
  addCaseNote(
    @CurrentCaller() caller: Caller,
    @Args('referralId', referralArg) referralId: string,
    @Args('input', { description: 'The note.' }) input: CaseNoteInput,
  ): Promise<CaseNote> {
    return this.delivery.addCaseNote(caller, referralId, input);
  }
}

@Resolver(() => Referral)
export class ReferralDeliveryResolver {
  constructor(private readonly delivery: DeliveryService) {}

  private plans(req: object, referral: Referral): Promise<ActionPlan[]> {
    return requestLoader(req, 'referralActionPlans', (ids: readonly string[]) =>
      this.delivery.actionPlans(ids),
    ).load(referral.id);
  }

  @ResolveField(() => ActionPlan, {
    nullable: true,
    description: 'The current action plan (the latest version), once submitted.',
  })
  async actionPlan(
    @Parent() referral: Referral,
    @Context('req') req: object,
  ): Promise<ActionPlan | null> {
    return (await this.plans(req, referral)).at(-1) ?? null;
  }

  @ResolveField(() => [ActionPlan], {
    description: 'Every version of the action plan, oldest first.',
  })
  actionPlanHistory(
    @Parent() referral: Referral,
    @Context('req') req: object,
  ): Promise<ActionPlan[]> {
    return this.plans(req, referral);
  }

  @ResolveField(() => [DeliverySession], {
    description:
      "Its sessions, by start time. The feedback's free text (summary, response, concerns) is for the two sides of the referral and admins (null to commissioners); each read of it is recorded.",
  })
  sessions(
    @CurrentCaller() caller: Caller,
    @Parent() referral: Referral,
    @Context('req') req: object,
  ): Promise<DeliverySession[]> {
    return this.delivery.sessionsFor(caller, referral, req);
  }

  @ResolveField(() => [CaseNote], {
    description:
      "Case notes by either side, oldest first: for the buying division's purchasers, the provider's suppliers and admins only (FORBIDDEN to commissioners).",
  })
  caseNotes(
    @CurrentCaller() caller: Caller,
    @Parent() referral: Referral,
    @Context('req') req: object,
  ): Promise<CaseNote[]> {
    return this.delivery.caseNotesFor(caller, referral, req);
  }
}
