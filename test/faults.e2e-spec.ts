import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { findInconsistencies } from '../src/health/consistency';
import { createListing, newSupplier } from './support/catalogue';
import { firstOutcomes } from './support/delivery';
import { GraphQLResponse, startApp, TestApp } from './support/test-app';
import { tokens } from './support/tokens';

const BUY = `mutation ($input: CreateReferralInput!, $key: String!) {
  createReferral(input: $input, idempotencyKey: $key) { id } }`;
const SEARCH = `{ searchInterventions(filter: { factors: [ACCOMMODATION] }, first: 5) { totalCount edges { node { id } } } }`;
const person = { sex: 'MALE', age: 30, riskLevel: 'MEDIUM', supervisionType: 'LICENCE' };
// No other test file buys for this division.
const DIVISION = 'NE';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits (polling, bounded) until `condition` holds; fails with `what` otherwise. */
async function eventually(
  what: string,
  condition: () => boolean | Promise<boolean>,
  state: () => unknown = () => undefined,
) {
  for (let i = 0; i < 600; i += 1) {
    if (await condition()) return;
    await pause(50);
  }
  throw new Error(`Never happened: ${what} ${JSON.stringify(state())}`);
}

async function publishedListing(t: TestApp) {
  const supplier = await newSupplier(t);
  const listing = await createListing(t, supplier.token, {
    capacity: 10_000,
    price: { amountPence: 100, unit: 'PER_REFERRAL' },
  });
  await t.gql(`mutation ($id: ID!) { publishIntervention(id: $id) { id } }`, {
    token: supplier.token,
    variables: { id: listing.id },
  });
  accommodationOutcomes = await firstOutcomes(t, supplier.token, ['ACCOMMODATION']);
  return listing;
}

/** The first accommodation outcome (a purchase needs one per target factor); read with a listing. */
let accommodationOutcomes: string[] = [];

function purchase(interventionId: string, key: string) {
  return {
    key,
    variables: {
      key,
      input: {
        interventionId,
        crn: 'F123456',
        person,
        targetFactors: ['ACCOMMODATION'],
        desiredOutcomes: accommodationOutcomes,
        complexity: 'LOW',
      },
    },
  };
}

describe('the consistency checker', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('finds a listing whose places held disagree with its live referrals', async () => {
    const listing = await publishedListing(t);
    expect(await findInconsistencies(t.dataSource)).toEqual([]);
    const runner = t.dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      await runner.query(`UPDATE intervention SET places_held = places_held + 1 WHERE id = $1`, [
        listing.id,
      ]);
      expect(await findInconsistencies(runner.manager)).toEqual([
        { rule: 'places_held', subject: listing.id, recorded: '1', expected: '0' },
      ]);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it("finds a listing whose venue areas disagree with its venues'", async () => {
    const listing = await publishedListing(t);
    const runner = t.dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      const [{ areas }] = await runner.manager.query<{ areas: string }[]>(
        `SELECT venue_pcc_areas::text AS areas FROM intervention WHERE id = $1`,
        [listing.id],
      );
      expect(areas).toBe('{west-yorkshire}');
      await runner.query(`UPDATE intervention SET venue_pcc_areas = '{kent}' WHERE id = $1`, [
        listing.id,
      ]);
      expect(await findInconsistencies(runner.manager)).toEqual([
        { rule: 'venue_areas', subject: listing.id, recorded: '{kent}', expected: areas },
      ]);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});

const onServer = process.env.TEST_DATABASE_URL ? describe : describe.skip;

interface Outcome {
  phase: 'before' | 'broken' | 'after';
  kind: 'buy' | 'search';
  key?: string;
  token: string;
  status: number;
  response: GraphQLResponse<{ createReferral?: { id: string } }>;
}

// Killing connections needs the PostgreSQL server (the embedded database has one connection,
// owned by the test run): this runs only in CI's second run.
onServer('faults on the PostgreSQL server', () => {
  const database = process.env.TEST_DATABASE_NAME!;
  let server: Client;
  beforeAll(async () => {
    // TypeORM logs every query the lost connections broke.
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    server = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await server.connect();
  });
  afterAll(async () => {
    await server.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`);
    await server.end();
  });

  describe('connections killed under load', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startApp({ RATE_LIMIT: '1000000' });
      t.clock.set('2091-05-01');
    });
    afterAll(() => t.close());

    it('fails requests cleanly, reports it on /health, recovers by itself, and loses or half-writes nothing', async () => {
      const admin = await tokens.admin('faults-admin');
      await t.gql(
        `mutation { setDivisionBudget(divisionCode: "${DIVISION}", financialYear: 2091, amountPence: 1000000000) { allocatedPence } }`,
        { token: admin },
      );
      const listing = await publishedListing(t);
      const buyers = await Promise.all(
        Array.from({ length: 6 }, (_, i) => tokens.purchaser(DIVISION, `faults-buyer-${i}`)),
      );

      let phase: Outcome['phase'] = 'before';
      let stop = false;
      const outcomes: Outcome[] = [];
      const count = (p: Outcome['phase'], ok: boolean) =>
        outcomes.filter((o) => o.phase === p && !o.response.errors === ok).length;
      const worker = async (token: string, w: number) => {
        for (let n = 0; !stop; n += 1) {
          const at = phase;
          if (n % 3 === 2) {
            const response = await t.gql(SEARCH, { token });
            outcomes.push({ phase: at, kind: 'search', token, status: response.status, response });
          } else {
            const { key, variables } = purchase(listing.id, `faults-${w}-${n}`);
            const response = await t.gql<{ createReferral: { id: string } }>(BUY, {
              token,
              variables,
            });
            outcomes.push({
              phase: at,
              kind: 'buy',
              key,
              token,
              status: response.status,
              response,
            });
          }
        }
      };
      const workers = buyers.map(worker);

      await eventually('purchases succeed', () => count('before', true) >= 20);
      await server.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS false`);
      await server.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
        [database],
      );
      phase = 'broken';
      const down = await fetch(`${t.url}/health`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({
        status: 'error',
        error: { database: { status: 'down' } },
      });
      await eventually(
        'requests fail while the database is gone',
        () => count('broken', false) >= 12,
      );

      await server.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`);
      phase = 'after';
      await eventually(
        '/health is up again',
        async () => (await fetch(`${t.url}/health`)).status === 200,
      );
      await eventually('purchases succeed again', () => count('after', true) >= 20);
      stop = true;
      await Promise.all(workers);

      // Every failure is a clean, documented error: no 5xx, no internal error, no stack.
      const failures = outcomes.filter((o) => o.response.errors);
      expect(outcomes.every((o) => o.status < 500)).toBe(true);
      const codes = new Set(
        failures.flatMap((o) => o.response.errors!.map((e) => e.extensions?.code)),
      );
      expect([...codes]).toEqual(['SERVICE_UNAVAILABLE']);
      expect(JSON.stringify(failures)).not.toMatch(/stacktrace|at .*\.js:\d+/);
      // Requests in flight when the connections were killed fail too; none once recovered.
      expect(count('after', true)).toBeGreaterThanOrEqual(20);

      // Every purchase answered with an id is there. A failed one may have been committed just
      // before its connection died: retried by its buyer with its key, each is charged once.
      const bought = outcomes.filter((o) => o.response.data?.createReferral);
      const ids = bought.map((o) => o.response.data!.createReferral!.id);
      const [{ stored }] = await t.dataSource.query<{ stored: number }[]>(
        `SELECT count(*)::int AS stored FROM referral WHERE id = ANY($1::uuid[])`,
        [ids],
      );
      expect(stored).toBe(ids.length);
      const retried = outcomes.filter((o) => o.kind === 'buy' && o.response.errors);
      for (const o of retried) {
        const { variables } = purchase(listing.id, o.key!);
        const again = await t.gql(BUY, { token: o.token, variables });
        expect(again.errors).toBeUndefined();
      }
      const [{ referrals }] = await t.dataSource.query<{ referrals: number }[]>(
        `SELECT count(*)::int AS referrals FROM referral WHERE intervention_id = $1`,
        [listing.id],
      );
      expect(referrals).toBe(ids.length + retried.length);
      expect(await findInconsistencies(t.dataSource)).toEqual([]);
    }, 120_000);
  });

  describe('SIGTERM under load', () => {
    let t: TestApp;
    let child: ChildProcess | undefined;
    beforeAll(async () => {
      t = await startApp();
    });
    afterAll(async () => {
      if (child && child.exitCode === null) child.kill('SIGKILL');
      await t.close();
    });

    it('finishes the purchases it accepted, loses none and half-writes none', async () => {
      // The spawned service runs on the real clock: its financial year is today's.
      const today = new Date();
      const year = today.getUTCMonth() >= 3 ? today.getUTCFullYear() : today.getUTCFullYear() - 1;
      await t.gql(
        `mutation { setDivisionBudget(divisionCode: "${DIVISION}", financialYear: ${year}, amountPence: 1000000000) { allocatedPence } }`,
        { token: await tokens.admin('sigterm-admin') },
      );
      const listing = await publishedListing(t);

      let output = '';
      child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
        cwd: join(__dirname, '..'),
        env: {
          ...process.env,
          PORT: '0',
          NODE_ENV: 'test',
          LOG_LEVEL: 'info',
          DB_POOL_SIZE: '4',
          RATE_LIMIT: '1000000',
          SEED_DEMO_ON_FIRST_START: 'false',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
        (resolve) => child!.once('exit', (code, signal) => resolve({ code, signal })),
      );
      await eventually('the service starts', () =>
        /GraphQL API at http:\/\/\S+\/graphql/.test(output),
      );
      const api = /GraphQL API at (http:\/\/\S+\/graphql)/
        .exec(output)![1]
        .replace('[::1]', '127.0.0.1');

      const answered: string[] = [];
      let refused = 0;
      let failedClean = 0;
      let running = true;
      const unexpected: string[] = [];
      const worker = async (w: number) => {
        const token = await tokens.purchaser(DIVISION, `sigterm-buyer-${w}`);
        for (let n = 0; running; n += 1) {
          const { variables } = purchase(listing.id, `sigterm-${w}-${n}`);
          let response: Response;
          try {
            response = await fetch(api, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
              body: JSON.stringify({ query: BUY, variables }),
            });
          } catch {
            // Not accepted: the service had stopped listening (or closed the connection).
            refused += 1;
            if (child!.exitCode !== null || refused > 50) running = false;
            continue;
          }
          const text = await response.text();
          const body = JSON.parse(text) as {
            data?: { createReferral: { id: string } };
            errors?: { extensions?: { code?: string } }[];
          };
          if (body.data?.createReferral) answered.push(body.data.createReferral.id);
          else if (
            response.status < 500 &&
            body.errors?.every((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')
          ) {
            failedClean += 1;
          } else {
            unexpected.push(`${response.status} ${text.slice(0, 300)}`);
            running = false;
          }
        }
      };
      const workers = Array.from({ length: 6 }, (_, w) => worker(w));
      await eventually('purchases succeed', () => answered.length >= 30 || unexpected.length > 0);
      expect(unexpected).toEqual([]);
      child.kill('SIGTERM');
      const { code, signal } = await exited;
      running = false;
      await Promise.all(workers);

      expect(unexpected).toEqual([]);
      expect(code === 0 || signal === 'SIGTERM').toBe(true);
      expect(refused).toBeGreaterThan(0);
      const stored = await t.dataSource.query<{ id: string }[]>(
        `SELECT id FROM referral WHERE intervention_id = $1`,
        [listing.id],
      );
      const storedIds = new Set(stored.map((r) => r.id));
      // Every purchase answered with an id is stored; anything stored beyond them was cut off
      // on its way back to a client whose connection closed.
      expect(answered.filter((id) => !storedIds.has(id))).toEqual([]);
      expect(storedIds.size - answered.length).toBeLessThanOrEqual(refused + failedClean);
      expect(await findInconsistencies(t.dataSource)).toEqual([]);
    }, 120_000);
  });
});
