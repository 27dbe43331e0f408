import { createHash, randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { PRODUCTION, startApp, TestApp } from './support/test-app';
import { WebBrowser } from './support/web-browser';

const CLIENT_ID = 'marketplace-pages';
const CLIENT_SECRET = 'client-secret-of-the-marketplace-pages';
const REDIRECT_URI = `${PRODUCTION.PUBLIC_URL}/sign-in/callback`;

interface Authorisation {
  query: URLSearchParams;
  code: string;
}

/**
 * A small OpenID Connect identity provider: discovery, key set, an authorisation endpoint that
 * signs the person in at once (as `claims` says), and a token endpoint that checks the client's
 * secret, the code, the redirect address and the PKCE verifier before issuing an ID token.
 */
class FakeIssuer {
  server!: Server;
  url!: string;
  claims: Record<string, unknown> = {};
  authorisations: Authorisation[] = [];
  tokenRequests: URLSearchParams[] = [];
  private readonly codes = new Map<string, URLSearchParams>();
  private keys!: Awaited<ReturnType<typeof generateKeyPair>>;

  async start(): Promise<void> {
    this.keys = await generateKeyPair('RS256');
    const publicJwk = { ...(await exportJWK(this.keys.publicKey)), kid: 'k1', alg: 'RS256' };
    this.server = createServer((req, res) => {
      void this.handle(req, publicJwk).then(
        ({ status, body, location }) => {
          res.writeHead(status, {
            'content-type': 'application/json',
            ...(location ? { location } : {}),
          });
          res.end(body === undefined ? '' : JSON.stringify(body));
        },
        () => res.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(
    req: IncomingMessage,
    jwk: Record<string, unknown>,
  ): Promise<{ status: number; body?: unknown; location?: string }> {
    const url = new URL(req.url ?? '/', this.url);
    if (url.pathname === '/.well-known/openid-configuration') {
      return {
        status: 200,
        body: {
          issuer: this.url,
          authorization_endpoint: `${this.url}/authorize`,
          token_endpoint: `${this.url}/token`,
          jwks_uri: `${this.url}/jwks`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
          code_challenge_methods_supported: ['S256'],
          token_endpoint_auth_methods_supported: ['client_secret_post'],
        },
      };
    }
    if (url.pathname === '/jwks') return { status: 200, body: { keys: [jwk] } };
    if (url.pathname === '/authorize') {
      const code = randomUUID();
      this.codes.set(code, url.searchParams);
      this.authorisations.push({ query: url.searchParams, code });
      const back = new URL(url.searchParams.get('redirect_uri')!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      back.searchParams.set('iss', this.url);
      return { status: 302, location: back.href };
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      let text = '';
      for await (const chunk of req) text += String(chunk);
      const form = new URLSearchParams(text);
      this.tokenRequests.push(form);
      const authorised = this.codes.get(form.get('code') ?? '');
      const challenge = createHash('sha256')
        .update(form.get('code_verifier') ?? '')
        .digest('base64url');
      if (
        !authorised ||
        form.get('client_id') !== CLIENT_ID ||
        form.get('client_secret') !== CLIENT_SECRET ||
        form.get('redirect_uri') !== authorised.get('redirect_uri') ||
        authorised.get('code_challenge') !== challenge
      ) {
        return { status: 400, body: { error: 'invalid_grant' } };
      }
      this.codes.delete(form.get('code')!);
      const idToken = await new SignJWT({ ...this.claims, nonce: authorised.get('nonce') })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(this.url)
        .setAudience(CLIENT_ID)
        .setSubject(typeof this.claims.sub === 'string' ? this.claims.sub : 'someone')
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(this.keys.privateKey);
      return {
        status: 200,
        body: {
          access_token: randomUUID(),
          token_type: 'Bearer',
          expires_in: 600,
          id_token: idToken,
        },
      };
    }
    return { status: 404, body: {} };
  }
}

/**
 * Signing in to the pages in production with OpenID Connect: authorisation code with PKCE,
 * state and nonce, the ID token then checked by the API's own verifier.
 */
describe('web: OpenID Connect sign-in in production', () => {
  let t: TestApp;
  const issuer = new FakeIssuer();
  // Behind the service's TLS-terminating proxy, as in production (the cookie is Secure).
  const behindProxy = { 'x-forwarded-proto': 'https' };

  beforeAll(async () => {
    await issuer.start();
    t = await startApp({
      ...PRODUCTION,
      OIDC_ISSUER: issuer.url,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
    });
  });
  afterAll(async () => {
    await t.close();
    await issuer.stop();
  });

  /** Follows the sign-in to the provider and back; answers the callback's response. */
  async function signIn(browser: WebBrowser, start = '/sign-in'): Promise<Response> {
    const toProvider = await browser.get(start);
    expect(toProvider.status).toBe(303);
    const authorise = new URL(toProvider.headers.get('location')!);
    expect(authorise.origin).toBe(issuer.url);
    const back = await fetch(authorise, { redirect: 'manual' });
    const callback = new URL(back.headers.get('location')!);
    expect(callback.origin + callback.pathname).toBe(REDIRECT_URI);
    return browser.get(`${callback.pathname}${callback.search}`);
  }

  it('signs a supplier in through the identity provider, with PKCE, state and nonce', async () => {
    const org = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO organisation (name, kind) VALUES ('OIDC Provider ' || gen_random_uuid(), 'VOLUNTARY_SECTOR') RETURNING id`,
    );
    issuer.claims = {
      sub: 'idp-user-1',
      name: 'Sam Supplier',
      roles: ['SUPPLIER'],
      organisationId: org[0].id,
    };
    const browser = new WebBrowser(t.url, behindProxy);
    const home = await browser.get('/webhooks');
    expect(home.headers.get('location')).toBe('/sign-in?returnTo=%2Fwebhooks');
    const back = await signIn(browser, home.headers.get('location')!);
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe('/webhooks');

    const asked = issuer.authorisations.at(-1)!.query;
    expect(asked.get('response_type')).toBe('code');
    expect(asked.get('client_id')).toBe(CLIENT_ID);
    expect(asked.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(asked.get('code_challenge_method')).toBe('S256');
    expect(asked.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(asked.get('state')).toBeTruthy();
    expect(asked.get('nonce')).toBeTruthy();
    expect(issuer.tokenRequests.at(-1)!.get('code_verifier')).toBeTruthy();

    const page = await browser.get('/webhooks');
    const html = await page.text();
    expect(page.status).toBe(200);
    // Sign-out and an expired form redirect on to the provider: the page policy lets them.
    expect(page.headers.get('content-security-policy')).toContain(
      `form-action 'self' ${issuer.url}`,
    );
    expect(html).toContain('Signed in as <strong>Sam Supplier</strong>');
    expect(html).toContain('<h1 class="govuk-heading-l">Webhooks</h1>');

    // Signing out stays signed out (not straight back through the provider).
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1];
    const out = await browser.post('/sign-out', { _csrf: csrf });
    expect(out.headers.get('location')).toBe('/sign-in?signedOut=yes');
    const signedOut = await browser.get('/sign-in?signedOut=yes');
    expect(signedOut.status).toBe(200);
    expect(await signedOut.text()).toContain('You have signed out');
    expect((await browser.get('/webhooks')).status).toBe(303);
  });

  it('refuses a return whose state is not the one this session sent, and signs no one in', async () => {
    issuer.claims = {
      sub: 'idp-user-2',
      name: 'Pat Purchaser',
      roles: ['PURCHASER'],
      divisionCode: 'LDN',
    };
    const victim = new WebBrowser(t.url, behindProxy);
    const attacker = new WebBrowser(t.url, behindProxy);
    // The attacker starts a sign-in and has the victim's browser finish it.
    const toProvider = await attacker.get('/sign-in');
    const back = await fetch(toProvider.headers.get('location')!, { redirect: 'manual' });
    const callback = new URL(back.headers.get('location')!);
    await victim.get('/sign-in');
    const refused = await victim.get(`${callback.pathname}${callback.search}`);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('You could not be signed in');
    expect((await victim.get('/')).headers.get('location')).toBe('/sign-in');

    // A forged state in the attacker's own session is refused too.
    const forged = new URL(callback);
    forged.searchParams.set('state', 'forged');
    const again = await attacker.get(`${forged.pathname}${forged.search}`);
    expect(again.status).toBe(400);
  });

  it('refuses an ID token whose claims the API does not accept', async () => {
    issuer.claims = { sub: 'idp-user-3', name: 'No Roles Claim' };
    const browser = new WebBrowser(t.url, behindProxy);
    const back = await signIn(browser);
    expect(back.status).toBe(400);
    expect((await browser.get('/')).headers.get('location')).toBe('/sign-in');
  });

  it('has no development sign-in page in production', async () => {
    const demo = await fetch(`${t.url}/sign-in`, { method: 'POST', redirect: 'manual' });
    expect([403, 404]).toContain(demo.status);
    const page = await new WebBrowser(t.url, behindProxy).get('/sign-in');
    expect(page.status).toBe(303);
    expect(await page.text()).not.toContain('Pick a demo user');
  });
});
