import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/current-caller.decorator';
import { SignedIn } from '../auth/roles.decorator';
import { Node } from '../common/node';
import { NodeService } from './node.service';

@Resolver()
export class NodeResolver {
  constructor(private readonly nodes: NodeService) {}

  @Query(() => Node, {
    nullable: true,
    description:
      "Anything with an id, fetched again by it (Relay Global Object Identification), with the same visibility rules as the type's own lookup. An id that names nothing you may see answers null with a NOT_FOUND error. Any signed-in user; with no role yet, only your own framework applications.",
  })
  @SignedIn()
  node(
    @CurrentCaller() caller: Caller,
    @Args('id', { type: () => ID, description: 'The id, as any `id` field answered it.' })
    id: string,
  ): Promise<object | null> {
    return this.nodes.node(caller, id);
  }
}
