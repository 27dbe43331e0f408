import {
  Args,
  Context,
  ID,
  Int,
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
import { Clock } from '../common/clock';
import { DateScalar } from '../common/scalars';
import { PccArea } from '../reference/reference.models';
import { ReferenceService } from '../reference/reference.service';
import { ListingStatus } from './catalogue.enums';
import {
  CreateInterventionInput,
  PersonProfileInput,
  PriceInput,
  SetCapacityArgs,
  UpdateInterventionInput,
} from './catalogue.inputs';
import {
  EligibilityCheck,
  Intervention,
  Organisation,
  Price,
  RateCard,
  Venue,
} from './catalogue.models';
import { eligibilityCheck } from './eligibility';
import { CatalogueService, toPriceModel } from './catalogue.service';
import { placesAvailable } from './places.service';
import { priceInForce } from './pricing';

const MANAGERS = [Role.SUPPLIER, Role.ADMIN];
const idArg = { type: () => ID, description: 'The intervention.' };

@Resolver(() => Intervention)
export class InterventionResolver {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly reference: ReferenceService,
    private readonly clock: Clock,
  ) {}

  // ---- queries -------------------------------------------------------------------------------

  @Query(() => Intervention, {
    description: 'One listing. Drafts are visible only to their own supplier and ADMIN.',
  })
  @AnyRole()
  intervention(
    @CurrentCaller() caller: Caller,
    @Args('id', idArg) id: string,
  ): Promise<Intervention> {
    return this.catalogue.intervention(caller, id);
  }

  @Query(() => [Intervention], { description: "The signed-in supplier's own listings, by title." })
  @Roles(Role.SUPPLIER)
  myInterventions(
    @CurrentCaller() caller: Caller,
    @Args('status', {
      type: () => ListingStatus,
      nullable: true,
      description: 'Only listings in this status.',
    })
    status?: ListingStatus,
  ): Promise<Intervention[]> {
    return this.catalogue.myInterventions(caller, status);
  }

  @Query(() => RateCard, {
    description:
      "A provider's listings on sale on a day with the price in force that day: the rate card as a buyer saw it. A past day lists what was PUBLISHED at the end of that day (Europe/London), including listings withdrawn or suspended since.",
  })
  @AnyRole()
  rateCard(
    @Args('providerId', { type: () => ID, description: 'The provider.' }) providerId: string,
    @Args('asOf', {
      type: () => DateScalar,
      nullable: true,
      description: 'The day (default today).',
    })
    asOf?: string,
  ): Promise<RateCard> {
    return this.catalogue.rateCard(providerId, asOf);
  }

  // ---- mutations -----------------------------------------------------------------------------

  @Mutation(() => Intervention, { description: 'Creates a listing as a DRAFT.' })
  @Roles(...MANAGERS)
  createIntervention(
    @CurrentCaller() caller: Caller,
    @Args('input', { description: 'The listing.' }) input: CreateInterventionInput,
  ): Promise<Intervention> {
    return this.catalogue.createIntervention(caller, input);
  }

  @Mutation(() => Intervention, {
    description: 'Changes a listing; only the fields given change. Counts as confirming it.',
  })
  @Roles(...MANAGERS)
  updateIntervention(
    @CurrentCaller() caller: Caller,
    @Args('id', idArg) id: string,
    @Args('input', { description: 'The changes.' }) input: UpdateInterventionInput,
  ): Promise<Intervention> {
    return this.catalogue.updateIntervention(caller, id, input);
  }

  @Mutation(() => Intervention, {
    description:
      'Adds a price version from a day (tomorrow at the earliest while a price is in force); the version in force and past ones are never overwritten, a planned one may be corrected.',
  })
  @Roles(...MANAGERS)
  setInterventionPrice(
    @CurrentCaller() caller: Caller,
    @Args('id', idArg) id: string,
    @Args('input', { description: 'The new price.' }) input: PriceInput,
  ): Promise<Intervention> {
    return this.catalogue.setPrice(caller, id, input);
  }

  @Mutation(() => Intervention, {
    description: 'Sets how many places the listing can hold and when the next one starts.',
  })
  @Roles(...MANAGERS)
  setCapacity(
    @CurrentCaller() caller: Caller,
    @Args() { id, capacity, nextStartDate }: SetCapacityArgs,
  ): Promise<Intervention> {
    return this.catalogue.setCapacity(caller, id, capacity, nextStartDate);
  }

  @Mutation(() => Intervention, {
    description:
      'Puts a DRAFT or SUSPENDED listing on the rate card; refused, naming each gap, without a price, factor, venue or coverage.',
  })
  @Roles(...MANAGERS)
  publishIntervention(
    @CurrentCaller() caller: Caller,
    @Args('id', idArg) id: string,
  ): Promise<Intervention> {
    return this.catalogue.changeStatus(caller, id, 'publish');
  }

  @Mutation(() => Intervention, {
    description: 'Takes a PUBLISHED listing off the rate card for now.',
  })
  @Roles(...MANAGERS)
  suspendIntervention(
    @CurrentCaller() caller: Caller,
    @Args('id', idArg) id: string,
  ): Promise<Intervention> {
    return this.catalogue.changeStatus(caller, id, 'suspend');
  }

  @Mutation(() => Intervention, {
    description: 'Takes a listing off the rate card for good (kept for history).',
  })
  @Roles(...MANAGERS)
  withdrawIntervention(
    @CurrentCaller() caller: Caller,
    @Args('id', idArg) id: string,
  ): Promise<Intervention> {
    return this.catalogue.changeStatus(caller, id, 'withdraw');
  }

  @Mutation(() => Intervention, {
    description: 'The supplier confirms the listing is still current (resets "stale").',
  })
  @Roles(...MANAGERS)
  confirmIntervention(
    @CurrentCaller() caller: Caller,
    @Args('id', idArg) id: string,
  ): Promise<Intervention> {
    return this.catalogue.confirm(caller, id);
  }

  // ---- fields --------------------------------------------------------------------------------

  @ResolveField(() => Organisation, { description: 'The provider delivering it.' })
  async provider(
    @Parent() listing: Intervention,
    @Context('req') req: object,
  ): Promise<Organisation> {
    return (await this.catalogue.organisationLoader(req).load(listing.providerId))!;
  }

  @ResolveField(() => [Venue], { description: 'Where it is delivered.' })
  async venues(@Parent() listing: Intervention, @Context('req') req: object): Promise<Venue[]> {
    const rows = await this.venueLoader(req).load(listing.id);
    const { pccAreaByCode } = await this.reference.data();
    return rows.map((row) => ({ ...row, pccArea: pccAreaByCode.get(row.pccAreaCode)! }));
  }

  @ResolveField(() => [PccArea], {
    description: 'PCC areas it serves, including by outreach or online.',
  })
  async coverage(@Parent() listing: Intervention): Promise<PccArea[]> {
    const { pccAreaByCode } = await this.reference.data();
    return listing.coverageCodes.map((code) => pccAreaByCode.get(code)!).filter(Boolean);
  }

  @ResolveField(() => Price, {
    nullable: true,
    description: 'The price in force today (null when none is).',
  })
  async price(@Parent() listing: Intervention, @Context('req') req: object): Promise<Price | null> {
    const version = priceInForce(await this.priceLoader(req).load(listing.id), this.clock.today());
    return version ? toPriceModel(version) : null;
  }

  @ResolveField(() => [Price], { description: 'Every price version, oldest first.' })
  async priceHistory(
    @Parent() listing: Intervention,
    @Context('req') req: object,
  ): Promise<Price[]> {
    return (await this.priceLoader(req).load(listing.id)).map(toPriceModel);
  }

  @ResolveField(() => Int, {
    description: 'Places free now: capacity less places held by live referrals.',
  })
  placesAvailable(@Parent() listing: Intervention): number {
    return placesAvailable(listing);
  }

  @ResolveField(() => Boolean, {
    description:
      'Not confirmed by the supplier for longer than the stale period (default 90 days).',
  })
  stale(@Parent() listing: Intervention): boolean {
    return this.catalogue.isStale(listing);
  }

  @ResolveField(() => EligibilityCheck, {
    description:
      'Whether this person is eligible for the listing, with each criterion they fail (the same rule a purchase and a search apply).',
  })
  eligibilityFor(
    @Parent() listing: Intervention,
    @Args('person', { type: () => PersonProfileInput, description: 'The person on probation.' })
    person: PersonProfileInput,
  ): EligibilityCheck {
    return eligibilityCheck(listing.eligibility, person);
  }

  private venueLoader(req: object) {
    return this.catalogue.venueLoader(req);
  }

  private priceLoader(req: object) {
    return this.catalogue.priceLoader(req);
  }
}
