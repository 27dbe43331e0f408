import { SetMetadata } from '@nestjs/common';
import { ALL_ROLES, Role } from './role';

export const ROLES_KEY = 'marketplace:roles';
export const PUBLIC_KEY = 'marketplace:public';

/** Who may call this operation. Every operation must say; one that does not is refused. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Any signed-in user, whatever their role. */
export const AnyRole = () => Roles(...ALL_ROLES);

/** Reachable without a token (health check only). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
