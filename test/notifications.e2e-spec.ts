import { createHmac, randomUUID } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { DomainEventType } from '../src/notifications/domain-event';
import { OutboxService } from '../src/notifications/outbox.service';
import { WebhookDispatcher } from '../src/notifications/webhook-dispatcher';
import { createListing, newSupplier } from './support/catalogue';
import { attendSession, firstOutcomes, reportEndOfService } from './support/delivery';
import { errorCodes, startApp, TestApp } from './support/test-app';
import { checkPaging } from './support/paging';
import { tokens } from './support/tokens';

/** What the local receiver was sent. */
interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: {
    id: string;
    type: string;
    occurredAt: string;
    referralId: string | null;
    organisationId: string | null;
    divisionCode: string | null;
    data: Record<string, unknown>;
    links: { detail: string | null };
  };
}

interface Delivery {
  id: string;
  eventType: string;
  referralId: string | null;
  status: string;
  attemptCount: number;
  deliveredAt: string | null;
  attempts: { number: number; httpStatus: number | null; error: string | null }[];
}

const REGISTER = `mutation ($input: RegisterWebhookInput!) { registerWebhook(input: $input) {
  secret webhook { id url events organisationId divisionCode active } } }`;
const DELIVERIES = `query ($w: ID!, $r: ID, $first: Int, $after: String) {
  webhookDeliveries(webhookId: $w, referralId: $r, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id eventType referralId status attemptCount deliveredAt attempts { number httpStatus error } } } } }`;
const BUY = `mutation ($input: CreateReferralInput!, $key: String!) { createReferral(input: $input, idempotencyKey: $key) { id crn } }`;

const person = { sex: 'FEMALE', age: 30, riskLevel: 'MEDIUM', supervisionType: 'LICENCE' };
/** A division no other test file buys for, so its webhooks hear only this file's referrals. */
const DIVISION = 'NE';
const ENV = {
  // Long enough that nothing here is delivered by polling: commits wake the dispatcher, and it
  // sleeps exactly until the next retry is due.
  WEBHOOK_POLL_MS: '60000',
  WEBHOOK_RETRY_BASE_MS: '50',
  WEBHOOK_MAX_ATTEMPTS: '3',
  WEBHOOK_TIMEOUT_MS: '2000',
  // The local receivers listen on 127.0.0.1, an internal address only listed hosts may be.
  WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
};

/** The first desired outcome for accommodation: what a purchase of an accommodation place needs. */
let accommodationOutcomes: string[] = [];

describe('notifications: the outbox and webhooks', () => {
  let t: TestApp;
  let server: Server;
  let base: string;
  let purchaser: string;
  let admin: string;
  const received: Received[] = [];
  /** How the receiver answers a request: by path, default 200. */
  const answers = new Map<string, (r: Received, nth: number) => number>();
  const saved: Record<string, string | undefined> = {};
  const registered: { id: string; token: string }[] = [];
  let keys = 0;

  beforeAll(async () => {
    for (const [name, value] of Object.entries(ENV)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      req.on('end', () => {
        const path = req.url ?? '/';
        const entry = {
          path,
          headers: req.headers,
          raw,
          body: JSON.parse(raw) as Received['body'],
        };
        received.push(entry);
        const nth = received.filter((r) => r.path === path).length;
        res.statusCode = answers.get(path)?.(entry, nth) ?? 200;
        res.end('thanks');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    t = await startApp();
    t.clock.set('2026-06-01');
    admin = await tokens.admin();
    purchaser = await tokens.purchaser(DIVISION, 'notifications-purchaser');
    accommodationOutcomes = await firstOutcomes(t, purchaser, ['ACCOMMODATION']);
    await t.gql(
      `mutation { setDivisionBudget(divisionCode: "${DIVISION}", financialYear: 2026, amountPence: 100000000) { allocatedPence } }`,
      { token: admin },
    );
  });

  afterAll(async () => {
    // Leave nothing for later test files' dispatchers to chase.
    for (const hook of registered) {
      await t.gql(`mutation ($id: ID!) { deactivateWebhook(id: $id) { id } }`, {
        token: hook.token,
        variables: { id: hook.id },
      });
    }
    await t.close();
    await new Promise((resolve) => server.close(resolve));
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  async function provider() {
    const supplier = await newSupplier(t);
    const listing = await createListing(t, supplier.token, {
      capacity: 100,
      price: { amountPence: 1000, unit: 'PER_REFERRAL' },
    });
    await t.gql(`mutation ($id: ID!) { publishIntervention(id: $id) { id } }`, {
      token: supplier.token,
      variables: { id: listing.id },
    });
    return { ...supplier, listingId: listing.id };
  }

  async function register(token: string, input: Record<string, unknown>) {
    const res = await t.gql<{
      registerWebhook: {
        secret: string;
        webhook: { id: string; url: string; organisationId: string | null };
      };
    }>(REGISTER, { token, variables: { input } });
    if (!res.data) throw new Error(`registerWebhook failed: ${JSON.stringify(res.errors)}`);
    registered.push({ id: res.data.registerWebhook.webhook.id, token });
    return { ...res.data.registerWebhook.webhook, secret: res.data.registerWebhook.secret };
  }

  async function buy(listingId: string, crn = 'N123456'): Promise<string> {
    const res = await t.gql<{ createReferral: { id: string } }>(BUY, {
      token: purchaser,
      variables: {
        input: {
          interventionId: listingId,
          crn,
          person,
          targetFactors: ['ACCOMMODATION'],
          desiredOutcomes: accommodationOutcomes,
          complexity: 'LOW',
        },
        key: `notify-${++keys}-${Date.now()}`,
      },
    });
    if (!res.data) throw new Error(`createReferral failed: ${JSON.stringify(res.errors)}`);
    return res.data.createReferral.id;
  }

  async function step(token: string, mutation: string, id: string, extra = '') {
    const res = await t.gql(`mutation ($id: ID!) { ${mutation}(id: $id${extra}) { status } }`, {
      token,
      variables: { id },
    });
    if (res.errors) throw new Error(`${mutation}: ${JSON.stringify(res.errors)}`);
  }

  async function deliveries(token: string, webhookId: string, referralId?: string) {
    const res = await t.gql<{
      webhookDeliveries: { totalCount: number; edges: { node: Delivery }[] };
    }>(DELIVERIES, { token, variables: { w: webhookId, r: referralId, first: 100 } });
    if (!res.data) throw new Error(`webhookDeliveries failed: ${JSON.stringify(res.errors)}`);
    return res.data.webhookDeliveries;
  }

  /** Polls `check` until it returns something, or fails after `ms` (never a fixed sleep). */
  async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined) {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const value = await check();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  const receivedAt = (path: string) => received.filter((r) => r.path === path);

  it('sends REFERRAL_SENT to the provider’s and the division’s webhooks, signed, with a thin body', async () => {
    const p = await provider();
    const own = await register(p.token, {
      url: `${base}/provider-${p.organisationId}`,
      events: ['REFERRAL_SENT', 'REFERRAL_ACCEPTED'],
    });
    const division = await register(purchaser, {
      url: `${base}/division-${p.organisationId}`,
      events: ['REFERRAL_SENT'],
    });
    expect(own.secret).toMatch(/^whsec_[\w-]{43}$/);
    expect(division.secret).not.toEqual(own.secret);

    const referralId = await buy(p.listingId, 'N100001');
    for (const hook of [own, division]) {
      const path = new URL(hook.url).pathname;
      const [got] = await until(`REFERRAL_SENT at ${path}`, () => {
        const hits = receivedAt(path);
        return hits.length ? hits : undefined;
      });
      // Verified as a receiver would, from the README's recipe, not with the service's code.
      const [, t1, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(
        got.headers['x-marketplace-signature'] as string,
      )!;
      const expected = createHmac('sha256', hook.secret).update(`${t1}.${got.raw}`).digest('hex');
      expect(v1).toEqual(expected);
      expect(Math.abs(Date.now() / 1000 - Number(t1))).toBeLessThan(60);
      expect(got.headers['x-marketplace-event']).toEqual('REFERRAL_SENT');
      expect(got.headers['x-marketplace-attempt']).toEqual('1');
      expect(got.headers['content-type']).toEqual('application/json');
      expect(Object.keys(got.body).sort()).toEqual(
        [
          'data',
          'divisionCode',
          'id',
          'links',
          'occurredAt',
          'organisationId',
          'referralId',
          'type',
        ].sort(),
      );
      expect(got.body).toMatchObject({
        type: 'REFERRAL_SENT',
        referralId,
        organisationId: p.organisationId,
        divisionCode: DIVISION,
        data: { crn: 'N100001' },
        occurredAt: '2026-06-01T12:00:00.000Z',
      });
      expect(got.raw).not.toMatch(/FEMALE|MEDIUM|LICENCE|Housing/);

      const [delivery] = (await deliveries(hook === own ? p.token : purchaser, hook.id)).edges;
      expect(delivery.node).toMatchObject({
        id: got.headers['x-marketplace-delivery'],
        eventType: 'REFERRAL_SENT',
        referralId,
        status: 'DELIVERED',
        attemptCount: 1,
        attempts: [{ number: 1, httpStatus: 200, error: null }],
      });
    }

    // The detail link answers with the referral, for a caller allowed to see it.
    const detail = receivedAt(`/division-${p.organisationId}`)[0].body.links.detail!;
    const answer = await fetch(detail.replace('http://localhost:3000', t.url), {
      headers: { authorization: `Bearer ${purchaser}`, 'apollo-require-preflight': 'true' },
    });
    expect(await answer.json()).toEqual({
      data: { referral: { id: referralId, status: 'SUBMITTED' } },
    });
  });

  it('retries after a 500, and webhookDeliveries shows both attempts', async () => {
    const p = await provider();
    const path = `/flaky-${p.organisationId}`;
    answers.set(path, (_r, nth) => (nth === 1 ? 500 : 200));
    const hook = await register(p.token, { url: `${base}${path}`, events: ['REFERRAL_SENT'] });
    const referralId = await buy(p.listingId);

    const delivery = await until('the retried delivery', async () => {
      const [edge] = (await deliveries(p.token, hook.id)).edges;
      return edge?.node.status === 'DELIVERED' ? edge.node : undefined;
    });
    expect(delivery).toMatchObject({
      referralId,
      attemptCount: 2,
      attempts: [
        { number: 1, httpStatus: 500, error: 'The receiver answered 500 Internal Server Error' },
        { number: 2, httpStatus: 200, error: null },
      ],
    });
    const hits = receivedAt(path);
    expect(hits.map((h) => h.headers['x-marketplace-attempt'])).toEqual(['1', '2']);
    // The same delivery id and event on both: the receiver can de-duplicate.
    expect(new Set(hits.map((h) => h.headers['x-marketplace-delivery'])).size).toBe(1);
    expect(hits[0].raw).toEqual(hits[1].raw);
  });

  it('delivers a referral’s events in order: a later one waits while an earlier one is retried', async () => {
    const p = await provider();
    const path = `/ordered-${p.organisationId}`;
    answers.set(path, (_r, nth) => (nth <= 2 ? 503 : 200));
    const hook = await register(p.token, {
      url: `${base}${path}`,
      events: ['REFERRAL_SENT', 'REFERRAL_ACCEPTED', 'REFERRAL_STARTED', 'REFERRAL_COMPLETED'],
    });
    const referralId = await buy(p.listingId);
    await step(p.token, 'acceptReferral', referralId);
    await attendSession(t, p.token, referralId);
    await reportEndOfService(t, p.token, referralId);
    await step(p.token, 'completeReferral', referralId);

    await until('four events delivered', async () => {
      const { edges } = await deliveries(p.token, hook.id);
      return edges.length === 4 && edges.every((e) => e.node.status === 'DELIVERED');
    });
    expect(
      receivedAt(path).map((r) => `${r.body.type}:${String(r.headers['x-marketplace-attempt'])}`),
    ).toEqual([
      'REFERRAL_SENT:1',
      'REFERRAL_SENT:2',
      'REFERRAL_SENT:3',
      'REFERRAL_ACCEPTED:1',
      'REFERRAL_STARTED:1',
      'REFERRAL_COMPLETED:1',
    ]);
  });

  it('gives up after WEBHOOK_MAX_ATTEMPTS, then delivers the referral’s next event', async () => {
    const p = await provider();
    const path = `/refuses-sent-${p.organisationId}`;
    answers.set(path, (r) => (r.body.type === 'REFERRAL_SENT' ? 500 : 200));
    const hook = await register(p.token, {
      url: `${base}${path}`,
      events: ['REFERRAL_SENT', 'REFERRAL_ACCEPTED'],
    });
    const referralId = await buy(p.listingId);
    await step(p.token, 'acceptReferral', referralId);

    const edges = await until('the accepted event after the failed one', async () => {
      const page = await deliveries(p.token, hook.id);
      return page.edges.some((e) => e.node.status === 'DELIVERED') ? page.edges : undefined;
    });
    expect(edges.map((e) => [e.node.eventType, e.node.status, e.node.attemptCount])).toEqual([
      ['REFERRAL_ACCEPTED', 'DELIVERED', 1],
      ['REFERRAL_SENT', 'FAILED', 3],
    ]);
  });

  it('writes an event with its change: every announced step, and none for a change refused or rolled back', async () => {
    const p = await provider();
    const hook = await register(purchaser, {
      url: `${base}/division-all-${p.organisationId}`,
      events: Object.values(DomainEventType),
    });
    const referralId = await buy(p.listingId);
    // Refused changes: nothing is enqueued (deliveries are created in the change's transaction,
    // so they can be counted at once, without waiting for the dispatcher).
    const wrongSupplier = await newSupplier(t);
    expect(
      errorCodes(
        await t.gql(`mutation ($id: ID!) { acceptReferral(id: $id) { id } }`, {
          token: wrongSupplier.token,
          variables: { id: referralId },
        }),
      ),
    ).toEqual(['NOT_FOUND']);
    expect(
      errorCodes(
        await t.gql(`mutation ($id: ID!) { declineReferral(id: $id, reason: "x") { id } }`, {
          token: p.token,
          variables: { id: referralId },
        }),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    expect(
      errorCodes(
        await t.gql(BUY, {
          token: purchaser,
          variables: {
            input: {
              interventionId: p.listingId,
              crn: 'N999999',
              person: { ...person, age: 90 },
              targetFactors: ['ACCOMMODATION'],
              desiredOutcomes: accommodationOutcomes,
              complexity: 'LOW',
            },
            key: `notify-bad-${Date.now()}`,
          },
        }),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    expect((await deliveries(purchaser, hook.id)).totalCount).toBe(1);

    // A change that writes its event and then fails: the event goes with it.
    const outbox = t.app.get(OutboxService);
    const ghost = randomUUID();
    await expect(
      t.dataSource.transaction(async (manager) => {
        await outbox.enqueue(manager, {
          type: DomainEventType.REFERRAL_ACCEPTED,
          referralId: ghost,
          organisationId: p.organisationId,
          divisionCode: DIVISION,
          payload: { crn: 'N000000' },
        });
        throw new Error('the change failed after its event was written');
      }),
    ).rejects.toThrow('the change failed');
    const [{ count }] = await t.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM outbox WHERE referral_id = $1`,
      [ghost],
    );
    expect(count).toBe(0);
    expect((await deliveries(purchaser, hook.id)).totalCount).toBe(1);

    // Every step that is announced, including the withdrawal and the outcome.
    await step(p.token, 'acceptReferral', referralId);
    await attendSession(t, p.token, referralId);
    await reportEndOfService(t, p.token, referralId, 'PARTIALLY_ACHIEVED');
    await step(p.token, 'endReferralEarly', referralId, ', reason: "Moved out of the area"');
    const outcome = await t.gql(
      `mutation ($r: ID!) { recordOutcome(referralId: $r, input: { factorJudgements: [{ factor: ACCOMMODATION, sufficient: true }], riskOfHarmFocus: YES, informationForReview: YES }) { id } }`,
      { token: purchaser, variables: { r: referralId } },
    );
    expect(outcome.errors).toBeUndefined();
    const withdrawn = await buy(p.listingId);
    await step(
      purchaser,
      'withdrawReferral',
      withdrawn,
      ', input: { reason: RETURNED_TO_CUSTODY }',
    );

    const types = async (id: string) =>
      (await deliveries(purchaser, hook.id, id)).edges.map((e) => e.node.eventType).reverse();
    expect(await types(referralId)).toEqual([
      'REFERRAL_SENT',
      'REFERRAL_ACCEPTED',
      'REFERRAL_STARTED',
      'END_OF_SERVICE_REPORT_SUBMITTED',
      'REFERRAL_ENDED_EARLY',
      'OUTCOME_RECORDED',
    ]);
    expect(await types(withdrawn)).toEqual(['REFERRAL_SENT', 'REFERRAL_WITHDRAWN']);
    await until('all delivered', async () =>
      (await deliveries(purchaser, hook.id)).edges.every((e) => e.node.status === 'DELIVERED'),
    );
  });

  // Truly concurrent only on the PostgreSQL server (the embedded pool has one connection, so
  // there the racers take turns); the assertion holds on both.
  it('never sends an event twice when several dispatchers race for the same deliveries', async () => {
    const p = await provider();
    const path = `/race-${p.organisationId}`;
    const hook = await register(p.token, { url: `${base}${path}`, events: ['REFERRAL_SENT'] });
    const outbox = t.app.get(OutboxService);
    await t.dataSource.transaction(async (manager) => {
      for (let i = 0; i < 60; i++) {
        await outbox.enqueue(manager, {
          type: DomainEventType.REFERRAL_SENT,
          referralId: randomUUID(),
          organisationId: p.organisationId,
          divisionCode: null,
          payload: { crn: 'N000001' },
        });
      }
    });
    const dispatcher = t.app.get(WebhookDispatcher);
    await Promise.all(Array.from({ length: 6 }, () => dispatcher.runOnce()));
    await until('60 deliveries', async () => {
      const { edges } = await deliveries(p.token, hook.id);
      return edges.length === 60 && edges.every((e) => e.node.status === 'DELIVERED');
    });
    const hits = receivedAt(path);
    expect(hits).toHaveLength(60);
    expect(new Set(hits.map((h) => h.headers['x-marketplace-delivery'])).size).toBe(60);
    expect(hits.every((h) => h.headers['x-marketplace-attempt'] === '1')).toBe(true);
  });

  // The embedded database does not pass notifications between connections: there, another
  // instance's events wait for the poll, so this runs only against the PostgreSQL server.
  (process.env.TEST_DATABASE_URL ? it : it.skip)(
    'is woken by NOTIFY when another instance commits an event (PostgreSQL server only)',
    async () => {
      const p = await provider();
      const path = `/notified-${p.organisationId}`;
      await register(p.token, { url: `${base}${path}`, events: ['REFERRAL_SENT'] });
      process.env.WEBHOOK_DISPATCHER = 'off';
      const writer = await startApp().finally(() => delete process.env.WEBHOOK_DISPATCHER);
      try {
        writer.clock.set('2026-06-01');
        const res = await writer.gql(BUY, {
          token: purchaser,
          variables: {
            input: {
              interventionId: p.listingId,
              crn: 'N200002',
              person,
              targetFactors: ['ACCOMMODATION'],
              desiredOutcomes: accommodationOutcomes,
              complexity: 'LOW',
            },
            key: `notify-other-instance-${Date.now()}`,
          },
        });
        expect(res.errors).toBeUndefined();
        // This instance polls once a minute: only the notification can bring it in time.
        const [got] = await until('the other instance’s event', () => {
          const hits = receivedAt(path);
          return hits.length ? hits : undefined;
        });
        expect(got.body.data).toEqual({ crn: 'N200002' });
      } finally {
        await writer.close();
      }
    },
  );

  it('sends nothing more once a webhook is deactivated', async () => {
    const p = await provider();
    const path = `/deactivated-${p.organisationId}`;
    const hook = await register(p.token, { url: `${base}${path}`, events: ['REFERRAL_SENT'] });
    const res = await t.gql<{ deactivateWebhook: { active: boolean } }>(
      `mutation ($id: ID!) { deactivateWebhook(id: $id) { active deactivatedAt } }`,
      { token: p.token, variables: { id: hook.id } },
    );
    expect(res.data?.deactivateWebhook.active).toBe(false);
    await buy(p.listingId);
    expect((await deliveries(p.token, hook.id)).totalCount).toBe(0);
    const list = await t.gql<{ webhooks: { nodes: { id: string }[] } }>(
      `query { webhooks(includeInactive: true) { nodes { id active } } }`,
      { token: p.token },
    );
    expect(list.data?.webhooks.nodes).toEqual([{ id: hook.id, active: false }]);
  });

  it('keeps webhooks to their owners', async () => {
    const p = await provider();
    const other = await newSupplier(t);
    const own = await register(p.token, { url: `${base}/scope-org`, events: ['REFERRAL_SENT'] });
    const division = await register(purchaser, {
      url: `${base}/scope-division`,
      events: ['REFERRAL_SENT'],
    });

    const otherList = await t.gql<{ webhooks: { nodes: { id: string }[] } }>(
      `query { webhooks { nodes { id } } }`,
      {
        token: other.token,
      },
    );
    expect(otherList.data?.webhooks.nodes).toEqual([]);
    for (const [token, id] of [
      [other.token, own.id],
      [other.token, division.id],
      [await tokens.purchaser('LDN'), division.id],
      [await tokens.purchaser('LDN'), own.id],
    ]) {
      expect(errorCodes(await t.gql(DELIVERIES, { token, variables: { w: id } }))).toEqual([
        'NOT_FOUND',
      ]);
      expect(
        errorCodes(
          await t.gql(`mutation ($id: ID!) { deactivateWebhook(id: $id) { id } }`, {
            token,
            variables: { id },
          }),
        ),
      ).toEqual(['NOT_FOUND']);
    }
    // A division commissioner shares the division's webhooks; an admin sees every one.
    const commissioner = await t.gql<{ webhooks: { nodes: { id: string }[] } }>(
      `query { webhooks { nodes { id } } }`,
      {
        token: await tokens.commissioner(DIVISION),
      },
    );
    expect(commissioner.data?.webhooks.nodes.map((w) => w.id)).toContain(division.id);
    expect(commissioner.data?.webhooks.nodes.map((w) => w.id)).not.toContain(own.id);
    const all = await t.gql<{ webhooks: { nodes: { id: string }[] } }>(
      `query ($o: ID) { webhooks(organisationId: $o) { nodes { id } } }`,
      { token: admin, variables: { o: p.organisationId } },
    );
    expect(all.data?.webhooks.nodes.map((w) => w.id)).toEqual([own.id]);
    // An admin's list of every webhook pages oldest first, forward and backward.
    const everyHook = await checkPaging(t, admin, {
      field: 'webhooks',
      args: 'includeInactive: true',
      max: 100,
    });
    expect(everyHook).toEqual(expect.arrayContaining([own.id, division.id]));

    const refusals: [string, Record<string, unknown>, string][] = [
      [other.token, { organisationId: p.organisationId }, 'FORBIDDEN'],
      [purchaser, { divisionCode: 'LDN' }, 'FORBIDDEN'],
      [p.token, { divisionCode: DIVISION }, 'FORBIDDEN'],
      [await tokens.commissioner(), {}, 'FORBIDDEN'],
      [admin, {}, 'BAD_USER_INPUT'],
      [admin, { organisationId: randomUUID() }, 'NOT_FOUND'],
      [admin, { divisionCode: 'XX' }, 'NOT_FOUND'],
      [admin, { organisationId: p.organisationId, divisionCode: DIVISION }, 'BAD_USER_INPUT'],
    ];
    for (const [token, owner, code] of refusals) {
      const res = await t.gql(REGISTER, {
        token,
        variables: { input: { url: `${base}/refused`, events: ['REFERRAL_SENT'], ...owner } },
      });
      expect([JSON.stringify(owner), errorCodes(res)]).toEqual([JSON.stringify(owner), [code]]);
    }
    const byAdmin = await register(admin, {
      url: `${base}/by-admin`,
      events: ['OUTCOME_RECORDED'],
      organisationId: p.organisationId,
    });
    expect(byAdmin.organisationId).toEqual(p.organisationId);
  });

  it('refuses a bad URL or no events as BAD_USER_INPUT, naming the field', async () => {
    const p = await provider();
    const cases: [Record<string, unknown>, string][] = [
      [{ url: 'http://example.org/hooks' }, 'input.url'],
      [{ url: 'ftp://example.org/hooks' }, 'input.url'],
      [{ url: 'not a url' }, 'input.url'],
      [{ url: 'https://user:pass@example.org/hooks' }, 'input.url'],
      [{ events: [] }, 'input.events'],
      [{ events: ['REFERRAL_EXPLODED'] }, ''],
    ];
    for (const [input, field] of cases) {
      const res = await t.gql(REGISTER, {
        token: p.token,
        variables: {
          input: { url: 'https://example.org/hooks', events: ['REFERRAL_SENT'], ...input },
        },
      });
      expect([input, errorCodes(res)]).toEqual([input, ['BAD_USER_INPUT']]);
      if (field) {
        expect(res.errors?.[0].extensions?.fieldErrors?.map((e) => e.field)).toEqual([field]);
      }
    }
    const list = await t.gql<{ webhooks: { nodes: unknown[] } }>(
      `query { webhooks { nodes { id } } }`,
      {
        token: p.token,
      },
    );
    expect(list.data?.webhooks.nodes).toEqual([]);
  });
});

describe('notifications: shutting down', () => {
  it('finishes the delivery in flight, and records it, before the service stops', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, ENV);
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const requests: string[] = [];
    const server = createServer((req, res) => {
      requests.push(req.url ?? '');
      req.resume();
      void held.then(() => res.end('ok'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slow`;
    const t = await startApp();
    const db = new Client({ connectionString: process.env.DATABASE_URL });
    try {
      t.clock.set('2026-06-01');
      accommodationOutcomes = await firstOutcomes(t, await tokens.admin(), ['ACCOMMODATION']);
      const supplier = await newSupplier(t);
      const listing = await createListing(t, supplier.token, {
        price: { amountPence: 1000, unit: 'PER_REFERRAL' },
      });
      await t.gql(`mutation ($id: ID!) { publishIntervention(id: $id) { id } }`, {
        token: supplier.token,
        variables: { id: listing.id },
      });
      const hook = await t.gql<{ registerWebhook: { webhook: { id: string } } }>(REGISTER, {
        token: supplier.token,
        variables: { input: { url, events: ['REFERRAL_SENT'] } },
      });
      const bought = await t.gql(BUY, {
        token: await tokens.purchaser(DIVISION, 'notifications-shutdown'),
        variables: {
          input: {
            interventionId: listing.id,
            crn: 'N300003',
            person,
            targetFactors: ['ACCOMMODATION'],
            desiredOutcomes: accommodationOutcomes,
            complexity: 'LOW',
          },
          key: `notify-shutdown-${Date.now()}`,
        },
      });
      expect(bought.errors).toBeUndefined();
      const deadline = Date.now() + 20_000;
      while (requests.length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(requests).toEqual(['/slow']);

      // Stop while the receiver is still answering; it answers shortly after.
      const closing = t.close();
      setTimeout(release, 100);
      await closing;

      await db.connect();
      const { rows } = await db.query<{ status: string; attempts: number; logged: number }>(
        `SELECT d.status, d.attempts,
                (SELECT count(*)::int FROM webhook_delivery_attempt a WHERE a.delivery_id = d.id) AS logged
           FROM webhook_delivery d WHERE d.webhook_id = $1`,
        [hook.data!.registerWebhook.webhook.id],
      );
      expect(rows).toEqual([{ status: 'DELIVERED', attempts: 1, logged: 1 }]);
    } finally {
      release();
      await db.end().catch(() => undefined);
      await new Promise((resolve) => server.close(resolve));
      for (const name of Object.keys(ENV)) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    }
  });
});
