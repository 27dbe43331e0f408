import { Args, Query, Resolver } from '@nestjs/graphql';
import { AnyRole, OpenToCoFunders, SignedIn } from '../auth/roles.decorator';
import { FactorCode } from './factor-code';
import { DesiredOutcome, Division, Factor, PccArea } from './reference.models';
import { ReferenceService } from './reference.service';

@Resolver()
// Reference data: a co-funder's commissioner names needs and areas too.
@OpenToCoFunders()
export class ReferenceResolver {
  constructor(private readonly reference: ReferenceService) {}

  @Query(() => [Factor], {
    description: 'The twelve factors an intervention can address, in OASys order.',
  })
  // Reference data for every signed-in user: an applicant with no role yet names factors too.
  @SignedIn()
  factors(): Promise<Factor[]> {
    return this.reference.factors();
  }

  @Query(() => [Division], {
    description: 'The seven NPS divisions with their contract package areas and PCC areas.',
  })
  @AnyRole()
  divisions(): Promise<Division[]> {
    return this.reference.divisions();
  }

  @Query(() => Division, {
    nullable: true,
    description: 'One NPS division by code. An unknown code answers null with a NOT_FOUND error.',
  })
  @AnyRole()
  division(
    @Args('code', { description: 'Division code, e.g. LDN.' }) code: string,
  ): Promise<Division | null> {
    return this.reference.division(code);
  }

  @Query(() => [DesiredOutcome], {
    description:
      'Desired outcomes, by factor order: what a referral can aim at (3-6 per factor). Retired ones are kept for old referrals and listed only when asked.',
  })
  @AnyRole()
  desiredOutcomes(
    @Args('factor', {
      type: () => FactorCode,
      nullable: true,
      description: 'Only this factor’s; left out, every factor’s.',
    })
    factor?: FactorCode,
    @Args('includeRetired', {
      nullable: true,
      defaultValue: false,
      description: 'Also list outcomes no longer offered to new referrals.',
    })
    includeRetired?: boolean,
  ): Promise<DesiredOutcome[]> {
    return this.reference.desiredOutcomes(factor, includeRetired ?? false);
  }

  @Query(() => [PccArea], { description: 'All 42 police force / PCC areas of England and Wales.' })
  @SignedIn()
  pccAreas(): Promise<PccArea[]> {
    return this.reference.pccAreas();
  }
}
