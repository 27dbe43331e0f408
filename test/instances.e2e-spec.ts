import { randomInt } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { createListing, newSupplier } from './support/catalogue';
import { firstOutcomes } from './support/delivery';
import { startApp, TestApp } from './support/test-app';
import { signToken, tokens } from './support/tokens';
import { Role } from '../src/auth/role';

const BUY = `mutation ($input: CreateReferralInput!, $key: String!) {
  createReferral(input: $input, idempotencyKey: $key) { id totalPence } }`;
const BUDGET = `query ($d: String!, $y: Int!) { divisionBudget(divisionCode: $d, financialYear: $y) { allocatedPence committedPence spentPence remainingPence } }`;
const SET_BUDGET = `mutation ($d: String!, $y: Int!, $a: SafeInt!) { setDivisionBudget(divisionCode: $d, financialYear: $y, amountPence: $a) { allocatedPence } }`;
const REGISTER = `mutation ($input: RegisterWebhookInput!) { registerWebhook(input: $input) { webhook { id } } }`;

/** This file's financial year: no other test file buys in it. */
const YEAR = 2047;
const person = { sex: 'MALE', age: 41, riskLevel: 'MEDIUM', supervisionType: 'LICENCE' };
/** Unique to this run: the rate-limit counts live in Redis, beyond one test run. */
const RUN = `${Date.now()}-${randomInt(1_000_000)}`;
const RATE_LIMIT = 20;
const FEED_LIMIT = 5;

/** The value of one sample in Prometheus's text format (0 when the series is absent). */
async function metric(t: TestApp, series: string): Promise<number> {
  const text = await (await fetch(`${t.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

/** Polls `check` until it holds, or fails after 30 s (never a fixed sleep). */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// Two instances need a PostgreSQL server (real parallel connections, NOTIFY between instances)
// and a Redis server for the shared rate limits: CI's second run (.ci/run starts both).
const onServerWithRedis =
  process.env.TEST_DATABASE_URL && process.env.TEST_REDIS_URL ? describe : describe.skip;

onServerWithRedis('two instances on one database and one Redis', () => {
  let a: TestApp;
  let b: TestApp;
  let receiver: Server;
  let receiverUrl: string;
  /** Event ids the receiver was sent, with how many times each. */
  const received = new Map<string, number>();
  let admin: string;
  let aims: { desiredOutcomes: string[]; complexity: string };

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      req.on('end', () => {
        const { id } = JSON.parse(raw) as { id: string };
        received.set(id, (received.get(id) ?? 0) + 1);
        res.end('thanks');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

    const environment = {
      REDIS_URL: process.env.TEST_REDIS_URL!,
      RATE_LIMIT: String(RATE_LIMIT),
      ORUK_RATE_LIMIT_PER_MINUTE: String(FEED_LIMIT),
      // The feed's callers come "through a proxy" on loopback with an address of this run's own.
      TRUST_PROXY: 'loopback',
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      WEBHOOK_POLL_MS: '500',
      WEBHOOK_RETRY_BASE_MS: '50',
      WEBHOOK_TIMEOUT_MS: '5000',
    };
    // Both run the webhook dispatcher (the default).
    [a, b] = [await startApp(environment), await startApp(environment)];
    for (const t of [a, b]) t.clock.set(`${YEAR}-05-01`);
    admin = await tokens.admin(`instances-admin-${RUN}`);
    aims = {
      desiredOutcomes: await firstOutcomes(a, admin, ['ACCOMMODATION']),
      complexity: 'LOW',
    };
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await new Promise((resolve) => receiver.close(resolve));
  });

  /** A published listing of a fresh supplier, whose REFERRAL_SENT events reach the receiver. */
  async function listing(capacity: number, amountPence: number) {
    const supplier = await newSupplier(a);
    const created = await createListing(a, supplier.token, {
      capacity,
      price: { amountPence, unit: 'PER_REFERRAL' },
    });
    const published = await b.gql(`mutation ($id: ID!) { publishIntervention(id: $id) { id } }`, {
      token: supplier.token,
      variables: { id: created.id },
    });
    expect(published.errors).toBeUndefined();
    const hook = await a.gql<{ registerWebhook: { webhook: { id: string } } }>(REGISTER, {
      token: supplier.token,
      variables: {
        input: { url: `${receiverUrl}/${supplier.organisationId}`, events: ['REFERRAL_SENT'] },
      },
    });
    expect(hook.errors).toBeUndefined();
    return { id: created.id, webhookId: hook.data!.registerWebhook.webhook.id };
  }

  /** `buyers` purchasers of `division`, all at once, every other one through the other instance. */
  async function race(listingId: string, division: string, buyers: number) {
    const purchasers = await Promise.all(
      Array.from({ length: buyers }, (_, i) =>
        tokens.purchaser(division, `instances-${division}-${i}-${RUN}`),
      ),
    );
    const results = await Promise.all(
      purchasers.map((token, i) =>
        (i % 2 === 0 ? a : b).gql<{ createReferral: { id: string; totalPence: number } }>(BUY, {
          token,
          variables: {
            input: {
              interventionId: listingId,
              crn: `X${String(i).padStart(6, '0')}`,
              person,
              targetFactors: ['ACCOMMODATION'],
              ...aims,
            },
            key: `instances-${listingId}-${i}`,
          },
        }),
      ),
    );
    return {
      bought: results.filter((r) => r.data?.createReferral).map((r) => r.data!.createReferral),
      refusals: results.filter((r) => r.errors).map((r) => r.errors![0].extensions?.reason),
    };
  }

  async function budget(division: string) {
    const res = await b.gql<{ divisionBudget: Record<string, number> }>(BUDGET, {
      token: admin,
      variables: { d: division, y: YEAR },
    });
    return res.data!.divisionBudget;
  }

  it('shares the per-user limit: requests split over both instances are refused past it', async () => {
    const token = await signToken({
      sub: `instances-limited-${RUN}`,
      roles: [Role.PURCHASER],
      divisionCode: 'LDN',
    });
    const refusedBefore =
      (await metric(a, 'rate_limit_refusals_total{limit="user"}')) +
      (await metric(b, 'rate_limit_refusals_total{limit="user"}'));
    const statuses: number[] = [];
    for (let i = 0; i < RATE_LIMIT + 6; i++) {
      statuses.push((await (i % 2 === 0 ? a : b).gql('{ me { id } }', { token })).status);
    }
    // Alone, each instance would have let all 13 of its requests through.
    expect(statuses).toEqual([...Array(RATE_LIMIT).fill(200), ...Array(6).fill(429)]);
    const refusedAfter =
      (await metric(a, 'rate_limit_refusals_total{limit="user"}')) +
      (await metric(b, 'rate_limit_refusals_total{limit="user"}'));
    expect(refusedAfter - refusedBefore).toBe(6);
  });

  it('shares the public feed’s per-address limit', async () => {
    const address = `198.18.${randomInt(256)}.${randomInt(1, 255)}`;
    const statuses: number[] = [];
    for (let i = 0; i < FEED_LIMIT + 3; i++) {
      const response = await fetch(`${(i % 2 === 0 ? a : b).url}/oruk/taxonomies`, {
        headers: { 'x-forwarded-for': address },
      });
      await response.arrayBuffer();
      statuses.push(response.status);
    }
    expect(statuses).toEqual([...Array(FEED_LIMIT).fill(200), ...Array(3).fill(429)]);
  });

  it('sells exactly the places there are to buyers on both instances, the budget exact to the penny, and delivers each event once', async () => {
    const division = 'MID';
    await a.gql(SET_BUDGET, { token: admin, variables: { d: division, y: YEAR, a: 100_000_000 } });
    const { id, webhookId } = await listing(10, 12_345);
    const attemptsBefore =
      (await metric(a, 'webhook_attempts_total{result="delivered"}')) +
      (await metric(b, 'webhook_attempts_total{result="delivered"}'));

    const { bought, refusals } = await race(id, division, 40);
    expect(bought).toHaveLength(10);
    expect(refusals).toEqual(Array(30).fill('NO_PLACES_LEFT'));
    expect(await budget(division)).toEqual({
      allocatedPence: 100_000_000,
      committedPence: 123_450,
      spentPence: 0,
      remainingPence: 100_000_000 - 123_450,
    });
    const [{ held }] = await a.dataSource.query<{ held: number }[]>(
      `SELECT places_held AS held FROM intervention WHERE id = $1`,
      [id],
    );
    expect(held).toBe(10);

    // One REFERRAL_SENT per purchase; both dispatchers running, each delivered once, first time.
    await until('every delivery to be made', async () => {
      const [{ waiting }] = await a.dataSource.query<{ waiting: number }[]>(
        `SELECT count(*) FILTER (WHERE status <> 'DELIVERED')::int + (10 - count(*)::int) AS waiting
           FROM webhook_delivery WHERE webhook_id = $1`,
        [webhookId],
      );
      return waiting === 0;
    });
    const events = await a.dataSource.query<{ event: string; attempts: number }[]>(
      `SELECT outbox_id AS event, attempts FROM webhook_delivery WHERE webhook_id = $1`,
      [webhookId],
    );
    expect(events.map((e) => e.attempts)).toEqual(Array(10).fill(1));
    expect(events.map((e) => received.get(e.event)).sort()).toEqual(Array(10).fill(1));
    const attemptsAfter =
      (await metric(a, 'webhook_attempts_total{result="delivered"}')) +
      (await metric(b, 'webhook_attempts_total{result="delivered"}'));
    expect(attemptsAfter - attemptsBefore).toBe(10);
  });

  it('stops at the budget across both instances, to the penny', async () => {
    const division = 'NW';
    const price = 12_345;
    // Seven places and 12,344p: the eighth cannot be paid for.
    const allocated = 7 * price + price - 1;
    await a.gql(SET_BUDGET, { token: admin, variables: { d: division, y: YEAR, a: allocated } });
    const { id } = await listing(100, price);

    const { bought, refusals } = await race(id, division, 30);
    expect(bought).toHaveLength(7);
    expect(bought.map((r) => r.totalPence)).toEqual(Array(7).fill(price));
    expect(refusals).toEqual(Array(23).fill('BUDGET_EXCEEDED'));
    expect(await budget(division)).toEqual({
      allocatedPence: allocated,
      committedPence: 7 * price,
      spentPence: 0,
      remainingPence: price - 1,
    });
  });
});
