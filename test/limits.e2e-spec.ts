import { GraphQLSchemaHost } from '@nestjs/graphql';
import { getNamedType, isInputObjectType } from 'graphql';
import { documentFor, operationsOf, requiredArgs } from './support/schema-operations';
import { errorCodes, PRODUCTION, startApp, TestApp } from './support/test-app';
import { signToken, tokens } from './support/tokens';

/** A selection nested `levels` deep through the reference data's cycles. */
function deepQuery(levels: number): string {
  let selection = 'code';
  for (let i = 0; i < levels; i += 1) {
    selection =
      i % 2 === 0
        ? `contractPackageAreas { pccAreas { code division { ${selection} } } }`
        : `contractPackageAreas { code pccAreas { division { ${selection} } } }`;
  }
  return `{ divisions { ${selection} } }`;
}

async function post(
  t: TestApp,
  body: string,
  headers: Record<string, string> = {},
  path = '/graphql',
): Promise<{ status: number; headers: Headers; json: unknown }> {
  const response = await fetch(`${t.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, headers: response.headers, json };
}

describe('query limits (defaults)', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startApp();
    admin = await tokens.admin();
  });
  afterAll(() => t.close());

  it('refuses an operation nested deeper than GRAPHQL_MAX_DEPTH with BAD_USER_INPUT', async () => {
    const shallow = await t.gql(deepQuery(1), { token: admin });
    expect(shallow.errors).toBeUndefined();
    const res = await t.gql(deepQuery(6), { token: admin });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0].message).toMatch(/depth limit of 10 exceeded/);
    expect(res.data).toBeUndefined();
  });

  it('refuses more aliases than GRAPHQL_MAX_ALIASES with BAD_USER_INPUT', async () => {
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: me { id }`).join(' ');
    const res = await t.gql(`{ ${aliases} }`, { token: admin });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0].message).toMatch(/Aliases limit of 15 exceeded/);
  });

  it('refuses a document of more than GRAPHQL_MAX_TOKENS tokens while parsing', async () => {
    const res = await t.gql(`{ me { ${'id '.repeat(3000)} } }`, { token: admin });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0].message).toMatch(/more than 3000 tokens \(GRAPHQL_MAX_TOKENS\)/);
  });

  it('lets a realistic large search through the cost limit', async () => {
    const res = await t.gql(
      `{ searchInterventions(filter: { factors: [ACCOMMODATION] }, first: 100) {
          totalCount facets { factors { factor count } providerKinds { kind count } }
          pageInfo { hasNextPage endCursor }
          edges { distanceKm node { id title stale placesAvailable nextStartDate
            provider { id name kind } price { amountPence unit } venues { name postcode } } } } }`,
      { token: await tokens.purchaser('LDN', 'limits-purchaser') },
    );
    expect(res.errors).toBeUndefined();
  });

  it('caps every `first` and `last` argument in the schema (100000 is BAD_USER_INPUT)', async () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const paged = operationsOf(schema).filter((op) =>
      op.field.args.some((arg) => arg.name === 'first'),
    );
    expect(paged.length).toBeGreaterThan(0);
    // An admin, or a supplier where only suppliers may ask (the role is checked first).
    const callers = [admin, await tokens.supplier('0b6f1d1e-0000-4000-8000-00000000c0de')];
    const uncapped: string[] = [];
    for (const operation of paged) {
      expect([operation.name, operation.field.args.some((arg) => arg.name === 'last')]).toEqual([
        operation.name,
        true,
      ]);
      for (const size of ['first', 'last']) {
        const variables = {
          ...requiredArgs(operation.field.args, { divisionCode: 'LDN' }),
          [size]: 100000,
        };
        let res = await t.gql(documentFor(operation, variables), { token: callers[0], variables });
        if (errorCodes(res).includes('FORBIDDEN')) {
          res = await t.gql(documentFor(operation, variables), { token: callers[1], variables });
        }
        const rejected = res.errors?.some(
          (e) =>
            e.extensions?.code === 'BAD_USER_INPUT' &&
            (e.extensions.fieldErrors ?? []).some((f) => f.field.startsWith(size)),
        );
        if (!rejected) uncapped.push(`${operation.name}(${size}): ${JSON.stringify(res.errors)}`);
      }
    }
    // Connections nested in types (not root fields) would need a path to reach them: none yet.
    const nested = Object.values(schema.getTypeMap())
      .filter((type) => !type.name.startsWith('__') && !['Query', 'Mutation'].includes(type.name))
      .filter((type) => 'getFields' in type && !isInputObjectType(getNamedType(type)))
      .flatMap((type) =>
        Object.values(
          (type as { getFields(): Record<string, { args?: { name: string }[] }> }).getFields(),
        )
          .filter((field) => (field.args ?? []).some((arg) => arg.name === 'first'))
          .map(() => type.name),
      );
    expect(uncapped).toEqual([]);
    expect(nested).toEqual([]);
  });

  it('answers a body that is not JSON with a 400 JSON error', async () => {
    const res = await post(t, '{"query": ', { authorization: `Bearer ${admin}` });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] });
  });

  it('sends no CORS headers when CORS_ORIGINS is unset', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'POST' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a cross-site form post (Apollo CSRF prevention)', async () => {
    const form = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${admin}` },
      body: '{"query":"{ me { id } }"}',
    });
    expect(form.status).toBe(400);
    expect(await form.text()).toMatch(/Cross-Site Request Forgery/);
    const get = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{ me { id } }')}`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(get.status).toBe(400);
    const preflighted = await fetch(
      `${t.url}/graphql?query=${encodeURIComponent('{ me { id } }')}`,
      {
        headers: { authorization: `Bearer ${admin}`, 'apollo-require-preflight': 'true' },
      },
    );
    expect(preflighted.status).toBe(200);
  });
});

describe('tight limits (a dedicated instance)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({
      RATE_LIMIT: '5',
      RATE_LIMIT_WINDOW_SECONDS: '600',
      GRAPHQL_MAX_COST: '500',
      MAX_BODY_KB: '16',
      MAX_IMPORT_BODY_KB: '64',
    });
  });
  afterAll(() => t.close());

  it('refuses an operation above GRAPHQL_MAX_COST with BAD_USER_INPUT, before it runs', async () => {
    const token = await signToken({ sub: 'cost', roles: ['ADMIN'] });
    const cheap = await t.gql(`{ referrals(first: 5) { edges { node { id } } } }`, { token });
    expect(cheap.errors).toBeUndefined();
    const costly = await t.gql(`{ referrals(first: 100) { edges { node { id status } } } }`, {
      token,
    });
    expect(errorCodes(costly)).toEqual(['BAD_USER_INPUT']);
    expect(costly.errors?.[0].message).toMatch(/Cost limit of 500 exceeded/);
  });

  it('limits each user to RATE_LIMIT requests per window: TOO_MANY_REQUESTS with Retry-After', async () => {
    const token = await tokens.purchaser('LDN', 'rate-limited');
    for (let i = 0; i < 5; i += 1) {
      // Several fields in one request count once.
      const ok = await t.gql(`{ a: me { id } b: me { id } c: factors { code } }`, { token });
      expect(ok.errors).toBeUndefined();
    }
    const response = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    // Counted and refused at the HTTP edge, before the document is parsed.
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await response.json()) as { errors: { message: string; extensions: object }[] };
    expect(body.errors[0]).toMatchObject({
      extensions: { code: 'TOO_MANY_REQUESTS', reason: 'RATE_LIMITED' },
    });
    expect(body.errors[0].message).toMatch(/Too many requests/);

    // Another user is not held back, nor is the health check.
    const other = await t.gql(`{ me { id } }`, {
      token: await tokens.purchaser('LDN', 'rate-unlimited'),
    });
    expect(other.errors).toBeUndefined();
    for (let i = 0; i < 8; i += 1) {
      expect((await fetch(`${t.url}/health`)).status).toBe(200);
    }
  });

  it('limits REST routes too, with a 429 JSON error', async () => {
    const token = await tokens.commissioner(undefined, 'rate-limited-csv');
    const get = () =>
      fetch(`${t.url}/reports/spend.csv?groupBy=PROVIDER_KIND`, {
        headers: { authorization: `Bearer ${token}` },
      });
    for (let i = 0; i < 5; i += 1) expect((await get()).status).toBe(200);
    const refused = await get();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBeTruthy();
    expect(await refused.json()).toMatchObject({
      error: { code: 'TOO_MANY_REQUESTS', reason: 'RATE_LIMITED' },
    });
  });

  it('refuses a body above MAX_BODY_KB with a 413 JSON error', async () => {
    const token = await tokens.admin('body-admin');
    const big = JSON.stringify({ query: '{ me { id } }', variables: { pad: 'x'.repeat(20_000) } });
    const res = await post(t, big, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(413);
    expect(res.json).toMatchObject({
      errors: [
        {
          message: expect.stringMatching(/too large: at most 16 KB/),
          extensions: { code: 'BAD_USER_INPUT' },
        },
      ],
    });
    // An anonymous caller is refused before its body is read at all.
    const anonymous = await post(t, big);
    expect(anonymous.status).toBe(401);
    const rest = await post(t, big, { authorization: `Bearer ${token}` }, '/reports/spend.csv');
    expect(rest.status).toBe(413);
    expect(rest.json).toMatchObject({ error: { code: 'BAD_USER_INPUT' } });
  });

  it('lets only a rate card import send up to MAX_IMPORT_BODY_KB', async () => {
    const token = await signToken({ sub: 'body-supplier', roles: ['ADMIN'] });
    const query =
      'mutation ($csv: String!) { importRateCard(csv: $csv, dryRun: true) { created errors { row message } } }';
    const csv = (size: number) => `title,summary,factors\n"${'x'.repeat(size)}",summary text,ETE\n`;
    const allowed = await post(t, JSON.stringify({ query, variables: { csv: csv(40_000) } }), {
      authorization: `Bearer ${token}`,
    });
    expect(allowed.status).toBe(200);
    expect(allowed.json).toMatchObject({ data: { importRateCard: { created: 0 } } });

    const tooLarge = await post(t, JSON.stringify({ query, variables: { csv: csv(70_000) } }), {
      authorization: `Bearer ${token}`,
    });
    expect(tooLarge.status).toBe(413);
    expect(JSON.stringify(tooLarge.json)).toMatch(/64 KB for importRateCard/);

    // Another operation riding along is not an import.
    const smuggled = await post(
      t,
      JSON.stringify({
        query:
          'mutation ($csv: String!) { importRateCard(csv: $csv, dryRun: true) { created } createOrganisation(input: { name: "Smuggled", kind: CHARITY }) { id } }',
        variables: { csv: csv(40_000) },
      }),
      { authorization: `Bearer ${token}` },
    );
    expect(smuggled.status).toBe(413);
  });
});

describe('production mode', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startApp({
      ...PRODUCTION,
      CORS_ORIGINS: 'https://probation.example, https://other.example',
    });
    token = await tokens.admin('production-admin');
  });
  afterAll(() => t.close());

  it('refuses introspection', async () => {
    const res = await t.gql(`{ __schema { types { name } } }`, { token });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0].message).toMatch(/introspection/i);
  });

  it('suggests no field, argument or enum value names', async () => {
    const misspelt = await t.gql(`{ divisons { code } }`, { token });
    expect(errorCodes(misspelt)).toEqual(['BAD_USER_INPUT']);
    const enumVariable = await t.gql(
      `query ($k: OrganisationKind) { organisations(kind: $k) { nodes { id } } }`,
      { token, variables: { k: 'CHARITEE' } },
    );
    expect(errorCodes(enumVariable)).toEqual(['BAD_USER_INPUT']);
    const argument = await t.gql(`{ organisations(knd: CHARITY) { nodes { id } } }`, { token });
    for (const res of [misspelt, enumVariable, argument]) {
      expect(JSON.stringify(res.errors)).not.toMatch(/Did you mean/);
      expect(JSON.stringify(res.errors)).not.toMatch(/stacktrace/);
    }
  });

  it('serves no landing page', async () => {
    const res = await fetch(`${t.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await res.text()).not.toMatch(/<html/i);
  });

  it('sends helmet’s security headers', async () => {
    const res = await fetch(`${t.url}/health`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(res.headers.get('strict-transport-security')).toBeTruthy();
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('allows CORS from the configured origins only', async () => {
    const preflight = (origin: string) =>
      fetch(`${t.url}/graphql`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
    const allowed = await preflight('https://other.example');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://other.example');
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    const refused = await preflight('https://evil.example');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });
});
