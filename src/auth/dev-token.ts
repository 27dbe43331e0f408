import { SignJWT } from 'jose';
import { AppConfig } from '../config/app-config';
import { Role } from './role';

/** Who a development token speaks for: the claims `npm run token` and the sign-in page set. */
export interface DevelopmentIdentity {
  sub: string;
  name: string;
  roles: Role[];
  organisationId?: string;
  divisionCode?: string;
  /** Where the service emails them (development: shown at /dev/mailbox). */
  email?: string;
}

/**
 * A token signed with the configured secret (the development secret unless JWT_SECRET is set),
 * with the issuer and audience the verifier expects. Refused when only a key set is configured:
 * tokens then come from the identity provider.
 */
export async function signDevelopmentToken(
  config: AppConfig,
  identity: DevelopmentIdentity,
  expiresIn = '12h',
): Promise<string> {
  if (!config.jwt.secret) {
    throw new Error('Only JWT_JWKS_URL is configured: tokens come from the identity provider');
  }
  return new SignJWT({
    name: identity.name,
    roles: identity.roles,
    ...(identity.organisationId ? { organisationId: identity.organisationId } : {}),
    ...(identity.divisionCode ? { divisionCode: identity.divisionCode } : {}),
    ...(identity.email ? { email: identity.email } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(identity.sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .setIssuer(config.jwt.issuer ?? 'intervention-marketplace-dev')
    .setAudience(config.jwt.audience ?? 'intervention-marketplace')
    .sign(new TextEncoder().encode(config.jwt.secret));
}
