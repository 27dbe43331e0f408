import { request as httpRequest } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { ReportLane } from '../src/commissioning/report-lane';
import { REPORTING_APPLICATION_NAME } from '../src/database/reporting-database';
import { createListing, newSupplier } from './support/catalogue';
import { firstOutcomes } from './support/delivery';
import { tokens } from './support/tokens';
import { errorCodes, errorReasons, startApp } from './support/test-app';
import { WebBrowser } from './support/web-browser';

/**
 * The commissioners' reports run on their own pool (REPORTING_DATABASE_URL), with a time limit,
 * and never on the purchases' connections: a report that cannot run, or runs too long, answers
 * a clear error while a purchase at the same moment goes through. This file buys in financial
 * year 2046 (the clock runs there), division NE, from its own new supplier.
 */
const DIVISION = 'NE';
const YEAR = 2046;
const BUY = `mutation ($input: CreateReferralInput!, $key: String!) {
  createReferral(input: $input, idempotencyKey: $key) { id status financialYear } }`;
const SET_BUDGET = `mutation ($d: String!, $y: Int!, $a: SafeInt!) { setDivisionBudget(divisionCode: $d, financialYear: $y, amountPence: $a) { allocatedPence } }`;
const GAPS = `query ($filter: ProvisionGapFilter) { provisionGaps(filter: $filter) { pccArea { code } factor { code } searches gap } }`;
const BREAKDOWN = `query { measureBreakdown(by: SEX) { key referrals } }`;
const SEARCH = `query { searchInterventions(filter: { pccAreaCode: "west-yorkshire", factors: [ACCOMMODATION] }) { totalCount } }`;
const RANKING = `query { contributionScores(factor: ACCOMMODATION) { nodes { score } } }`;
const PROVIDER_SCORES = `query ($id: ID!) { contributionScores(providerId: $id) { nodes { factor score } } }`;
const PERIOD = { from: '2046-04-01', to: '2046-06-30' };

let keys = 0;

/** An app instance with the given reporting settings, a budget in 2046 and a listing to buy. */
async function market(environment: Record<string, string>) {
  const t = await startApp({ NODE_ENV: 'development', LOG_LEVEL: 'silent', ...environment });
  t.clock.set('2046-05-01');
  const admin = await tokens.admin();
  const purchaser = await tokens.purchaser(DIVISION, 'purchaser-reporting-pool');
  const national = await tokens.commissioner(undefined, 'commissioner-reporting-pool');
  const supplier = await newSupplier(t);
  await t.gql(SET_BUDGET, { token: admin, variables: { d: DIVISION, y: YEAR, a: 100_000_000 } });
  const listing = await createListing(t, supplier.token, {
    title: 'Reporting pool: tenancy support',
    price: { amountPence: 20000, unit: 'PER_SESSION' },
    capacity: 50,
  });
  await t.gql(`mutation ($id: ID!) { publishIntervention(id: $id) { id } }`, {
    token: supplier.token,
    variables: { id: listing.id },
  });
  const desiredOutcomes = await firstOutcomes(t, purchaser, ['ACCOMMODATION']);
  const buy = () =>
    t.gql<{ createReferral: { id: string; status: string; financialYear: number } }>(BUY, {
      token: purchaser,
      variables: {
        key: `reporting-pool-${Date.now()}-${++keys}`,
        input: {
          interventionId: listing.id,
          crn: 'X204601',
          person: { sex: 'FEMALE', age: 40, riskLevel: 'LOW', supervisionType: 'LICENCE' },
          targetFactors: ['ACCOMMODATION'],
          desiredOutcomes,
          complexity: 'MEDIUM',
        },
      },
    });
  const csv = (path: string) =>
    fetch(`${t.url}/reports/${path}`, { headers: { authorization: `Bearer ${national}` } });
  const page = (path: string) => WebBrowser.withToken(t.url, national).page(path);
  return { t, national, purchaser, supplierId: supplier.organisationId, buy, csv, page };
}

describe('reports run on their own pool, never on the purchases’ connections', () => {
  let m: Awaited<ReturnType<typeof market>>;

  beforeAll(async () => {
    // The reports' database cannot be reached at all; the service's own database can.
    m = await market({ REPORTING_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/nowhere' });
  });
  afterAll(() => m?.t.close());

  it('answers every report through REPORTING_DATABASE_URL while purchases and searches work', async () => {
    const [gaps, breakdown, ranking, bought, search, providerScores] = await Promise.all([
      m.t.gql(GAPS, { token: m.national, variables: { filter: PERIOD } }),
      m.t.gql(BREAKDOWN, { token: m.national }),
      // Ranking every provider is a report too (the scorecards page), whoever asks.
      m.t.gql(RANKING, { token: m.purchaser }),
      m.buy(),
      m.t.gql<{ searchInterventions: { totalCount: number } }>(SEARCH, { token: m.purchaser }),
      // One provider's own scores (a listing's page) stay on the service's database.
      m.t.gql<{ contributionScores: { nodes: { factor: string | null }[] } }>(PROVIDER_SCORES, {
        token: m.purchaser,
        variables: { id: m.supplierId },
      }),
    ]);
    // The reports tried their own database (unreachable): not the purchases'.
    expect(errorCodes(gaps)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(errorReasons(gaps)).toEqual(['DATABASE_UNAVAILABLE']);
    expect(errorReasons(breakdown)).toEqual(['DATABASE_UNAVAILABLE']);
    expect(errorReasons(ranking)).toEqual(['DATABASE_UNAVAILABLE']);
    expect(providerScores.errors).toBeUndefined();
    expect(providerScores.data!.contributionScores.nodes[0]).toMatchObject({ factor: null });
    expect(bought.errors).toBeUndefined();
    expect(bought.data!.createReferral).toMatchObject({ status: 'SUBMITTED', financialYear: YEAR });
    expect(search.errors).toBeUndefined();
    expect(search.data!.searchInterventions.totalCount).toBeGreaterThan(0);
  });

  it('so do the CSV routes (503, JSON error) and the commissioners’ pages (a GOV.UK 503 page)', async () => {
    const response = await m.csv('provisionGaps.csv?from=2046-04-01&to=2046-06-30');
    expect(response.status).toBe(503);
    const body = (await response.json()) as { error: { code: string; reason: string } };
    expect(body.error).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      reason: 'DATABASE_UNAVAILABLE',
    });

    const gapsPage = await m.page('/commissioning/gaps?from=2046-04-01&to=2046-06-30');
    expect(gapsPage.status).toBe(503);
    expect(gapsPage.html).toContain('Sorry, this page is not available at the moment');
    expect(gapsPage.html).toContain('Buying places is not affected');
  });
});

describe('a report past REPORT_STATEMENT_TIMEOUT_MS', () => {
  let m: Awaited<ReturnType<typeof market>>;

  beforeAll(async () => {
    m = await market({ REPORT_STATEMENT_TIMEOUT_MS: '1' });
  });
  afterAll(() => m?.t.close());

  it('answers REPORT_TIMED_OUT while a purchase at the same moment succeeds', async () => {
    const [gaps, bought] = await Promise.all([
      m.t.gql(GAPS, { token: m.national, variables: { filter: PERIOD } }),
      m.buy(),
    ]);
    expect(errorCodes(gaps)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(errorReasons(gaps)).toEqual(['REPORT_TIMED_OUT']);
    expect(gaps.errors![0].message).toContain('1 ms');
    expect(bought.errors).toBeUndefined();
    expect(bought.data!.createReferral.status).toBe('SUBMITTED');

    // And the purchases' connection is left as it was: the next purchase goes through too.
    const again = await m.buy();
    expect(again.errors).toBeUndefined();
  });

  it('answers a CSV route with a 503 naming the reason, and a page with a GOV.UK 503 page', async () => {
    const response = await m.csv('spend.csv?groupBy=DIVISION&from=2046-04-01&to=2046-06-30');
    expect(response.status).toBe(503);
    const body = (await response.json()) as { error: { code: string; reason: string } };
    expect(body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'REPORT_TIMED_OUT' });

    const gapsPage = await m.page('/commissioning/gaps?from=2046-04-01&to=2046-06-30');
    expect(gapsPage.status).toBe(503);
    expect(gapsPage.html).toContain('The report took too long to prepare and was stopped');
  });
});

describe('the same report asked again within REPORT_CACHE_SECONDS', () => {
  let m: Awaited<ReturnType<typeof market>>;

  beforeAll(async () => {
    m = await market({ REPORT_CACHE_SECONDS: '60' });
  });
  afterAll(() => m?.t.close());

  const westYorkshire = async () => {
    const res = await m.t.gql<{
      provisionGaps: { pccArea: { code: string }; factor: { code: string }; searches: number }[];
    }>(GAPS, {
      token: m.national,
      variables: { filter: { ...PERIOD, pccAreaCode: 'west-yorkshire' } },
    });
    expect(res.errors).toBeUndefined();
    return res.data!.provisionGaps.find((row) => row.factor.code === 'ACCOMMODATION')!.searches;
  };

  it('answers as it did until the time is up, then afresh; another report or scope runs at once', async () => {
    m.t.clock.set('2046-05-01T10:00:00Z');
    const before = await westYorkshire();
    const search = await m.t.gql(SEARCH, { token: m.purchaser });
    expect(search.errors).toBeUndefined();

    // Within the minute: the same answer, without running again.
    m.t.clock.set('2046-05-01T10:00:59Z');
    expect(await westYorkshire()).toBe(before);
    // A different request (another area) is another report: it sees the search.
    const national = await m.t.gql<{
      provisionGaps: { pccArea: { code: string }; searches: number }[];
    }>(GAPS, {
      token: m.national,
      variables: { filter: { ...PERIOD, factors: ['ACCOMMODATION'] } },
    });
    expect(
      national.data!.provisionGaps.find((row) => row.pccArea.code === 'west-yorkshire')!.searches,
    ).toBe(before + 1);

    m.t.clock.set('2046-05-01T10:01:01Z');
    expect(await westYorkshire()).toBe(before + 1);
  });

  it('keeps each caller’s own answer: another scope, or a role the report refuses, never gets it', async () => {
    m.t.clock.set('2046-05-01T11:00:00Z');
    const variables = { filter: { ...PERIOD, factors: ['ACCOMMODATION'] } };
    const areasFor = async (token: string) => {
      const res = await m.t.gql<{ provisionGaps: { pccArea: { code: string } }[] }>(GAPS, {
        token,
        variables,
      });
      expect(res.errors).toBeUndefined();
      return res.data!.provisionGaps.map((row) => row.pccArea.code);
    };
    const national = await areasFor(m.national);
    expect(national).toHaveLength(42);
    expect(await areasFor(m.national)).toEqual(national);
    // The same query and variables from a division's commissioner: their division's areas only.
    const wales = await tokens.commissioner('WAL', 'commissioner-reporting-pool-wales');
    const welsh = await areasFor(wales);
    expect(welsh).toEqual(['dyfed-powys', 'gwent', 'north-wales', 'south-wales']);
    expect(await areasFor(wales)).toEqual(welsh);
    // Roles the report refuses are refused, whoever asked the same before.
    for (const token of [m.purchaser, await tokens.supplier(m.supplierId)]) {
      const refused = await m.t.gql(GAPS, { token, variables });
      expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
    }
  });
});

describe('a kept answer sent again over HTTP', () => {
  let m: Awaited<ReturnType<typeof market>>;

  beforeAll(async () => {
    m = await market({ REPORT_CACHE_SECONDS: '60' });
  });
  afterAll(() => m?.t.close());

  const ask = async (token: string, accept: string, extensions?: object) => {
    const response = await fetch(`${m.t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept, authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: GAPS,
        variables: { filter: { ...PERIOD, pccAreaCode: 'west-yorkshire' } },
        extensions,
      }),
    });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      rateLimitRemaining: Number(response.headers.get('x-ratelimit-remaining')),
      text: await response.text(),
    };
  };

  /** As `ask`, over node:http with the given Accept-Encoding: the body as received. */
  const askEncoded = (token: string, accept: string, acceptEncoding: string | undefined) =>
    new Promise<{ status: number; encoding: string | undefined; bytes: Buffer }>(
      (resolve, reject) => {
        const request = httpRequest(
          `${m.t.url}/graphql`,
          {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              accept,
              ...(acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding }),
              authorization: `Bearer ${token}`,
            },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () =>
              resolve({
                status: response.statusCode!,
                encoding: response.headers['content-encoding'],
                bytes: Buffer.concat(chunks),
              }),
            );
          },
        );
        request.on('error', reject);
        request.end(
          JSON.stringify({
            query: GAPS,
            variables: { filter: { ...PERIOD, pccAreaCode: 'west-yorkshire' } },
          }),
        );
      },
    );

  it('is the same bytes and media type, per accepted media type, counted against the rate limit, until the time is up', async () => {
    m.t.clock.set('2046-05-02T10:00:00Z');
    const graphqlResponse = 'application/graphql-response+json';
    const first = await ask(m.national, graphqlResponse);
    expect(first.status).toBe(200);
    expect(first.type).toContain(graphqlResponse);
    expect(JSON.parse(first.text)).not.toHaveProperty('errors');
    // A search changes the figures; within the time the kept answer is sent again as it was.
    expect((await m.t.gql(SEARCH, { token: m.purchaser })).errors).toBeUndefined();
    m.t.clock.set('2046-05-02T10:00:59Z');
    const again = await ask(m.national, graphqlResponse);
    expect(again).toMatchObject({ status: 200, type: first.type, text: first.text });
    expect(again.rateLimitRemaining).toBe(first.rateLimitRemaining - 1);
    // To a client that accepts gzip, the same bytes compressed (once compressed, off the loop).
    let gzipped = await askEncoded(m.national, graphqlResponse, 'gzip, deflate');
    for (let i = 0; i < 50 && gzipped.encoding !== 'gzip'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      gzipped = await askEncoded(m.national, graphqlResponse, 'gzip, deflate');
    }
    expect(gzipped).toMatchObject({ status: 200, encoding: 'gzip' });
    expect(gunzipSync(gzipped.bytes).toString()).toBe(first.text);
    expect(gzipped.bytes.length).toBeLessThan(first.text.length / 2);
    for (const acceptEncoding of ['gzip;q=0, identity', undefined]) {
      const identity = await askEncoded(m.national, graphqlResponse, acceptEncoding);
      expect(identity).toMatchObject({ status: 200, encoding: undefined });
      expect(identity.bytes.toString()).toBe(first.text);
    }
    // With extensions (a persisted query's hash), GraphQL checks them: a wrong hash is refused.
    const wrongHash = await ask(m.national, graphqlResponse, {
      persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) },
    });
    expect(wrongHash.status).toBe(400);
    expect(JSON.parse(wrongHash.text)).toHaveProperty('errors');
    // Another accepted media type is another answer: GraphQL's own, in that type.
    const plain = await ask(m.national, 'application/json');
    expect(plain.status).toBe(200);
    expect(plain.type).toContain('application/json');
    expect(plain.type).not.toContain(graphqlResponse);
    const searches = (text: string) =>
      (
        JSON.parse(text) as {
          data: { provisionGaps: { factor: { code: string }; searches: number }[] };
        }
      ).data.provisionGaps.find((row) => row.factor.code === 'ACCOMMODATION')!.searches;
    // After the time, afresh.
    m.t.clock.set('2046-05-02T10:01:01Z');
    expect(searches((await ask(m.national, graphqlResponse)).text)).toBe(searches(first.text) + 1);
  });
});

describe('reports while the instance is busy (REPORT_YIELD_MS)', () => {
  const YIELD_MS = 500;
  /** About two seconds of turns may wait. */
  const WAITING = Math.floor(2000 / YIELD_MS);
  let m: Awaited<ReturnType<typeof market>>;
  let lane: ReportLane;

  beforeAll(async () => {
    m = await market({ REPORT_CACHE_SECONDS: '60', REPORT_YIELD_MS: String(YIELD_MS) });
    lane = m.t.app.get(ReportLane);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => m?.t.close());

  /** The national gap report over HTTP: its status, body and when it answered. */
  const gaps = async () => {
    const response = await fetch(`${m.t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${m.national}` },
      body: JSON.stringify({ query: GAPS, variables: { filter: PERIOD } }),
    });
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: (await response.json()) as {
        errors?: { extensions: { code: string; reason: string } }[];
      },
      at: Date.now(),
    };
  };

  it('take turns, one every REPORT_YIELD_MS, while searches and purchases go at once; too many waiting answer REPORTS_BUSY', async () => {
    m.t.clock.set('2046-05-03T10:00:00Z');
    // Whether the instance is busy is the test's to say (not the test machine's load).
    const busy = jest.spyOn(lane, 'isBusy').mockReturnValue(false);
    const first = await gaps();
    expect(first).toMatchObject({ status: 200 });
    expect(first.body.errors).toBeUndefined();
    // Quiet: the same report again at once.
    const quiet = Date.now();
    expect((await gaps()).at - quiet).toBeLessThan(YIELD_MS);

    busy.mockReturnValue(true);
    const started = Date.now();
    // One goes at once, the others wait their turns: the last one about two seconds.
    const reports = Promise.all(Array.from({ length: WAITING + 1 }, () => gaps()));
    while (lane.queued < WAITING) await new Promise((resolve) => setTimeout(resolve, 10));
    // Purchases and searches do not take turns: done while reports still wait theirs.
    const bought = await m.buy();
    expect(bought.errors).toBeUndefined();
    expect((await m.t.gql(SEARCH, { token: m.purchaser })).errors).toBeUndefined();
    expect(lane.queued).toBeGreaterThan(0);
    const answered = await reports;
    expect(answered.map((r) => r.status)).toEqual(Array(WAITING + 1).fill(200));
    expect(new Set(answered.map((r) => JSON.stringify(r.body)))).toEqual(
      new Set([JSON.stringify(first.body)]),
    );
    const times = answered.map((r) => r.at).sort((a, b) => a - b);
    expect(times[WAITING] - started).toBeGreaterThanOrEqual(WAITING * YIELD_MS - 100);
    for (let turn = 2; turn <= WAITING; turn += 1) {
      expect(times[turn] - times[turn - 1]).toBeGreaterThanOrEqual(YIELD_MS - 100);
    }

    // More than about two seconds of turns waiting: the rest are refused at once, clearly.
    const crowd = await Promise.all(Array.from({ length: 12 }, () => gaps()));
    const refused = crowd.filter((r) => r.status !== 200);
    expect(refused.length).toBeGreaterThanOrEqual(12 - WAITING - 1);
    for (const r of refused) {
      expect(r).toMatchObject({ status: 503, retryAfter: '1' });
      expect(r.body.errors?.map((e) => e.extensions)).toEqual([
        { code: 'SERVICE_UNAVAILABLE', reason: 'REPORTS_BUSY' },
      ]);
    }
    // A report not kept yet takes its turn inside GraphQL, refused the same way when too many wait.
    const more = Promise.all(Array.from({ length: 8 }, () => gaps()));
    while (lane.queued < WAITING) await new Promise((resolve) => setTimeout(resolve, 10));
    const breakdown = await m.t.gql(BREAKDOWN, { token: m.national });
    expect(errorCodes(breakdown)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(errorReasons(breakdown)).toEqual(['REPORTS_BUSY']);
    // Operations see them waiting.
    const metrics = await (await fetch(`${m.t.url}/metrics`)).text();
    const waiting = Number(/^reports_waiting_turn (\d+)$/m.exec(metrics)?.[1]);
    expect(waiting).toBeGreaterThanOrEqual(WAITING - 1);
    const served = (await more).filter((r) => r.status === 200).length;
    expect(served).toBeGreaterThanOrEqual(WAITING);
    expect(served).toBeLessThanOrEqual(WAITING + 1);

    // Quiet again: reports answer at once.
    busy.mockReturnValue(false);
    const again = Date.now();
    const kept = await gaps();
    expect(kept.status).toBe(200);
    expect(kept.at - again).toBeLessThan(2 * YIELD_MS);
    const fresh = await m.t.gql(BREAKDOWN, { token: m.national });
    expect(fresh.errors).toBeUndefined();
  });
});

// pg_stat_activity names each connection's application: only a PostgreSQL server has one per
// connection (the embedded database has a single backend behind its socket).
const onServer = process.env.TEST_DATABASE_URL ? describe : describe.skip;

onServer('on a PostgreSQL server', () => {
  let m: Awaited<ReturnType<typeof market>>;

  beforeAll(async () => {
    m = await market({});
  });
  afterAll(() => m?.t.close());

  it('the reports’ connections name themselves to PostgreSQL; the purchases’ do not', async () => {
    const gaps = await m.t.gql(GAPS, { token: m.national, variables: { filter: PERIOD } });
    expect(gaps.errors).toBeUndefined();
    const rows = await m.t.dataSource.query<{ application_name: string; own: boolean }[]>(
      `SELECT application_name, pid = pg_backend_pid() AS own FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = $1 OR pid = pg_backend_pid()`,
      [REPORTING_APPLICATION_NAME],
    );
    // The report's connection stays in its pool, idle, under its name.
    expect(rows.filter((r) => !r.own).map((r) => r.application_name)).toContain(
      REPORTING_APPLICATION_NAME,
    );
    expect(rows.find((r) => r.own)!.application_name).not.toBe(REPORTING_APPLICATION_NAME);
  });
});
