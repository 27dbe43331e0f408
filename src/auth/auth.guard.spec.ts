import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError, UnauthenticatedError } from '../common/errors';
import { AuthGuard } from './auth.guard';
import { Caller } from './caller';
import { CallerHooks } from './caller-hooks';
import { Role } from './role';
import { AnyRole, Public, Roles, SignedIn } from './roles.decorator';
import { TokenVerifier } from './token-verifier';

class Operations {
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  commissionersOnly() {}

  @AnyRole()
  anyone() {}

  @Public()
  open() {}

  @SignedIn()
  signedIn() {}

  undeclared() {}
}

const caller: Caller = { id: 'u1', name: 'U', roles: [Role.PURCHASER], divisionCode: 'LDN' };
const applicant: Caller = { id: 'u2', name: 'A', roles: [] };
const verifier = {
  verify: jest.fn(async (token: string) =>
    token === 'good'
      ? caller
      : token === 'roleless'
        ? applicant
        : Promise.reject(new UnauthenticatedError('bad', 'INVALID_TOKEN')),
  ),
};
const hooks = new CallerHooks();
const letIn: Caller[] = [];
hooks.add(async (who) => {
  letIn.push(who);
});
const guard = new AuthGuard(new Reflector(), verifier as unknown as TokenVerifier, hooks);

function contextFor(method: keyof Operations, authorization?: string) {
  const request: Record<string, unknown> = { headers: { authorization } };
  const context = {
    getType: () => 'http',
    getHandler: () => Operations.prototype[method],
    getClass: () => Operations,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  return { context, request };
}

describe('AuthGuard', () => {
  beforeEach(() => {
    letIn.length = 0;
  });

  it('runs the caller hooks for a caller it lets in, and only then', async () => {
    await guard.canActivate(contextFor('anyone', 'Bearer good').context);
    await guard.canActivate(contextFor('signedIn', 'Bearer roleless').context);
    await guard.canActivate(contextFor('open').context);
    await expect(
      guard.canActivate(contextFor('commissionersOnly', 'Bearer good').context),
    ).rejects.toThrow(ForbiddenError);
    expect(letIn).toEqual([caller, applicant]);
  });

  it('lets a caller with a declared role through and records who they are', async () => {
    const { context, request } = contextFor('anyone', 'Bearer good');
    await expect(guard.canActivate(context)).resolves.toBe(true);
    expect(request.caller).toBe(caller);
  });

  it('refuses a caller whose roles are not among those declared', async () => {
    await expect(
      guard.canActivate(contextFor('commissionersOnly', 'Bearer good').context),
    ).rejects.toThrow(ForbiddenError);
  });

  it('refuses an operation that declares no roles, even to a valid caller', async () => {
    await expect(
      guard.canActivate(contextFor('undeclared', 'Bearer good').context),
    ).rejects.toThrow(ForbiddenError);
  });

  it('refuses without a token before looking at roles', async () => {
    await expect(guard.canActivate(contextFor('undeclared').context)).rejects.toThrow(
      UnauthenticatedError,
    );
    await expect(guard.canActivate(contextFor('anyone', 'Bearer bad').context)).rejects.toThrow(
      UnauthenticatedError,
    );
  });

  it('opens @Public() operations without a token', async () => {
    await expect(guard.canActivate(contextFor('open').context)).resolves.toBe(true);
  });

  it('lets any valid token through @SignedIn(), even one without roles', async () => {
    const { context, request } = contextFor('signedIn', 'Bearer roleless');
    await expect(guard.canActivate(context)).resolves.toBe(true);
    expect(request.caller).toBe(applicant);
    await expect(guard.canActivate(contextFor('signedIn').context)).rejects.toThrow(
      UnauthenticatedError,
    );
  });

  it('refuses a token without roles wherever roles are declared', async () => {
    await expect(
      guard.canActivate(contextFor('anyone', 'Bearer roleless').context),
    ).rejects.toThrow(ForbiddenError);
  });
});
