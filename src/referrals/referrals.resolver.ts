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
import { CatalogueService } from '../catalogue/catalogue.service';
import { Division } from '../reference/reference.models';
import { ReferenceService } from '../reference/reference.service';
import {
  AttendanceArgs,
  CreateReferralInput,
  ReasonArgs,
  ReferralsArgs,
  StartReferralArgs,
} from './referrals.inputs';
import { Referral, ReferralConnection } from './referrals.models';
import { ReferralsService } from './referrals.service';

const idArg = { type: () => ID, description: 'The referral.' };

@Resolver(() => Referral)
export class ReferralsResolver {
  constructor(
    private readonly referralsService: ReferralsService,
    private readonly catalogue: CatalogueService,
    private readonly reference: ReferenceService,
  ) {}

  @Mutation(() => Referral, {
    description:
      'Buys a place: checks eligibility, takes a place and commits price x units against the division budget, in one step. Retrying with the same idempotencyKey returns the first referral and charges nothing again.',
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
    return this.referralsService.purchase(caller, input, idempotencyKey);
  }

  @Mutation(() => Referral, { description: 'The provider accepts a SUBMITTED referral.' })
  @Roles(Role.SUPPLIER)
  acceptReferral(
    @CurrentCaller() caller: Caller,
    @Args('id', idArg) id: string,
  ): Promise<Referral> {
    return this.referralsService.transition(caller, id, 'accept');
  }

  @Mutation(() => Referral, {
    description:
      'The provider declines a SUBMITTED referral, with a reason; place and budget go back.',
  })
  @Roles(Role.SUPPLIER)
  declineReferral(
    @CurrentCaller() caller: Caller,
    @Args() { id, reason }: ReasonArgs,
  ): Promise<Referral> {
    return this.referralsService.transition(caller, id, 'decline', { reason });
  }

  @Mutation(() => Referral, {
    description: 'The provider records that the person started an ACCEPTED referral.',
  })
  @Roles(Role.SUPPLIER)
  startReferral(
    @CurrentCaller() caller: Caller,
    @Args() { id, startedOn }: StartReferralArgs,
  ): Promise<Referral> {
    return this.referralsService.transition(caller, id, 'start', { startedOn });
  }

  @Mutation(() => Referral, {
    description: 'The provider records sessions offered and attended so far.',
  })
  @Roles(Role.SUPPLIER)
  recordAttendance(
    @CurrentCaller() caller: Caller,
    @Args() args: AttendanceArgs,
  ): Promise<Referral> {
    return this.referralsService.transition(caller, args.id, 'recordAttendance', args);
  }

  @Mutation(() => Referral, {
    description: 'The provider completes a STARTED referral; its cost moves to spent.',
  })
  @Roles(Role.SUPPLIER)
  completeReferral(
    @CurrentCaller() caller: Caller,
    @Args('id', idArg) id: string,
  ): Promise<Referral> {
    return this.referralsService.transition(caller, id, 'complete');
  }

  @Mutation(() => Referral, {
    description:
      'The provider ends a STARTED referral early, with a reason; its cost moves to spent.',
  })
  @Roles(Role.SUPPLIER)
  endReferralEarly(
    @CurrentCaller() caller: Caller,
    @Args() { id, reason }: ReasonArgs,
  ): Promise<Referral> {
    return this.referralsService.transition(caller, id, 'endEarly', { reason });
  }

  @Mutation(() => Referral, {
    description:
      'The purchaser cancels a SUBMITTED or ACCEPTED referral, with a reason; place and budget go back.',
  })
  @Roles(Role.PURCHASER)
  cancelReferral(
    @CurrentCaller() caller: Caller,
    @Args() { id, reason }: ReasonArgs,
  ): Promise<Referral> {
    return this.referralsService.transition(caller, id, 'cancel', { reason });
  }

  @Query(() => Referral, { description: 'One referral, within your scope.' })
  @AnyRole()
  referral(@CurrentCaller() caller: Caller, @Args('id', idArg) id: string): Promise<Referral> {
    return this.referralsService.referral(caller, id);
  }

  @Query(() => ReferralConnection, {
    description:
      "Referrals newest first: purchasers see their division's, suppliers those on their listings, commissioners and admins all.",
  })
  @AnyRole()
  referrals(
    @CurrentCaller() caller: Caller,
    @Args() args: ReferralsArgs,
  ): Promise<ReferralConnection> {
    return this.referralsService.referrals(caller, args);
  }

  @ResolveField(() => Intervention, { description: 'The listing the place is on.' })
  async intervention(
    @Parent() referral: Referral,
    @Context('req') req: object,
  ): Promise<Intervention> {
    return (await this.catalogue.interventionLoader(req).load(referral.interventionId))!;
  }

  @ResolveField(() => Organisation, { description: 'The provider delivering it.' })
  async provider(@Parent() referral: Referral, @Context('req') req: object): Promise<Organisation> {
    return (await this.catalogue.organisationLoader(req).load(referral.providerId))!;
  }

  @ResolveField(() => Division, { description: 'The NPS division that bought it.' })
  division(@Parent() referral: Referral): Promise<Division> {
    return this.reference.division(referral.divisionCode);
  }
}
