import { Role } from './role';

/** The signed-in user making a request, as their verified token describes them. */
export interface Caller {
  /** The token's `sub`: a stable identifier from the identity provider. */
  id: string;
  name: string;
  roles: Role[];
  /** The supplier organisation a SUPPLIER acts for. */
  organisationId?: string;
  /** The NPS division a PURCHASER buys for, or a COMMISSIONER is limited to. */
  divisionCode?: string;
  /** The token's `email` claim, when it has one: where the service emails them. */
  email?: string;
}

export function hasRole(caller: Caller, ...roles: Role[]): boolean {
  return caller.roles.some((role) => roles.includes(role));
}

/**
 * A co-funder's commissioner (joint commissioning): a COMMISSIONER token, not an admin's, that
 * carries an `organisationId` (a Police and Crime Commissioner, local authority or health body).
 * Sees its own funding pots' spend and outcomes and nothing else: the AuthGuard refuses it every
 * operation not marked `@OpenToCoFunders()`.
 */
export function isCoFunderCommissioner(caller: Caller): boolean {
  return (
    hasRole(caller, Role.COMMISSIONER) && !hasRole(caller, Role.ADMIN) && !!caller.organisationId
  );
}
