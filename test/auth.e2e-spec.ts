import { SignJWT } from 'jose';
import { generateKeyPairSync } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { DEV_JWT_SECRET } from '../src/config/app-config';
import { signToken, TEST_JWT_SECRET, tokens } from './support/tokens';
import { errorCodes, errorReasons, startApp, TestApp } from './support/test-app';

describe('authentication', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  const ME = `{ me { id name roles organisationId divisionCode } }`;

  it('returns the caller as the token describes them', async () => {
    const token = await signToken({
      sub: 'officer-42',
      name: 'Sam Officer',
      roles: ['PURCHASER', 'COMMISSIONER'],
      divisionCode: 'NW',
    });
    const res = await t.gql(ME, { token });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      me: {
        id: 'officer-42',
        name: 'Sam Officer',
        roles: ['PURCHASER', 'COMMISSIONER'],
        organisationId: null,
        divisionCode: 'NW',
      },
    });
  });

  it.each([
    ['no Authorization header', undefined, 'Sign in', 'NOT_SIGNED_IN'],
    ['a header that is not a bearer token', 'Basic dXNlcjpwYXNz', 'Sign in', 'NOT_SIGNED_IN'],
    ['a malformed token', 'Bearer not.a.jwt', 'malformed', 'INVALID_TOKEN'],
  ])('refuses %s with UNAUTHENTICATED', async (_case, authorization, message, reason) => {
    const res = await t.gql(ME, { headers: authorization ? { authorization } : {} });
    // Refused at the HTTP edge, before the document is parsed: a request error, no `data`.
    expect(res.status).toBe(401);
    expect(res.data).toBeUndefined();
    expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
    expect(errorReasons(res)).toEqual([reason]);
    expect(res.errors![0].message).toContain(message);
  });

  it('refuses an expired token', async () => {
    const token = await signToken(
      { roles: ['ADMIN'] },
      { expiresIn: Math.floor(Date.now() / 1000) - 60 },
    );
    const res = await t.gql(ME, { token });
    expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
    expect(errorReasons(res)).toEqual(['INVALID_TOKEN']);
    expect(res.errors![0].message).toMatch(/expired/);
  });

  it('refuses a token without an expiry', async () => {
    const token = await signToken({ roles: ['ADMIN'] }, { expiresIn: null });
    const res = await t.gql(ME, { token });
    expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
    expect(res.errors![0].message).toMatch(/no exp claim/);
  });

  it('refuses a token issued in the future, beyond a small clock tolerance', async () => {
    const now = Math.floor(Date.now() / 1000);
    const future = await signToken({ roles: ['ADMIN'] }, { issuedAt: now + 3600 });
    const res = await t.gql(ME, { token: future });
    expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
    expect(res.errors![0].message).toMatch(/iat/);
    // A few seconds ahead (another machine's clock) is fine.
    const slightly = await signToken({ roles: ['ADMIN'] }, { issuedAt: now + 5 });
    expect((await t.gql(ME, { token: slightly })).errors).toBeUndefined();
  });

  it('refuses a token not valid yet (nbf in the future)', async () => {
    const token = await new SignJWT({ roles: ['ADMIN'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('early')
      .setNotBefore('1h')
      .setExpirationTime('2h')
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    expect(errorCodes(await t.gql(ME, { token }))).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses a token signed with the development secret outside development', async () => {
    const token = await signToken({ roles: ['ADMIN'] }, { secret: DEV_JWT_SECRET });
    const res = await t.gql(ME, { token });
    expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
    expect(res.errors![0].message).toMatch(/signature/);
  });

  it('refuses a token signed with another secret', async () => {
    const token = await signToken(
      { roles: ['ADMIN'] },
      { secret: 'someone-elses-secret-that-is-long-enough-000' },
    );
    const res = await t.gql(ME, { token });
    expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
    expect(res.errors![0].message).toMatch(/signature/);
  });

  it('refuses an RS256 token when no key set is configured', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const token = await new SignJWT({ roles: ['ADMIN'] })
      .setProtectedHeader({ alg: 'RS256' })
      .setSubject('x')
      .setExpirationTime('1h')
      .sign(privateKey);
    expect(errorCodes(await t.gql(ME, { token }))).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses an unsigned token (alg none)', async () => {
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
    const token = `${encode({ alg: 'none' })}.${encode({ sub: 'x', roles: ['ADMIN'] })}.`;
    expect(errorCodes(await t.gql(ME, { token }))).toEqual(['UNAUTHENTICATED']);
  });

  it.each([
    ['an unknown role', { roles: ['SUPERUSER'] }],
    ['no roles claim', { roles: undefined as unknown as string[] }],
    ['a non-string division', { roles: ['PURCHASER'], divisionCode: 7 as unknown as string }],
  ])('refuses a token with %s', async (_case, claims) => {
    const token = await signToken(claims);
    const res = await t.gql(ME, { token });
    expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
  });

  it('verifies the token once for several operations in one request', async () => {
    const res = await t.gql(`{ me { id } factors { code } }`, {
      token: await tokens.admin('solo'),
    });
    expect(res.errors).toBeUndefined();
    expect(res.data).toMatchObject({ me: { id: 'solo' } });
  });
});

describe('errors', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('answers a syntax error with BAD_USER_INPUT, not a 500', async () => {
    const res = await t.gql(`{ me { id `, { token: await tokens.admin() });
    // GraphQL over HTTP: a well-formed request answers 200 under application/json (400 under
    // application/graphql-response+json, see relay.e2e-spec.ts).
    expect(res.status).toBe(200);
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
  });

  it('answers a query for an unknown field with BAD_USER_INPUT', async () => {
    const res = await t.gql(`{ me { salary } }`, { token: await tokens.admin() });
    expect(res.status).toBe(200);
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
  });

  it('answers a variable of the wrong type with BAD_USER_INPUT', async () => {
    const res = await t.gql(`query ($code: String!) { division(code: $code) { name } }`, {
      token: await tokens.admin(),
      variables: { code: 12 },
    });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
  });

  it('answers an id that is not a UUID with BAD_USER_INPUT, not a 500', async () => {
    const token = await tokens.admin();
    for (const query of [
      `{ organisation(id: "abc") { name } }`,
      `{ intervention(id: "abc") { title } }`,
      `{ referral(id: "1") { id } }`,
    ]) {
      const res = await t.gql(query, { token });
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('shows no stack trace outside development', async () => {
    const res = await t.gql(`{ division(code: "nowhere") { name } }`, {
      token: await tokens.admin(),
    });
    expect(JSON.stringify(res.errors)).not.toMatch(/stacktrace|at .*\.js/);
  });

  it('answers GET /health with the database status', async () => {
    const response = await fetch(`${t.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' } },
    });
  });

  it('echoes a request id on every response', async () => {
    const response = await fetch(`${t.url}/health`, { headers: { 'x-request-id': 'trace-123' } });
    expect(response.headers.get('x-request-id')).toBe('trace-123');
  });
});

describe('authentication against an identity provider (RS256, JWKS)', () => {
  let t: TestApp;
  let server: Server;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const saved = { ...process.env };

  beforeAll(async () => {
    const jwk = {
      ...publicKey.export({ format: 'jwk' }),
      kid: 'idp-key-1',
      alg: 'RS256',
      use: 'sig',
    };
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    Object.assign(process.env, {
      JWT_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`,
      JWT_SECRET: '',
      JWT_ISSUER: 'https://idp.example',
      JWT_AUDIENCE: 'marketplace',
    });
    t = await startApp();
  });
  afterAll(async () => {
    await t.close();
    server.close();
    process.env = saved;
  });

  const idpToken = (claims: Record<string, unknown>, issuer = 'https://idp.example') =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'idp-key-1' })
      .setSubject('idp-user')
      .setIssuer(issuer)
      .setAudience('marketplace')
      .setExpirationTime('5m')
      .sign(privateKey);

  it('accepts a token signed by the identity provider', async () => {
    const res = await t.gql(`{ me { id roles } }`, {
      token: await idpToken({ roles: ['COMMISSIONER'] }),
    });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ me: { id: 'idp-user', roles: ['COMMISSIONER'] } });
  });

  it('refuses a token from another issuer', async () => {
    const token = await idpToken({ roles: ['COMMISSIONER'] }, 'https://elsewhere.example');
    expect(errorCodes(await t.gql(`{ me { id } }`, { token }))).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses an identity provider token without an audience or an expiry', async () => {
    const signed = (build: (jwt: SignJWT) => SignJWT) =>
      build(
        new SignJWT({ roles: ['COMMISSIONER'] })
          .setProtectedHeader({ alg: 'RS256', kid: 'idp-key-1' })
          .setSubject('idp-user')
          .setIssuer('https://idp.example'),
      ).sign(privateKey);
    const noAudience = await signed((jwt) => jwt.setExpirationTime('5m'));
    const noExpiry = await signed((jwt) => jwt.setAudience('marketplace'));
    for (const token of [noAudience, noExpiry]) {
      expect(errorCodes(await t.gql(`{ me { id } }`, { token }))).toEqual(['UNAUTHENTICATED']);
    }
  });

  it('refuses an HS256 token once only the key set is configured', async () => {
    expect(errorCodes(await t.gql(`{ me { id } }`, { token: await tokens.admin() }))).toEqual([
      'UNAUTHENTICATED',
    ]);
  });
});
