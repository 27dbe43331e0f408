import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/current-caller.decorator';
import { Role } from '../auth/role';
import { AnyRole, Roles } from '../auth/roles.decorator';
import { Clock } from '../common/clock';
import { DateScalar, DateTimeScalar } from '../common/scalars';
import { PccArea } from '../reference/reference.models';
import { ReferenceService } from '../reference/reference.service';
import { assertCanManage, assertCanSeeRationale } from './catalogue.policy';
import {
  CreateInterventionInput,
  MyInterventionsArgs,
  PersonProfileInput,
  PriceInput,
  SetCapacityArgs,
  UpdateInterventionInput,
} from './catalogue.inputs';
import {
  EligibilityCheck,
  Intervention,
  InterventionConnection,
  Organisation,
  Price,
  RateCard,
  Venue,
} from './catalogue.models';
import { eligibilityCheck } from './eligibility';
import { CatalogueReadModel, priceOnDayKey, toPriceModel } from './catalogue-read-model';
import { ListingsService } from './listings.service';
import { placesAvailable } from './places.service';

const MANAGERS = [Role.SUPPLIER, Role.ADMIN];

/** The GraphQL context a field resolver called directly receives (graphql.module.ts builds it). */
interface FieldContext {
  req: object;
}
const idArg = { type: () => ID, description: 'The intervention.' };

@Resolver(() => Intervention)
export class InterventionResolver {
  constructor(
    private readonly catalogue: CatalogueReadModel,
    private readonly listings: ListingsService,
    private readonly reference: ReferenceService,
    private readonly clock: Clock,
  ) {}

  // ---- queries -------------------------------------------------------------------------------

  @Query(() => Intervention, {
    nullable: true,
    description:
      'One listing. Drafts are visible only to their own supplier and ADMIN. An unknown id answers null with a NOT_FOUND error.',
  })
  @AnyRole()
  intervention(
    @CurrentCaller() caller: Caller,
    @Args('id', idArg) id: string,
  ): Promise<Intervention | null> {
    return this.catalogue.intervention(caller, id);
  }

  @Query(() => InterventionConnection, {
    description: "The signed-in supplier's own listings, by title.",
  })
  @Roles(Role.SUPPLIER)
  myInterventions(
    @CurrentCaller() caller: Caller,
    @Args() args: MyInterventionsArgs,
  ): Promise<InterventionConnection> {
    return this.catalogue.myInterventions(caller, args);
  }

  @Query(() => RateCard, {
    nullable: true,
    description:
      "A provider's listings on sale on a day with the price in force that day: the rate card as a buyer saw it. A past day lists what was PUBLISHED at the end of that day (Europe/London), including listings withdrawn or suspended since. An unknown provider answers null with a NOT_FOUND error.",
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
  ): Promise<RateCard | null> {
    return this.catalogue.rateCard(providerId, asOf);
  }

  // ---- mutations -----------------------------------------------------------------------------

  @Mutation(() => Intervention, { description: 'Creates a listing as a DRAFT.' })
  @Roles(...MANAGERS)
  createIntervention(
    @CurrentCaller() caller: Caller,
    @Args('input', { description: 'The listing.' }) input: CreateInterventionInput,
  ): Promise<Intervention> {
    return this.listings.createIntervention(caller, input);
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
    return this.listings.updateIntervention(caller, id, input);
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
    return this.listings.setPrice(caller, id, input);
  }

  @Mutation(() => Intervention, {
    description: 'Sets how many places the listing can hold and when the next one starts.',
  })
  @Roles(...MANAGERS)
  setCapacity(
    @CurrentCaller() caller: Caller,
    @Args() { id, capacity, nextStartDate }: SetCapacityArgs,
  ): Promise<Intervention> {
    return this.listings.setCapacity(caller, id, capacity, nextStartDate);
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
    return this.listings.changeStatus(caller, id, 'publish');
  }

  @Mutation(() => Intervention, {
    description: 'Takes a PUBLISHED listing off the rate card for now.',
  })
  @Roles(...MANAGERS)
  suspendIntervention(
    @CurrentCaller() caller: Caller,
    @Args('id', idArg) id: string,
  ): Promise<Intervention> {
    return this.listings.changeStatus(caller, id, 'suspend');
  }

  @Mutation(() => Intervention, {
    description: 'Takes a listing off the rate card for good (kept for history).',
  })
  @Roles(...MANAGERS)
  withdrawIntervention(
    @CurrentCaller() caller: Caller,
    @Args('id', idArg) id: string,
  ): Promise<Intervention> {
    return this.listings.changeStatus(caller, id, 'withdraw');
  }

  @Mutation(() => Intervention, {
    description: 'The supplier confirms the listing is still current (resets "stale").',
  })
  @Roles(...MANAGERS)
  confirmIntervention(
    @CurrentCaller() caller: Caller,
    @Args('id', idArg) id: string,
  ): Promise<Intervention> {
    return this.listings.confirm(caller, id);
  }

  // ---- fields --------------------------------------------------------------------------------
  // A search page resolves these for each of its rows. Those that need only the listing and the
  // request take GraphQL's own arguments (parent, arguments, context) without Nest's parameter
  // decorators, so @nestjs/graphql calls them directly instead of through its per-call context
  // (parameter factories and the global pipe): 40 calls per page of 20 for provider and price
  // alone. Fields that need the caller or validated arguments keep the decorators.

  @ResolveField(() => Organisation, {
    description: 'The provider selling it (the prime when a subcontractor delivers it).',
  })
  async provider(listing: Intervention, _: unknown, { req }: FieldContext): Promise<Organisation> {
    return (
      listing.providerAsRead ??
      (await this.catalogue.organisationLoader(req).load(listing.providerId))!
    );
  }

  @ResolveField(() => Organisation, {
    nullable: true,
    description:
      'The subcontractor delivering it for the provider under a subcontract (the provider stays the seller); null when the provider delivers it itself.',
  })
  async deliveredBy(
    listing: Intervention,
    _: unknown,
    { req }: FieldContext,
  ): Promise<Organisation | null> {
    if (!listing.deliveredById) return null;
    return (await this.catalogue.organisationLoader(req).load(listing.deliveredById)) ?? null;
  }

  @ResolveField(() => [Venue], { description: 'Where it is delivered.' })
  async venues(listing: Intervention, _: unknown, { req }: FieldContext): Promise<Venue[]> {
    const rows = await this.venueLoader(req).load(listing.id);
    const { pccAreaByCode } = await this.reference.data();
    return rows.map((row) => ({ ...row, pccArea: pccAreaByCode.get(row.pccAreaCode)! }));
  }

  @ResolveField(() => [PccArea], {
    description: 'PCC areas it serves, including by outreach or online.',
  })
  async coverage(listing: Intervention): Promise<PccArea[]> {
    const { pccAreaByCode } = await this.reference.data();
    return listing.coverageCodes.map((code) => pccAreaByCode.get(code)!).filter(Boolean);
  }

  @ResolveField(() => Price, {
    nullable: true,
    description: 'The price in force today (null when none is).',
  })
  async price(listing: Intervention, _: unknown, { req }: FieldContext): Promise<Price | null> {
    const version = await this.catalogue
      .priceInForceLoader(req)
      .load(priceOnDayKey(listing.id, this.clock.today()));
    return version ? toPriceModel(version) : null;
  }

  @ResolveField(() => [Price], { description: 'Every price version, oldest first.' })
  async priceHistory(listing: Intervention, _: unknown, { req }: FieldContext): Promise<Price[]> {
    return (await this.priceLoader(req).load(listing.id)).map(toPriceModel);
  }

  @ResolveField(() => Int, {
    description: 'Places free now: capacity less places held by live referrals.',
  })
  placesAvailable(listing: Intervention): number {
    return placesAvailable(listing);
  }

  @ResolveField(() => Boolean, {
    description:
      'Not confirmed by the supplier for longer than the stale period (default 90 days).',
  })
  stale(listing: Intervention): boolean {
    return this.catalogue.isStale(listing);
  }

  @ResolveField(() => DateTimeScalar, {
    description:
      'When the listing goes stale unless its supplier confirms it (or changes it) before then: the last confirmation plus the stale period.',
  })
  staleFrom(listing: Intervention): Date {
    return this.catalogue.staleFrom(listing);
  }

  @ResolveField(() => Boolean, {
    description:
      "Whether the caller may change this listing: its own provider's suppliers, or an admin (the rule every listing mutation applies).",
  })
  canManage(@Parent() listing: Intervention, @CurrentCaller() caller: Caller): boolean {
    try {
      assertCanManage(caller, listing.providerId);
      return true;
    } catch {
      return false;
    }
  }

  @ResolveField(() => String, {
    nullable: true,
    description:
      'Why the listing exists: the need evidence and stakeholder feedback behind it (null when none is recorded; required to publish on a CRC’s rate card). For commissioners, admins and the provider’s own suppliers; others are refused (FORBIDDEN, OUT_OF_SCOPE).',
  })
  rationale(@Parent() listing: Intervention, @CurrentCaller() caller: Caller): string | null {
    assertCanSeeRationale(caller, listing.providerId);
    return listing.rationaleText;
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
