import { Type } from '@nestjs/common';
import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/current-caller.decorator';
import { Role } from '../auth/role';
import { Roles } from '../auth/roles.decorator';
import { Intervention, Organisation } from '../catalogue/catalogue.models';
import { CatalogueReadModel } from '../catalogue/catalogue-read-model';
import {
  PeriodArgs,
  ProvisionGapFilter,
  RateCardUsageArgs,
  SpendArgs,
  StaleListingsArgs,
} from './reports.inputs';
import {
  AreaWithoutPurchases,
  ListingReportRow,
  ProvisionGapRow,
  RateCardUsageConnection,
  RateCardUsageRow,
  SpendRow,
  StaleListing,
  StaleListingConnection,
} from './reports.models';
import { RateCardReviewRow, ServiceAtRisk } from './review.models';
import { ReportsService } from './reports.service';

@Resolver()
export class ReportsResolver {
  constructor(private readonly reports: ReportsService) {}

  @Query(() => [ProvisionGapRow], {
    description:
      'Gaps in provision: one row per PCC area x factor in scope (demand or not), with supply now, purchasers’ searches and how often they found an available, eligible listing, referrals and outcomes in the period, and a verdict. Division commissioners see their division only. CSV: GET /reports/provisionGaps.csv.',
  })
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  provisionGaps(
    @CurrentCaller() caller: Caller,
    @Args('filter', {
      type: () => ProvisionGapFilter,
      nullable: true,
      description:
        'Where, what and when. Default: everywhere in scope, every factor, this financial year.',
    })
    filter?: ProvisionGapFilter,
  ): Promise<ProvisionGapRow[]> {
    return this.reports.provisionGaps(caller, filter);
  }

  @Query(() => RateCardUsageConnection, {
    description:
      'Every listing on offer (all but drafts), used or not, with how often it was bought in the period: “how many times they are actually used”. Suppliers see their own listings only. CSV: GET /reports/rateCardUsage.csv.',
  })
  @Roles(Role.COMMISSIONER, Role.ADMIN, Role.SUPPLIER)
  rateCardUsage(
    @CurrentCaller() caller: Caller,
    @Args() args: RateCardUsageArgs,
  ): Promise<RateCardUsageConnection> {
    return this.reports.rateCardUsage(caller, args);
  }

  @Query(() => [SpendRow], {
    description:
      'Spend in the period (committed by live referrals plus spent on finished ones) by provider, kind of provider, division, PCC area or factor, with each group’s share; in one division and/or one PCC area (the referral’s area) when asked. CSV: GET /reports/spend.csv.',
  })
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  spend(@CurrentCaller() caller: Caller, @Args() args: SpendArgs): Promise<SpendRow[]> {
    return this.reports.spend(caller, args);
  }

  @Query(() => [AreaWithoutPurchases], {
    description:
      'Divisions and PCC areas in scope whose purchasers bought nothing in the period (declined and cancelled referrals are not purchases), with the searches made there. CSV: GET /reports/divisionsWithoutPurchases.csv.',
  })
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  divisionsWithoutPurchases(
    @CurrentCaller() caller: Caller,
    @Args() args: PeriodArgs,
  ): Promise<AreaWithoutPurchases[]> {
    return this.reports.divisionsWithoutPurchases(caller, args);
  }

  @Query(() => StaleListingConnection, {
    description:
      'PUBLISHED listings their provider has not confirmed for more than olderThanDays, longest first. CSV: GET /reports/staleListings.csv.',
  })
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  staleListings(
    @CurrentCaller() caller: Caller,
    @Args() args: StaleListingsArgs,
  ): Promise<StaleListingConnection> {
    return this.reports.staleListings(caller, args);
  }
}

/** The listing and provider behind a report row, batched per request. */
function listingRowFields<T extends ListingReportRow>(type: Type<T>) {
  @Resolver(() => type, { isAbstract: true })
  abstract class ListingRowFields {
    constructor(readonly catalogue: CatalogueReadModel) {}

    @ResolveField(() => Intervention, { description: 'The listing.' })
    async intervention(@Parent() row: T, @Context('req') req: object): Promise<Intervention> {
      return (await this.catalogue.interventionLoader(req).load(row.interventionId))!;
    }

    @ResolveField(() => Organisation, { description: 'The provider.' })
    async provider(@Parent() row: T, @Context('req') req: object): Promise<Organisation> {
      return (await this.catalogue.organisationLoader(req).load(row.providerId))!;
    }
  }
  return ListingRowFields;
}

@Resolver(() => RateCardUsageRow)
export class RateCardUsageRowResolver extends listingRowFields(RateCardUsageRow) {}

@Resolver(() => StaleListing)
export class StaleListingResolver extends listingRowFields(StaleListing) {}

@Resolver(() => RateCardReviewRow)
export class RateCardReviewRowResolver extends listingRowFields(RateCardReviewRow) {}

@Resolver(() => ServiceAtRisk)
export class ServiceAtRiskResolver extends listingRowFields(ServiceAtRisk) {}
