import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError, UnauthenticatedError } from '../common/errors';
import { Caller, isCoFunderCommissioner } from './caller';
import { CallerHooks } from './caller-hooks';
import { AuthenticatedRequest, requestOf } from './request-context';
import { Role } from './role';
import { CO_FUNDERS_KEY, PUBLIC_KEY, ROLES_KEY, SIGNED_IN_KEY } from './roles.decorator';
import { TokenVerifier } from './token-verifier';

/**
 * Default-deny: every operation needs a valid bearer token and must declare its roles with
 * `@Roles(...)` (or `@SignedIn()`: any valid token, even without roles); only `@Public()` opts out.
 * A co-funder's commissioner is refused everything not marked `@OpenToCoFunders()`.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly hooks: CallerHooks,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = requestOf(context);
    const caller = await authenticationOf(request, this.verifier);
    request.caller = caller;
    // A co-funder's commissioner sees its own funding pots and nothing else (default-deny).
    if (
      isCoFunderCommissioner(caller) &&
      !this.reflector.getAllAndOverride<boolean>(CO_FUNDERS_KEY, targets)
    ) {
      throw new ForbiddenError(
        "A co-funder's commissioner may only read its own funding pots",
        'CO_FUNDER_SCOPE',
      );
    }
    if (!this.reflector.getAllAndOverride<boolean>(SIGNED_IN_KEY, targets)) {
      this.assertHasRole(context, caller);
    }
    await this.hooks.run(caller);
    return true;
  }

  /** The operation declares its roles (`@Roles(...)`) and the caller has one of them. */
  private assertHasRole(context: ExecutionContext, caller: Caller): void {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!roles || roles.length === 0) {
      this.logger.error(
        `${context.getClass().name}.${context.getHandler().name} declares no roles`,
      );
      throw new ForbiddenError('This operation is not open to any role', 'ROLE_NOT_ALLOWED');
    }
    if (!caller.roles.some((role) => roles.includes(role))) {
      throw new ForbiddenError(
        `This operation needs one of the roles ${roles.join(', ')}`,
        'ROLE_NOT_ALLOWED',
      );
    }
  }
}

/**
 * The request's caller from its bearer token, verified once per request (one request may run
 * several operations, and the rate limiter needs the caller too).
 */
export function authenticationOf(
  request: AuthenticatedRequest,
  verifier: TokenVerifier,
): Promise<Caller> {
  if (!request.authentication) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    request.authentication = match
      ? verifier.verify(match[1])
      : Promise.reject(
          new UnauthenticatedError(
            'Sign in: send an Authorization: Bearer <token> header',
            'NOT_SIGNED_IN',
          ),
        );
    // Awaited by the guards that need it; never an unhandled rejection in between.
    request.authentication.catch(() => undefined);
  }
  return request.authentication;
}
