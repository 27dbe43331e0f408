import { Args, Context, Info, Query, Resolver } from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/current-caller.decorator';
import { AnyRole } from '../auth/roles.decorator';
import { SearchArgs } from './search.inputs';
import { InterventionSearchConnection } from './search.models';
import { SearchService, searchSelection } from './search.service';

@Resolver()
export class SearchResolver {
  constructor(private readonly searchService: SearchService) {}

  @Query(() => InterventionSearchConnection, {
    description:
      'Published interventions that fit a need, a place and a person, with totals and facets. Every search is recorded as demand for the gap report.',
  })
  @AnyRole()
  searchInterventions(
    @CurrentCaller() caller: Caller,
    @Args() args: SearchArgs,
    @Context('req') req: object,
    @Info() info: GraphQLResolveInfo,
  ): Promise<InterventionSearchConnection> {
    return this.searchService.search(caller, args, req, searchSelection(info));
  }
}
