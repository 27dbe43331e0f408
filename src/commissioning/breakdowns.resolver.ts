import { Args, Query, Resolver } from '@nestjs/graphql';
import { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/current-caller.decorator';
import { Role } from '../auth/role';
import { Roles } from '../auth/roles.decorator';
import {
  AdaptationProvisionRow,
  MeasureBreakdownRow,
  OwnAreaCrcPurchasesRow,
} from './breakdowns.models';
import { BreakdownsService } from './breakdowns.service';
import {
  AdaptationProvisionArgs,
  MeasureBreakdownArgs,
  OwnAreaCrcPurchasesArgs,
} from './reports.inputs';

@Resolver()
export class BreakdownsResolver {
  constructor(private readonly breakdowns: BreakdownsService) {}

  @Query(() => [MeasureBreakdownRow], {
    description:
      'Purchases, outcomes and availability in the period broken down by the person’s sex or supervision type, one row per group (zeros included), with each rate’s numerator and denominator. Division commissioners see their division only. See docs/measures.md.',
  })
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  measureBreakdown(
    @CurrentCaller() caller: Caller,
    @Args() args: MeasureBreakdownArgs,
  ): Promise<MeasureBreakdownRow[]> {
    return this.breakdowns.measureBreakdown(caller, args);
  }

  @Query(() => [AdaptationProvisionRow], {
    description:
      'Provision of an adaptation by PCC area (by default services focused on Black, Asian and minority ethnic people): published listings with it over all published listings serving the area, its free places, and what was bought of it in the period.',
  })
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  adaptationProvision(
    @CurrentCaller() caller: Caller,
    @Args() args: AdaptationProvisionArgs,
  ): Promise<AdaptationProvisionRow[]> {
    return this.breakdowns.adaptationProvision(caller, args);
  }

  @Query(() => [OwnAreaCrcPurchasesRow], {
    description:
      'NPS purchases from the CRC of their own area, per contract package area: the share of the purchases made in the CPA, and of the division’s, bought from the CPA’s own CRC in the period.',
  })
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  ownAreaCrcPurchases(
    @CurrentCaller() caller: Caller,
    @Args() args: OwnAreaCrcPurchasesArgs,
  ): Promise<OwnAreaCrcPurchasesRow[]> {
    return this.breakdowns.ownAreaCrcPurchases(caller, args);
  }
}
