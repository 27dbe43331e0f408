import { Args, Query, Resolver } from '@nestjs/graphql';
import { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/current-caller.decorator';
import { Role } from '../auth/role';
import { OpenToCoFunders, Roles } from '../auth/roles.decorator';
import { FundingPotsArgs } from '../referrals/funding-pots.inputs';
import { FunderSpendRow } from './funder-spend.models';
import { FunderSpendService } from './funder-spend.service';

@Resolver(() => FunderSpendRow)
export class FunderSpendResolver {
  constructor(private readonly funderSpend: FunderSpendService) {}

  @Query(() => [FunderSpendRow], {
    description:
      "Spend by funder (joint commissioning): for a financial year, one row per co-funder and funding pot, by funder name: what it put in, the pot's committed, spent and remaining money, and the referrals it paid for and their outcomes. A co-funder's commissioner sees only its own rows; a division's commissioner its division's pots. CSV: GET /reports/spendByFunder.csv.",
  })
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  @OpenToCoFunders()
  spendByFunder(
    @CurrentCaller() caller: Caller,
    @Args() args: FundingPotsArgs,
  ): Promise<FunderSpendRow[]> {
    return this.funderSpend.spendByFunder(caller, args);
  }
}
