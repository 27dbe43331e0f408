import { Query, Resolver } from '@nestjs/graphql';
import { Caller } from './caller';
import { CurrentCaller } from './current-caller.decorator';
import { MeModel } from './me.model';
import { AnyRole } from './roles.decorator';

@Resolver(() => MeModel)
export class AuthResolver {
  @Query(() => MeModel, { description: 'Who the token says you are.' })
  @AnyRole()
  me(@CurrentCaller() caller: Caller): MeModel {
    return caller;
  }
}
