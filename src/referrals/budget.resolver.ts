import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/current-caller.decorator';
import { Role } from '../auth/role';
import { Roles } from '../auth/roles.decorator';
import { BudgetService } from './budget.service';
import { BudgetArgs, SetBudgetArgs } from './referrals.inputs';
import { DivisionBudget } from './referrals.models';

@Resolver(() => DivisionBudget)
export class BudgetResolver {
  constructor(private readonly budgets: BudgetService) {}

  @Query(() => DivisionBudget, {
    description:
      "A division's budget for a financial year: allocated, committed, spent, remaining. Zeros when none is set.",
  })
  @Roles(Role.PURCHASER, Role.COMMISSIONER, Role.ADMIN)
  divisionBudget(
    @CurrentCaller() caller: Caller,
    @Args() { divisionCode, financialYear }: BudgetArgs,
  ): Promise<DivisionBudget> {
    return this.budgets.budget(caller, divisionCode, financialYear);
  }

  @Mutation(() => DivisionBudget, {
    description:
      "Sets a division's allocation for a financial year; it cannot go below what is already committed and spent.",
  })
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  setDivisionBudget(
    @CurrentCaller() caller: Caller,
    @Args() { divisionCode, financialYear, amountPence }: SetBudgetArgs,
  ): Promise<DivisionBudget> {
    return this.budgets.setBudget(caller, divisionCode, financialYear, amountPence);
  }
}
