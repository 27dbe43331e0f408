import { SetMetadata } from '@nestjs/common';
import { ALL_ROLES, Role } from './role';

export const ROLES_KEY = 'marketplace:roles';
export const PUBLIC_KEY = 'marketplace:public';
export const SIGNED_IN_KEY = 'marketplace:signed-in';
export const CO_FUNDERS_KEY = 'marketplace:co-funders';

/** Who may call this operation. Every operation must say; one that does not is refused. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Any signed-in user, whatever their role. */
export const AnyRole = () => Roles(...ALL_ROLES);

/**
 * Any valid token, even one with no roles: someone the identity provider knows who does not yet
 * act for an organisation (an applicant to the framework). Use only where the operation scopes
 * everything to the caller's own `sub`.
 */
export const SignedIn = () => SetMetadata(SIGNED_IN_KEY, true);

/** Reachable without a token (health check and the public Open Referral UK feed). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/**
 * A co-funder's commissioner may call this too (its own funding pots, reference data, `me`);
 * every other operation refuses it (FORBIDDEN, reason CO_FUNDER_SCOPE) whatever its roles say.
 * The operation still declares its roles, and scopes its rows to the co-funder's pots.
 */
export const OpenToCoFunders = () => SetMetadata(CO_FUNDERS_KEY, true);
