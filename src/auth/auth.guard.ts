import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError, UnauthenticatedError } from '../common/errors';
import { Caller } from './caller';
import { requestOf } from './request-context';
import { Role } from './role';
import { PUBLIC_KEY, ROLES_KEY, SIGNED_IN_KEY } from './roles.decorator';
import { TokenVerifier } from './token-verifier';

/**
 * Default-deny: every operation needs a valid bearer token and must declare its roles with
 * `@Roles(...)` (or `@SignedIn()`: any valid token, even without roles); only `@Public()` opts out.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = requestOf(context);
    // One request may run several operations: verify its token once.
    request.authentication ??= this.authenticate(request.headers.authorization);
    const caller = await request.authentication;
    request.caller = caller;
    if (this.reflector.getAllAndOverride<boolean>(SIGNED_IN_KEY, targets)) return true;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles || roles.length === 0) {
      this.logger.error(
        `${context.getClass().name}.${context.getHandler().name} declares no roles`,
      );
      throw new ForbiddenError('This operation is not open to any role');
    }
    if (!caller.roles.some((role) => roles.includes(role))) {
      throw new ForbiddenError(`This operation needs one of the roles ${roles.join(', ')}`);
    }
    return true;
  }

  private authenticate(header: string | undefined): Promise<Caller> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (!match) {
      return Promise.reject(
        new UnauthenticatedError('Sign in: send an Authorization: Bearer <token> header'),
      );
    }
    return this.verifier.verify(match[1]);
  }
}
