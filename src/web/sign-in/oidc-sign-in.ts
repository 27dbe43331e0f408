import { Injectable } from '@nestjs/common';
import * as client from 'openid-client';
import { AppConfig, isHttpsOrLoopback, OidcConfig } from '../../config/app-config';

/** What the session keeps between sending someone to the identity provider and their return. */
export interface OidcAttempt {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo?: string;
}

declare module 'express-session' {
  interface SessionData {
    oidc?: OidcAttempt;
  }
}

/**
 * OpenID Connect sign-in for the pages: authorisation code with PKCE (S256), state and nonce,
 * against OIDC_ISSUER (`openid-client`). The ID token it returns is then checked again by the
 * API's own verifier, which reads the same claims as any other token.
 */
@Injectable()
export class OidcSignIn {
  private configuration?: Promise<client.Configuration>;

  constructor(private readonly config: AppConfig) {}

  get enabled(): boolean {
    return this.config.oidc !== undefined;
  }

  /** A new attempt and the address at the identity provider to send the person to. */
  async start(returnTo: string | undefined): Promise<{ attempt: OidcAttempt; url: string }> {
    const oidc = this.settings();
    const attempt: OidcAttempt = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
      returnTo,
    };
    const url = client.buildAuthorizationUrl(await this.discovered(), {
      redirect_uri: oidc.redirectUri,
      scope: 'openid profile',
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(attempt.codeVerifier),
      code_challenge_method: 'S256',
      state: attempt.state,
      nonce: attempt.nonce,
    });
    return { attempt, url: url.href };
  }

  /**
   * The ID token for the person returning with `query` (the callback's query string). Refused
   * (an error) when the state is not this session's, the code or verifier does not match, or
   * the ID token is not the provider's for this client and nonce.
   */
  async finish(attempt: OidcAttempt, query: string): Promise<string> {
    const oidc = this.settings();
    // The address the provider sent the person back to, as registered (never the Host header).
    const currentUrl = new URL(oidc.redirectUri);
    currentUrl.search = query;
    const tokens = await client.authorizationCodeGrant(await this.discovered(), currentUrl, {
      pkceCodeVerifier: attempt.codeVerifier,
      expectedState: attempt.state,
      expectedNonce: attempt.nonce,
      idTokenExpected: true,
    });
    if (!tokens.id_token) throw new Error('The identity provider returned no ID token');
    return tokens.id_token;
  }

  private settings(): OidcConfig {
    if (!this.config.oidc) throw new Error('OpenID Connect sign-in is not configured');
    return this.config.oidc;
  }

  private discovered(): Promise<client.Configuration> {
    const oidc = this.settings();
    this.configuration ??= client
      .discovery(
        new URL(oidc.issuer),
        oidc.clientId,
        undefined,
        client.ClientSecretPost(oidc.clientSecret),
        // Plain http only to this machine (a local identity provider); https everywhere else.
        isHttpsOrLoopback(oidc.issuer) && oidc.issuer.startsWith('http:')
          ? { execute: [client.allowInsecureRequests] }
          : undefined,
      )
      .catch((error: unknown) => {
        this.configuration = undefined; // discover again next time
        throw error;
      });
    return this.configuration;
  }
}
