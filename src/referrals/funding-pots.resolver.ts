import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/current-caller.decorator';
import { Role } from '../auth/role';
import { OpenToCoFunders, Roles } from '../auth/roles.decorator';
import {
  CreateFundingPotInput,
  FundingPotsArgs,
  UpdateFundingPotInput,
} from './funding-pots.inputs';
import { FundingPot } from './funding-pots.models';
import { FundingPotsService } from './funding-pots.service';

@Resolver(() => FundingPot)
export class FundingPotsResolver {
  constructor(private readonly pots: FundingPotsService) {}

  @Query(() => [FundingPot], {
    description:
      "A financial year's funding pots, by division then age: all of them for admins and national commissioners, a division's for its commissioners, and for a co-funder's commissioner the pots its organisation funds.",
  })
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  @OpenToCoFunders()
  fundingPots(
    @CurrentCaller() caller: Caller,
    @Args() args: FundingPotsArgs,
  ): Promise<FundingPot[]> {
    return this.pots.pots(caller, args);
  }

  @Query(() => FundingPot, {
    nullable: true,
    description:
      'One funding pot, when the caller may see it (see fundingPots). An unknown id, or a pot you may not see, answers null with a NOT_FOUND error.',
  })
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  @OpenToCoFunders()
  fundingPot(
    @CurrentCaller() caller: Caller,
    @Args('id', { type: () => ID, description: 'The pot.' }) id: string,
  ): Promise<FundingPot | null> {
    return this.pots.pot(caller, id);
  }

  @Mutation(() => FundingPot, {
    description:
      "Creates a funding pot for a division's financial year with its co-funders (organisations of kind PCC, LOCAL_AUTHORITY or HEALTH) and what it may pay for. Commissioners (a division's for their own) and admins; audited.",
  })
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  createFundingPot(
    @CurrentCaller() caller: Caller,
    @Args('input', { description: 'The pot: division, year, name, needs, areas, co-funders.' })
    input: CreateFundingPotInput,
  ): Promise<FundingPot> {
    return this.pots.create(caller, input);
  }

  @Mutation(() => FundingPot, {
    description:
      'Changes a funding pot: name, needs, areas, co-funders and their amounts (never below what is committed and spent). Audited.',
  })
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  updateFundingPot(
    @CurrentCaller() caller: Caller,
    @Args('input', { description: 'The pot and what changes.' }) input: UpdateFundingPotInput,
  ): Promise<FundingPot> {
    return this.pots.update(caller, input);
  }
}
