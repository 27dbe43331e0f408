import { Query, Resolver } from '@nestjs/graphql';
import { Caller } from './caller';
import { CurrentCaller } from './current-caller.decorator';
import { MeModel } from './me.model';
import { OpenToCoFunders, SignedIn } from './roles.decorator';

@Resolver(() => MeModel)
export class AuthResolver {
  @Query(() => MeModel, { description: 'Who the token says you are.' })
  // Someone with no role yet (applying to join) may ask too.
  @SignedIn()
  @OpenToCoFunders()
  me(@CurrentCaller() caller: Caller): MeModel {
    return caller;
  }
}
