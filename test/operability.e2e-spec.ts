import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Role } from '../src/auth/role';
import { EmailDispatcher } from '../src/notifications/email-dispatcher';
import { createListing, newSupplier } from './support/catalogue';
import { firstOutcomes } from './support/delivery';
import { PRODUCTION, startApp, TestApp } from './support/test-app';
import { signToken, tokens } from './support/tokens';

const METRICS_TOKEN = 'metrics-token-for-the-operability-tests';
const VERSION = (
  JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }
).version;

/** The value of one sample in Prometheus's text format, or undefined when it is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('operability: health, info and metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ GIT_COMMIT: 'c0ffee0c0ffee0c0ffee0c0ffee0c0ffee0c0ffe', RATE_LIMIT: '3' });
  });
  afterAll(() => t.close());

  it('answers liveness without the database, readiness and /health with it', async () => {
    const live = await fetch(`${t.url}/health/liveness`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });

    for (const path of ['/health/readiness', '/health']) {
      const ready = await fetch(`${t.url}${path}`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({
        status: 'ok',
        info: { database: { status: 'up' } },
      });
    }
  });

  it('says which version and commit run at /info', async () => {
    const response = await fetch(`${t.url}/info`);
    expect(response.status).toBe(200);
    const info = (await response.json()) as Record<string, unknown>;
    expect(info).toEqual({
      version: VERSION,
      commit: 'c0ffee0c0ffee0c0ffee0c0ffee0c0ffee0c0ffe',
      // From source (no `npm run build`), there is no build time.
      builtAt: null,
    });
  });

  it('counts requests, GraphQL operations by name, errors by code and rate-limit refusals', async () => {
    const token = await tokens.purchaser('LDN', `operability-${Date.now()}`);
    const named = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'query OperabilityMe { me { id } }' }),
    });
    expect(named.status).toBe(200);
    // Not found (a GraphQL error with a code), then refused by the per-user limit of 3.
    const missing = await t.gql(
      `query OperabilityMissing { referral(id: "00000000-0000-4000-8000-000000000000") { id } }`,
      { token },
    );
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    await t.gql('{ me { id } }', { token });
    const refused = await t.gql('{ me { id } }', { token });
    expect(refused.status).toBe(429);
    await (await fetch(`${t.url}/no-such-api-route/${Date.now()}`)).arrayBuffer();
    await (await fetch(`${t.url}/health/liveness`)).arrayBuffer();

    const response = await fetch(`${t.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(
      sample(
        text,
        'graphql_operation_duration_seconds_count{operation="OperabilityMe",type="query"}',
      ),
    ).toBe(1);
    expect(
      sample(
        text,
        'graphql_operation_duration_seconds_count{operation="OperabilityMissing",type="query"}',
      ),
    ).toBe(1);
    expect(sample(text, 'errors_total{code="NOT_FOUND"}')).toBe(1);
    expect(sample(text, 'errors_total{code="TOO_MANY_REQUESTS"}')).toBeUndefined();
    expect(sample(text, 'errors_total{code="HTTP_429"}')).toBe(1);
    expect(sample(text, 'rate_limit_refusals_total{limit="user"}')).toBe(1);
    // Routes by their pattern, never a path with ids in it.
    expect(
      sample(
        text,
        'http_request_duration_seconds_count{method="GET",route="/health/liveness",status_code="200"}',
      ),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(
        text,
        'http_request_duration_seconds_count{method="POST",route="/graphql",status_code="200"}',
      ),
    ).toBe(3);
    expect(
      sample(
        text,
        'http_request_duration_seconds_count{method="POST",route="/graphql",status_code="429"}',
      ),
    ).toBe(1);
    expect(text).not.toContain('no-such-api-route');
    expect(
      sample(
        text,
        'http_request_duration_seconds_count{method="GET",route="unmatched",status_code="404"}',
      ),
    ).toBe(1);
    // The pool, the outbox and the webhooks' series are there (their values are other files').
    expect(sample(text, 'db_pool_connections{pool="main",state="in_use"}')).toBeGreaterThanOrEqual(
      0,
    );
    expect(sample(text, 'db_pool_connections{pool="main",state="waiting"}')).toBe(0);
    // The reports' own pool too (all zero until a report opens it).
    for (const state of ['in_use', 'idle']) {
      expect(
        sample(text, `db_pool_connections{pool="reporting",state="${state}"}`),
      ).toBeGreaterThanOrEqual(0);
    }
    expect(sample(text, 'db_pool_connections{pool="reporting",state="waiting"}')).toBe(0);
    expect(sample(text, 'outbox_backlog')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'outbox_oldest_undelivered_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(text).toContain('# TYPE webhook_attempts_total counter');
    expect(text).toContain('# TYPE rate_limit_store_unavailable_total counter');
  });

  it('checks a separate reporting database through the reports’ own pool', async () => {
    // The same database under another URL: readiness takes it for a replica.
    const url = new URL(process.env.DATABASE_URL!);
    url.searchParams.set('application_name', 'operability-replica');
    const other = await startApp({
      REPORTING_DATABASE_URL: url.toString(),
      WEBHOOK_DISPATCHER: 'false',
    });
    try {
      const before = await (await fetch(`${other.url}/metrics`)).text();
      expect(sample(before, 'db_pool_connections{pool="reporting",state="idle"}')).toBe(0);
      const ready = await fetch(`${other.url}/health/readiness`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({
        status: 'ok',
        info: { database: { status: 'up' }, reportingDatabase: { status: 'up' } },
      });
      // The ping's connection went back to the reports' pool (not a connection of its own).
      const after = await (await fetch(`${other.url}/metrics`)).text();
      expect(sample(after, 'db_pool_connections{pool="reporting",state="idle"}')).toBe(1);
      expect(sample(after, 'db_pool_connections{pool="reporting",state="in_use"}')).toBe(0);
      expect(sample(after, 'db_pool_connections{pool="reporting",state="waiting"}')).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('reports the reporting database as down when REPORTING_DATABASE_URL does not answer', async () => {
    const other = await startApp({
      REPORTING_DATABASE_URL: 'postgres://reports@127.0.0.1:1/reports',
      WEBHOOK_DISPATCHER: 'false',
    });
    try {
      const ready = await fetch(`${other.url}/health/readiness`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({
        status: 'error',
        info: { database: { status: 'up' } },
        error: { reportingDatabase: { status: 'down' } },
      });
      // Liveness does not care: the process answers.
      expect((await fetch(`${other.url}/health/liveness`)).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});

describe('the email queue in the metrics', () => {
  it("exports the pending emails, the oldest one's age, the failed ones and the attempts by result", async () => {
    // Its own instance with the dispatcher off: the email waits until this test sends it.
    const t = await startApp({ EMAIL_DISPATCHER: 'false', WEBHOOK_DISPATCHER: 'false' });
    try {
      // This file's own financial year (2048), on a provider of its own with an address.
      t.clock.set('2048-06-01');
      const must = async (token: string, query: string, variables = {}) => {
        const res = await t.gql(query, { token, variables });
        if (res.errors || !res.data) throw new Error(`${query}: ${JSON.stringify(res.errors)}`);
        return res.data as Record<string, { id: string }>;
      };
      const admin = await tokens.admin('operability-emails-admin');
      const practitioner = await tokens.purchaser('LDN', 'operability-emails-practitioner');
      const supplier = await newSupplier(t);
      const supplierToken = await signToken({
        sub: `operability-emails-supplier-${Date.now()}`,
        roles: [Role.SUPPLIER],
        organisationId: supplier.organisationId,
      });
      await must(
        supplierToken,
        `mutation ($o: ID!, $e: String) { setOrganisationEmail(organisationId: $o, email: $e) { email } }`,
        { o: supplier.organisationId, e: `team-operability-${Date.now()}@provider.example` },
      );
      const listing = await createListing(t, supplierToken, {
        capacity: 10,
        price: { amountPence: 1000, unit: 'PER_REFERRAL' },
      });
      await must(supplierToken, `mutation ($id: ID!) { publishIntervention(id: $id) { id } }`, {
        id: listing.id,
      });
      await must(
        admin,
        `mutation { setDivisionBudget(divisionCode: "LDN", financialYear: 2048, amountPence: 10000000) { allocatedPence } }`,
      );
      await must(
        practitioner,
        `mutation ($input: CreateReferralInput!, $key: String!) { createReferral(input: $input, idempotencyKey: $key) { id } }`,
        {
          key: `operability-emails-${Date.now()}`,
          input: {
            interventionId: listing.id,
            crn: 'X204800',
            person: { sex: 'MALE', age: 40, riskLevel: 'LOW', supervisionType: 'LICENCE' },
            targetFactors: ['ACCOMMODATION'],
            desiredOutcomes: await firstOutcomes(t, practitioner, ['ACCOMMODATION']),
            complexity: 'LOW',
          },
        },
      );

      // The new referral's email to the provider waits.
      const before = await (await fetch(`${t.url}/metrics`)).text();
      expect(before).toContain('# TYPE emails_backlog gauge');
      expect(sample(before, 'emails_backlog')).toBeGreaterThanOrEqual(1);
      expect(sample(before, 'email_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(0);
      expect(sample(before, 'emails_failed')).toBeGreaterThanOrEqual(0);
      expect(sample(before, 'email_attempts_total{result="sent"}')).toBeUndefined();

      // Sent (to the local mailbox): it waits no more, and the attempt is counted.
      const dispatcher = t.app.get(EmailDispatcher);
      while ((await dispatcher.runOnce()) > 0);
      const after = await (await fetch(`${t.url}/metrics`)).text();
      // (Other files may leave emails waiting for a retry later: fewer, not necessarily none.)
      expect(sample(after, 'emails_backlog')).toBeLessThan(sample(before, 'emails_backlog')!);
      expect(sample(after, 'email_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(0);
      expect(sample(after, 'email_attempts_total{result="sent"}')).toBeGreaterThanOrEqual(1);
      expect(after).toContain('# TYPE email_attempts_total counter');
      // No address and no CRN in the metrics.
      expect(after).not.toContain('@provider.example');
      expect(after).not.toContain('X204800');
    } finally {
      await t.close();
    }
  });
});

describe('rate limits when their Redis does not answer', () => {
  it('lets requests through (fail open) and counts them in the metrics', async () => {
    // Nothing listens on port 1: every count fails at once.
    const t = await startApp({
      REDIS_URL: 'redis://127.0.0.1:1',
      RATE_LIMIT: '2',
      WEBHOOK_DISPATCHER: 'false',
    });
    try {
      const token = await tokens.purchaser('LDN', `operability-fail-open-${Date.now()}`);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await t.gql('{ me { id } }', { token })).status);
      expect(statuses).toEqual([200, 200, 200, 200]);
      const text = await (await fetch(`${t.url}/metrics`)).text();
      // Each request is counted twice (its address and its user): both let through.
      expect(sample(text, 'rate_limit_store_unavailable_total')).toBeGreaterThanOrEqual(8);
    } finally {
      await t.close();
    }
  });
});

describe('operability in production', () => {
  it('serves /metrics only with METRICS_TOKEN as a bearer token', async () => {
    const t = await startApp({ ...PRODUCTION, METRICS_TOKEN, WEBHOOK_DISPATCHER: 'false' });
    try {
      const without = await fetch(`${t.url}/metrics`);
      expect(without.status).toBe(401);
      expect(await without.json()).toMatchObject({
        error: { code: 'UNAUTHENTICATED', reason: 'NOT_SIGNED_IN' },
      });
      const wrong = await fetch(`${t.url}/metrics`, {
        headers: { authorization: `Bearer ${METRICS_TOKEN}x` },
      });
      expect(wrong.status).toBe(401);
      // A user's token is not the metrics token.
      const user = await fetch(`${t.url}/metrics`, {
        headers: { authorization: `Bearer ${await tokens.admin()}` },
      });
      expect(user.status).toBe(401);
      const right = await fetch(`${t.url}/metrics`, {
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      });
      expect(right.status).toBe(200);
      expect(await right.text()).toContain('http_request_duration_seconds');
      // Health and info stay open to the platform.
      expect((await fetch(`${t.url}/health/liveness`)).status).toBe(200);
      expect((await fetch(`${t.url}/info`)).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('keeps /metrics closed when METRICS_TOKEN is unset', async () => {
    const t = await startApp({ ...PRODUCTION, WEBHOOK_DISPATCHER: 'false' });
    try {
      const response = await fetch(`${t.url}/metrics`, {
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      });
      expect(response.status).toBe(401);
    } finally {
      await t.close();
    }
  });
});
