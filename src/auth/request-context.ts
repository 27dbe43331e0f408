import { ExecutionContext } from '@nestjs/common';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import type { Request } from 'express';
import { Caller } from './caller';

export type AuthenticatedRequest = Request & {
  /** The token's verification, shared by every operation of the request. */
  authentication?: Promise<Caller>;
  /** Set by the AuthGuard once the token is verified. */
  caller?: Caller;
};

/** The HTTP request behind a GraphQL operation or a REST route. */
export function requestOf(context: ExecutionContext): AuthenticatedRequest {
  if (context.getType<GqlContextType>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req: AuthenticatedRequest }>().req;
  }
  return context.switchToHttp().getRequest<AuthenticatedRequest>();
}
