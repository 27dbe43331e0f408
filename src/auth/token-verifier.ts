import { Injectable } from '@nestjs/common';
import {
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  JWTPayload,
  jwtVerify,
  JWTVerifyGetKey,
} from 'jose';
import { AppConfig } from '../config/app-config';
import { UnauthenticatedError } from '../common/errors';
import { Caller } from './caller';
import { ALL_ROLES, Role } from './role';
import { VerifiedTokens } from './verified-tokens';

/**
 * Clocks drift: `exp`, `nbf` and `iat` may be this many seconds out before a token is refused.
 */
export const CLOCK_TOLERANCE_SECONDS = 30;

/** What an OpenID Connect identity provider may sign its ID tokens with. */
const OIDC_ALGORITHMS = ['RS256', 'PS256', 'ES256'];

/**
 * Turns a bearer token into a {@link Caller}: HS256 with the shared secret, RS256 with the JWKS.
 * Every token must say when it expires (`exp`); one issued (`iat`) or valid from (`nbf`) in the
 * future is refused. With a key set the issuer and audience are always checked (the
 * configuration requires both). A token verified once is taken on trust until its `exp` (at
 * most 10 minutes: {@link VerifiedTokens}), since clients send the same one with every request.
 */
@Injectable()
export class TokenVerifier {
  private readonly secret?: Uint8Array;
  private readonly jwks?: JWTVerifyGetKey;
  /** The pages' identity provider's key set, from its discovery document (fetched once). */
  private oidcKeys?: Promise<JWTVerifyGetKey>;
  private readonly verified = new VerifiedTokens();

  constructor(private readonly config: AppConfig) {
    const { secret, jwksUrl, issuer, audience } = config.jwt;
    // An identity provider signs tokens for other services too: only ours may be accepted.
    if (jwksUrl && (!issuer || !audience)) {
      throw new Error('A key set (JWT_JWKS_URL) needs JWT_ISSUER and JWT_AUDIENCE');
    }
    if (secret) this.secret = new TextEncoder().encode(secret);
    if (jwksUrl) this.jwks = createRemoteJWKSet(new URL(jwksUrl));
  }

  async verify(token: string): Promise<Caller> {
    const known = this.verified.get(token, Date.now());
    if (known) return known;
    const { caller, exp } = await this.verifyAnew(token);
    // Shared by every request that sends this token: nobody may change it.
    Object.freeze(caller.roles);
    this.verified.set(token, Object.freeze(caller), exp, Date.now());
    return caller;
  }

  private async verifyAnew(token: string): Promise<{ caller: Caller; exp: number }> {
    let payload: JWTPayload;
    try {
      const { alg } = decodeProtectedHeader(token);
      const oidc = this.config.oidc;
      if (oidc && OIDC_ALGORITHMS.includes(String(alg)) && decodeJwt(token).iss === oidc.issuer) {
        // An ID token from the pages' identity provider (OpenID Connect sign-in): its own keys,
        // issued by it for this client, with the same claims as any other token.
        ({ payload } = await jwtVerify(token, await this.oidcKeySet(), {
          issuer: oidc.issuer,
          audience: oidc.clientId,
          requiredClaims: ['exp'],
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          algorithms: OIDC_ALGORITHMS,
        }));
        return { caller: callerFromClaims(payload), exp: payload.exp! };
      }
      const options = {
        issuer: this.config.jwt.issuer,
        audience: this.config.jwt.audience,
        requiredClaims: ['exp'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      };
      if (alg === 'HS256' && this.secret) {
        ({ payload } = await jwtVerify(token, this.secret, { ...options, algorithms: ['HS256'] }));
      } else if (alg === 'RS256' && this.jwks) {
        ({ payload } = await jwtVerify(token, this.jwks, { ...options, algorithms: ['RS256'] }));
      } else {
        throw new UnauthenticatedError(
          `Tokens signed with ${String(alg)} are not accepted`,
          'INVALID_TOKEN',
        );
      }
      if (issuedInTheFuture(payload, Date.now() / 1000)) {
        throw new UnauthenticatedError(
          `The token's iat claim is not accepted (it is in the future)`,
          'INVALID_TOKEN',
        );
      }
    } catch (error) {
      if (error instanceof UnauthenticatedError) throw error;
      throw new UnauthenticatedError(describeJoseError(error), 'INVALID_TOKEN');
    }
    // `exp` is a required claim, and jose has checked it is a number.
    return { caller: callerFromClaims(payload), exp: payload.exp! };
  }

  private oidcKeySet(): Promise<JWTVerifyGetKey> {
    this.oidcKeys ??= discoverKeySet(this.config.oidc!.issuer).catch((error: unknown) => {
      this.oidcKeys = undefined; // try again with the next token
      throw error;
    });
    return this.oidcKeys;
  }
}

/** The key set an OpenID Connect issuer publishes, found through its discovery document. */
async function discoverKeySet(issuer: string): Promise<JWTVerifyGetKey> {
  const response = await fetch(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`, {
    signal: AbortSignal.timeout(10_000),
  });
  const metadata = (await response.json()) as { issuer?: string; jwks_uri?: string };
  if (!response.ok || metadata.issuer !== issuer || !metadata.jwks_uri) {
    throw new Error(`${issuer} does not describe itself as an OpenID Connect issuer`);
  }
  return createRemoteJWKSet(new URL(metadata.jwks_uri));
}

/** jose checks `iat` only against a maximum age; a token from the future is refused here. */
export function issuedInTheFuture(claims: JWTPayload, nowSeconds: number): boolean {
  return typeof claims.iat === 'number' && claims.iat > nowSeconds + CLOCK_TOLERANCE_SECONDS;
}

function describeJoseError(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'The token has expired';
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return 'The token signature is not valid';
  if (error instanceof errors.JWTClaimValidationFailed)
    return error.reason === 'missing'
      ? `The token has no ${error.claim} claim`
      : `The token's ${error.claim} claim is not accepted`;
  return 'The token is malformed or cannot be verified';
}

/** Checks the claims this service relies on; a token that lacks them is not a usable identity. */
export function callerFromClaims(claims: JWTPayload): Caller {
  const { sub, name, roles, organisationId, divisionCode, email } = claims as Record<
    string,
    unknown
  >;
  if (typeof sub !== 'string' || sub.length === 0)
    throw new UnauthenticatedError('The token has no sub claim', 'INVALID_TOKEN');
  if (!Array.isArray(roles) || !roles.every((r) => ALL_ROLES.includes(r as Role))) {
    throw new UnauthenticatedError(
      `The token's roles claim must list roles among ${ALL_ROLES.join(', ')}`,
      'INVALID_TOKEN',
    );
  }
  const optionalText = (value: unknown, claim: string) => {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string')
      throw new UnauthenticatedError(
        `The token's ${claim} claim must be a string`,
        'INVALID_TOKEN',
      );
    return value;
  };
  return {
    id: sub,
    name: optionalText(name, 'name') ?? sub,
    roles: [...new Set(roles as Role[])],
    organisationId: optionalText(organisationId, 'organisationId'),
    divisionCode: optionalText(divisionCode, 'divisionCode'),
    // Where to email them: taken when it looks like an address, ignored otherwise (an identity
    // provider's odd claim must not stop anyone signing in).
    email:
      typeof email === 'string' && email.length <= 320 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)
        ? email
        : undefined,
  };
}
