import { SignJWT } from 'jose';
import { Role } from '../../src/auth/role';
import { TEST_JWT_SECRET } from './test-secret';

export { TEST_JWT_SECRET };

export interface Claims {
  sub?: string;
  name?: string;
  roles: (Role | string)[];
  organisationId?: string;
  divisionCode?: string;
  /** Where the service emails them (the identity provider's `email` claim). */
  email?: string;
}

/**
 * A token as the identity provider would issue it, signed with the secret the tests run with;
 * `expiresIn: null` leaves `exp` out, `issuedAt` sets `iat` (seconds since the epoch).
 */
export async function signToken(
  claims: Claims,
  {
    secret = TEST_JWT_SECRET,
    expiresIn = '1h',
    issuedAt,
  }: { secret?: string; expiresIn?: string | number | null; issuedAt?: number } = {},
): Promise<string> {
  const { sub = `test-${(claims.roles ?? []).join('-').toLowerCase()}`, ...rest } = claims;
  const jwt = new SignJWT({ name: 'Test user', ...rest })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt(issuedAt);
  if (expiresIn !== null) jwt.setExpirationTime(expiresIn);
  return jwt.sign(new TextEncoder().encode(secret));
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
