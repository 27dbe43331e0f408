import { Args, Query, Resolver } from '@nestjs/graphql';
import { AnyRole } from '../auth/roles.decorator';
import { Division, Factor, PccArea } from './reference.models';
import { ReferenceService } from './reference.service';

@Resolver()
export class ReferenceResolver {
  constructor(private readonly reference: ReferenceService) {}

  @Query(() => [Factor], {
    description: 'The twelve factors an intervention can address, in OASys order.',
  })
  @AnyRole()
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

  @Query(() => Division, { description: 'One NPS division by code.' })
  @AnyRole()
  division(
    @Args('code', { description: 'Division code, e.g. LDN.' }) code: string,
  ): Promise<Division> {
    return this.reference.division(code);
  }

  @Query(() => [PccArea], { description: 'All 42 police force / PCC areas of England and Wales.' })
  @AnyRole()
  pccAreas(): Promise<PccArea[]> {
    return this.reference.pccAreas();
  }
}
