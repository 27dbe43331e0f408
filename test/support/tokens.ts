import { SignJWT } from 'jose';
import { DEV_JWT_SECRET } from '../../src/config/app-config';
import { Role } from '../../src/auth/role';

export interface Claims {
  sub?: string;
  name?: string;
  roles: (Role | string)[];
  organisationId?: string;
  divisionCode?: string;
}

/** A token as the identity provider would issue it, signed with the secret the tests run with. */
export async function signToken(
  claims: Claims,
  {
    secret = DEV_JWT_SECRET,
    expiresIn = '1h',
  }: { secret?: string; expiresIn?: string | number } = {},
): Promise<string> {
  const { sub = `test-${(claims.roles ?? []).join('-').toLowerCase()}`, ...rest } = claims;
  return new SignJWT({ name: 'Test user', ...rest })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

export const tokens = {
  purchaser: (divisionCode = 'LDN', sub = `purchaser-${divisionCode.toLowerCase()}`) =>
    signToken({ sub, roles: [Role.PURCHASER], divisionCode }),
  supplier: (organisationId: string, sub = `supplier-${organisationId.slice(0, 8)}`) =>
    signToken({ sub, roles: [Role.SUPPLIER], organisationId }),
  commissioner: (divisionCode?: string, sub = `commissioner-${divisionCode ?? 'national'}`) =>
    signToken({ sub, roles: [Role.COMMISSIONER], divisionCode }),
  admin: (sub = 'admin') => signToken({ sub, roles: [Role.ADMIN] }),
  /** Signed in, no role and no organisation yet: someone applying to join the framework. */
  applicant: (sub: string) => signToken({ sub, roles: [] }),
};
