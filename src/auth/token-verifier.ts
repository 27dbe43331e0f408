import { Injectable } from '@nestjs/common';
import {
  createRemoteJWKSet,
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

/** Turns a bearer token into a {@link Caller}: HS256 with the shared secret, RS256 with the JWKS. */
@Injectable()
export class TokenVerifier {
  private readonly secret?: Uint8Array;
  private readonly jwks?: JWTVerifyGetKey;

  constructor(private readonly config: AppConfig) {
    const { secret, jwksUrl } = config.jwt;
    if (secret) this.secret = new TextEncoder().encode(secret);
    if (jwksUrl) this.jwks = createRemoteJWKSet(new URL(jwksUrl));
  }

  async verify(token: string): Promise<Caller> {
    let payload: JWTPayload;
    try {
      const { alg } = decodeProtectedHeader(token);
      const options = { issuer: this.config.jwt.issuer, audience: this.config.jwt.audience };
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
    } catch (error) {
      if (error instanceof UnauthenticatedError) throw error;
      throw new UnauthenticatedError(describeJoseError(error), 'INVALID_TOKEN');
    }
    return callerFromClaims(payload);
  }
}

function describeJoseError(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'The token has expired';
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return 'The token signature is not valid';
  if (error instanceof errors.JWTClaimValidationFailed)
    return `The token's ${error.claim} claim is not accepted`;
  return 'The token is malformed or cannot be verified';
}

/** Checks the claims this service relies on; a token that lacks them is not a usable identity. */
export function callerFromClaims(claims: JWTPayload): Caller {
  const { sub, name, roles, organisationId, divisionCode } = claims as Record<string, unknown>;
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
  };
}
