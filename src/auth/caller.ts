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
}

export function hasRole(caller: Caller, ...roles: Role[]): boolean {
  return caller.roles.some((role) => roles.includes(role));
}
