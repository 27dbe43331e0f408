/**
 * npm run bench:load — load on the built service (`npm run build` first) over the benchmark
 * database (`npm run seed:bench` first): searchInterventions, createReferral and the national
 * provisionGaps report, at 1, 8 and 32 connections, with p50/p95/p99 and throughput, plus the
 * SQL statements each request runs (a separate start with SQL_STATEMENT_COUNT=true, so that
 * counting costs the timed runs nothing). Then the find page's search results (`/find?...`) at
 * demo scale: the service on a fresh embedded database seeded with the demo market, as
 * `npm start` serves it, one connection, against its target (p95 <= 150 ms).
 *
 * The "purchases beside ..." scenarios buy at 8 connections alone, then again while something
 * else loads, in one run on one machine state, and print the purchase p95 ratio:
 * purchaseWithReports (issue 21: the national provisionGaps report asked continuously; target
 * PURCHASE_WITH_REPORTS_TARGET), purchaseWithDashboard (issue 17: BENCH_COMMISSIONERS
 * commissioners each loading a dashboard page, /commissioning/gaps, /usage, /scorecards, then
 * pausing BENCH_COMMISSIONER_PAUSE_MS; same target) and purchaseWithDashboardFlatOut (the pages
 * and the report each asked again the moment they answer: the worst case, recorded, no target).
 * Before each, what runs beside is asked once (a service that has run a while has compiled
 * that code), and the run waits for those answers to expire, so its first page or report in
 * the run is answered afresh (BENCH_WARM_UP=0: no warm-up, as a freshly started service).
 *
 * Settings (environment): BENCH_DURATION seconds per run (10; purchaseWithDashboard's two runs
 * last at least REPORT_CACHE_SECONDS), BENCH_CONNECTIONS ("1,8,32"),
 * BENCH_SCENARIOS ("search,createReferral,provisionGaps,purchaseWithReports,purchaseWithDashboard,
 * purchaseWithDashboardFlatOut,findPage"),
 * BENCH_GAPS_REQUESTS (10), BENCH_REPORT_CACHE_SECONDS (30, as in production; 0 runs every report),
 * BENCH_WARM_UP (1), BENCH_PORT (3100), BENCH_LOG_LEVEL (info, as in production), BENCH_DATABASE_URL.
 * Purchases change the database (places, budgets): re-seed before comparing runs exactly.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Client } from 'pg';
import { Role } from '../src/auth/role';
import { BENCH_DATABASE_URL, envInt } from './bench-database';
import {
  call,
  conditions,
  GraphqlCall,
  load,
  LoadResult,
  log,
  markdownTable,
  mergeSlices,
  round,
  sign,
  startService,
  writeResults,
} from './harness';

const DURATION = envInt('BENCH_DURATION', 10);
/** Alternating rounds of purchases alone and beside reports or pages (BENCH_BESIDE_ROUNDS). */
const BESIDE_ROUNDS = envInt('BENCH_BESIDE_ROUNDS', 3);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '1,8,32').split(',').map(Number);
const SCENARIOS = (
  process.env.BENCH_SCENARIOS ??
  'search,createReferral,provisionGaps,purchaseWithReports,purchaseWithDashboard,purchaseWithDashboardFlatOut,findPage'
).split(',');
/** Scenarios on the benchmark database (findPage runs on its own demo database). */
const BENCH_DATABASE_SCENARIOS = SCENARIOS.filter((s) => s !== 'findPage');
/** The find page's results at demo scale, one connection: the target for its p95. */
export const FIND_PAGE_P95_TARGET_MS = 150;
const GAPS_REQUESTS = envInt('BENCH_GAPS_REQUESTS', 10);
const PORT = envInt('BENCH_PORT', 3100);
/**
 * Production needs a session secret for the pages (the dashboard scenario loads them); the
 * per-user and per-address limits are lifted by startService.
 */
const SERVICE_ENV = {
  WEB_SESSION_SECRET: 'bench-load-web-session-secret-not-for-production',
  // As in production (30 s) unless BENCH_REPORT_CACHE_SECONDS says otherwise: 0 measures what
  // each report costs when it runs.
  REPORT_CACHE_SECONDS: process.env.BENCH_REPORT_CACHE_SECONDS ?? '30',
  // As in production (20 ms) unless BENCH_REPORT_YIELD_MS says otherwise: 0 lets reports go at
  // once however busy the service is.
  REPORT_YIELD_MS: process.env.BENCH_REPORT_YIELD_MS ?? '20',
};

export const SEARCH_QUERY = `query Search($filter: InterventionSearchInput!, $first: Int) {
  searchInterventions(filter: $filter, sort: BEST_MATCH, first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      contributionScore contributionJudged
      node {
        id title summary placesAvailable nextStartDate stale
        provider { id name kind }
        price { amountPence unit effectiveFrom }
        venues { name postcode pccArea { code name } }
      }
    }
  }
}`;

const PURCHASE = `mutation Buy($key: String!, $input: CreateReferralInput!) {
  createReferral(idempotencyKey: $key, input: $input) { id status totalPence priceSnapshot { amountPence unit } }
}`;

const GAPS = `{ provisionGaps { pccArea { code name } factor { code } publishedInterventions placesAvailable
  searches searchesWithNoResult availabilityRate referrals declined medianDaysToStart judgements contributionRate gap } }`;

const PEOPLE = [
  { sex: 'MALE', age: 34, riskLevel: 'MEDIUM', supervisionType: 'LICENCE' },
  { sex: 'FEMALE', age: 27, riskLevel: 'LOW', supervisionType: 'COMMUNITY_SENTENCE' },
  { sex: 'MALE', age: 22, riskLevel: 'HIGH', supervisionType: 'POST_SENTENCE_SUPERVISION' },
  { sex: 'MALE', age: 45, riskLevel: 'MEDIUM', supervisionType: 'COMMUNITY_SENTENCE' },
];

interface Workload {
  searches: { area: string; factor: string; division: string }[];
  listings: {
    id: string;
    factor: string;
    division: string;
    sexes: string[];
    min_age: number | null;
    max_age: number | null;
    risk_levels: string[];
    supervision_types: string[];
  }[];
  divisions: string[];
  /** A current desired outcome of each factor (a purchase names at least one per target factor). */
  desiredOutcomeByFactor: Record<string, string>;
}

/** What to ask for: area x factor pairs that have supply, and listings with free places. */
export async function workload(): Promise<Workload> {
  const db = new Client({ connectionString: BENCH_DATABASE_URL });
  await db.connect();
  try {
    const searches = await db.query<Workload['searches'][number]>(`
      SELECT DISTINCT c.code AS area, f AS factor, cpa.division_code AS division
      FROM intervention i, unnest(i.coverage) AS c(code), unnest(i.factors) AS f, pcc_area p,
           contract_package_area cpa
      WHERE i.status = 'PUBLISHED' AND p.code = c.code AND cpa.code = p.contract_package_area_code
      ORDER BY 1, 2`);
    const listings = await db.query<Workload['listings'][number]>(`
      SELECT i.id, i.factors[1] AS factor, cpa.division_code AS division, i.sexes, i.min_age, i.max_age,
             i.risk_levels, i.supervision_types
      FROM intervention i
      JOIN venue v ON v.intervention_id = i.id AND v.position = 0
      JOIN pcc_area p ON p.code = v.pcc_area_code
      JOIN contract_package_area cpa ON cpa.code = p.contract_package_area_code
      WHERE i.status = 'PUBLISHED' AND i.capacity - i.places_held >= 3
      ORDER BY md5(i.id::text) LIMIT 5000`);
    const divisions = await db.query<{ code: string }>(`SELECT code FROM division ORDER BY code`);
    const outcomes = await db.query<{ factor: string; id: string }>(`
      SELECT DISTINCT ON (factor_code) factor_code AS factor, id FROM desired_outcome
      WHERE retired_on IS NULL ORDER BY factor_code, position`);
    if (searches.rows.length === 0 || listings.rows.length === 0)
      throw new Error('The benchmark database is empty: run npm run seed:bench first');
    return {
      searches: searches.rows,
      listings: listings.rows,
      divisions: divisions.rows.map((d) => d.code),
      desiredOutcomeByFactor: Object.fromEntries(outcomes.rows.map((o) => [o.factor, o.id])),
    };
  } finally {
    await db.end();
  }
}

/** Request generators: each call returns the next request of the scenario, varied. */
export async function scenarios(data: Workload) {
  const purchasers = new Map<string, string>();
  for (const division of data.divisions) {
    purchasers.set(
      division,
      await sign({
        sub: `bench-load-purchaser-${division.toLowerCase()}`,
        roles: [Role.PURCHASER],
        divisionCode: division,
      }),
    );
  }
  const commissioner = await sign({ sub: 'bench-commissioner', roles: [Role.COMMISSIONER] });
  const run = Date.now().toString(36);
  let s = 0;
  let b = 0;
  return {
    search(first = 20): GraphqlCall {
      const pick = data.searches[s % data.searches.length];
      const person = PEOPLE[s % PEOPLE.length];
      s += 1;
      return {
        token: purchasers.get(pick.division)!,
        query: SEARCH_QUERY,
        variables: {
          filter: {
            factors: [pick.factor],
            pccAreaCode: pick.area,
            availableOnly: true,
            person,
          },
          first,
        },
      };
    },
    createReferral(): GraphqlCall {
      const listing = data.listings[b % data.listings.length];
      b += 1;
      const clamp = (age: number) =>
        Math.min(listing.max_age ?? 100, Math.max(listing.min_age ?? 10, age));
      return {
        token: purchasers.get(listing.division)!,
        query: PURCHASE,
        variables: {
          key: `bench-${run}-${b}`,
          input: {
            interventionId: listing.id,
            crn: `B${String(b % 1_000_000).padStart(6, '0')}`,
            targetFactors: [listing.factor],
            desiredOutcomes: [data.desiredOutcomeByFactor[listing.factor]],
            complexity: 'MEDIUM',
            units: 1,
            person: {
              sex: listing.sexes[0] ?? 'MALE',
              age: clamp(30),
              riskLevel: listing.risk_levels.includes('MEDIUM')
                ? 'MEDIUM'
                : (listing.risk_levels[0] ?? 'MEDIUM'),
              supervisionType: listing.supervision_types[0] ?? 'LICENCE',
            },
          },
        },
      };
    },
    provisionGaps(): GraphqlCall {
      return { token: commissioner, query: GAPS };
    },
    commissioner,
  };
}

/** Purchase p95 with reports or pages loading over purchase p95 alone: issues 21 and 17's target. */
export const PURCHASE_WITH_REPORTS_TARGET = 1.2;

/** The commissioners' dashboard pages, loaded in turn (BENCH_DASHBOARD_PAGES: paths, comma-separated). */
const DASHBOARD_PAGES = (
  process.env.BENCH_DASHBOARD_PAGES ??
  '/commissioning/gaps?factor=ACCOMMODATION,/commissioning/usage,/commissioning/scorecards?factor=ACCOMMODATION'
).split(',');
/** Commissioners at their pace (purchaseWithDashboard): how many, and their pause per page. */
const COMMISSIONERS = envInt('BENCH_COMMISSIONERS', 4);
const COMMISSIONER_PAUSE_MS = envInt('BENCH_COMMISSIONER_PAUSE_MS', 3000);

interface LoopCount {
  label: string;
  done: number;
  failed: number;
}

/** A request a loop sends: where, and how (fetch's options; redirects are never followed). */
interface LoopRequest {
  url: string;
  init: { method?: string; headers: Record<string, string>; body?: string; redirect?: 'manual' };
}

/**
 * The loop a worker thread runs: the requests in turn (from `startAt`) until told to stop,
 * waiting `pauseMs` after each answer (0: at once, the worst case); success is a 200 without
 * `"errors"` in it. Answers are read as bytes, never parsed, and on their own thread, so that
 * reading them never delays the purchases' timing on the main thread.
 */
const LOOP_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const zlib = require('node:zlib');
const { requests, pauseMs, startAt } = workerData;
const CHECK_EVERY = 50;
let compressed = 0;
// One kept-alive connection, as a browser or a client library would use: node:http rather than
// fetch, whose own cost on this shared machine would be counted against the service.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
let stopped = false;
let wake = () => undefined;
parentPort.on('message', () => { stopped = true; wake(); });
function ask({ url, init }) {
  return new Promise((resolve) => {
    const request = http.request(url, { method: init.method ?? 'GET', headers: init.headers, agent }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => {
        const body = Buffer.concat(chunks);
        // Only kept answers come gzip-compressed, and only answers without errors are kept: one
        // in CHECK_EVERY is inflated and checked whole (inflating each would load this machine).
        const gzipped = response.headers['content-encoding'] === 'gzip';
        const checked = !gzipped || ++compressed % CHECK_EVERY === 0;
        const text = gzipped && checked ? zlib.gunzipSync(body) : body;
        resolve(response.statusCode === 200 && (!checked || text.indexOf('"errors"') === -1));
      });
      response.on('error', () => resolve(false));
    });
    request.on('error', () => resolve(false));
    request.end(init.body);
  });
}
(async () => {
  let done = 0, failed = 0;
  for (let i = startAt; !stopped; i += 1) {
    if (await ask(requests[i % requests.length])) done += 1;
    else failed += 1;
    if (pauseMs > 0 && !stopped) {
      await new Promise((resolve) => { wake = resolve; setTimeout(resolve, pauseMs); });
    }
  }
  agent.destroy();
  parentPort.postMessage({ done, failed });
})();
`;

/** Runs one loop on a worker thread until `stop` resolves: how many answered well and not. */
async function workerLoop(
  label: string,
  stop: Promise<unknown>,
  requests: LoopRequest[],
  pauseMs = 0,
  startAt = 0,
): Promise<LoopCount> {
  const worker = new Worker(LOOP_WORKER, {
    eval: true,
    workerData: { requests, pauseMs, startAt },
  });
  const counted = new Promise<{ done: number; failed: number }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await stop;
  worker.postMessage('stop');
  const { done, failed } = await counted;
  await worker.terminate();
  return { label, done, failed };
}

/** The commissioners' dashboard pages, as a commissioner's browser loads them. */
function dashboardPages(url: string, token: string): LoopRequest[] {
  return DASHBOARD_PAGES.map((path) => ({
    url: `${url}${path}`,
    init: { headers: { authorization: `Bearer ${token}` }, redirect: 'manual' },
  }));
}

/** The national gap report through the API, accepting gzip as browsers and HTTP clients do. */
function gapReport(url: string, request: GraphqlCall): LoopRequest[] {
  return [
    {
      url: `${url}/graphql`,
      init: {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'accept-encoding': 'gzip',
          authorization: `Bearer ${request.token}`,
        },
        body: JSON.stringify({ query: request.query, variables: request.variables }),
      },
    },
  ];
}

/**
 * What runs beside purchases in each "purchases beside ..." scenario, and its target for the
 * purchase p95 ratio (none for the worst case, which is recorded).
 */
const BESIDE_PURCHASES: Record<
  string,
  {
    what: string;
    target?: number;
    /**
     * Seconds each of the two runs lasts, when not BENCH_DURATION: at a person's pace, one whole
     * REPORT_CACHE_SECONDS, so that each page's reports run afresh once in it, as they do once
     * every REPORT_CACHE_SECONDS in production (a shorter run over-weighs that moment).
     */
    seconds?: number;
    /** What the loops ask, asked once before the run (see `warmUp`). */
    warm: (url: string, gen: Scenarios) => LoopRequest[];
    loops: (url: string, gen: Scenarios, stop: Promise<unknown>) => Promise<LoopCount>[];
  }
> = {
  // Issue 21 section 2: national gap reports running continuously beside purchases.
  purchaseWithReports: {
    what: 'the national gap report asked continuously',
    target: PURCHASE_WITH_REPORTS_TARGET,
    warm: (url, gen) => gapReport(url, gen.provisionGaps()),
    loops: (url, gen, stop) => [
      workerLoop('gap reports', stop, gapReport(url, gen.provisionGaps())),
    ],
  },
  // Issue 17: commissioners using the dashboard at a person's pace.
  purchaseWithDashboard: {
    what: `${COMMISSIONERS} commissioners loading dashboard pages (a page, then ${COMMISSIONER_PAUSE_MS} ms)`,
    target: PURCHASE_WITH_REPORTS_TARGET,
    seconds: Math.max(DURATION, Number(SERVICE_ENV.REPORT_CACHE_SECONDS)),
    warm: (url, gen) => dashboardPages(url, gen.commissioner),
    loops: (url, gen, stop) =>
      Array.from({ length: COMMISSIONERS }, (_, n) =>
        // Each commissioner starts on a different page.
        workerLoop(
          `commissioner ${n + 1} pages`,
          stop,
          dashboardPages(url, gen.commissioner),
          COMMISSIONER_PAUSE_MS,
          n,
        ),
      ),
  },
  // The worst case: the pages and the report, each asked again the moment it answers.
  purchaseWithDashboardFlatOut: {
    what: 'the dashboard pages and the national gap report asked continuously',
    warm: (url, gen) => [
      ...dashboardPages(url, gen.commissioner),
      ...gapReport(url, gen.provisionGaps()),
    ],
    loops: (url, gen, stop) => [
      workerLoop('dashboard pages', stop, dashboardPages(url, gen.commissioner)),
      workerLoop('gap reports', stop, gapReport(url, gen.provisionGaps())),
    ],
  },
};

type Scenarios = Awaited<ReturnType<typeof scenarios>>;

/**
 * Asks each request once, in turn (`BENCH_WARM_UP=0`: not at all), and answers when it was
 * done. A service that has run for a while has served these pages and reports before: their
 * code is compiled and its caches of reference data filled. A freshly started one would spend
 * its first second compiling them, beside the purchases, which production sees once per start.
 */
async function warmUp(requests: LoopRequest[]): Promise<number | undefined> {
  if (process.env.BENCH_WARM_UP === '0') return undefined;
  for (const { url, init } of requests) {
    const response = await fetch(url, init);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`Warming up: ${url} answered ${response.status}`);
  }
  return Date.now();
}

/**
 * Waits until the answers kept by the warm-up have expired (REPORT_CACHE_SECONDS after it), so
 * that the run's first page or report runs its reports afresh, as it would once every
 * REPORT_CACHE_SECONDS in production: warming up never makes the run cheaper than that.
 */
async function answersExpired(warmedAt: number | undefined): Promise<void> {
  if (warmedAt === undefined) return;
  const wait = warmedAt + Number(SERVICE_ENV.REPORT_CACHE_SECONDS) * 1000 + 1000 - Date.now();
  if (wait <= 0) return;
  log(`  waiting ${Math.ceil(wait / 1000)} s for the warm-up's kept answers to expire`);
  await new Promise((resolve) => setTimeout(resolve, wait));
}

/** The "purchases beside ..." scenarios' summary lines, when they ran. */
const besidePurchases: string[] = [];

/** SQL statements per request, from a service started with SQL_STATEMENT_COUNT=true. */
async function statementCounts(gen: Scenarios): Promise<Record<string, number | string>> {
  const service = await startService(PORT + 1, {
    ...SERVICE_ENV,
    SQL_STATEMENT_COUNT: 'true',
    LOG_LEVEL: 'warn',
  });
  try {
    const counts: Record<string, number | string> = {};
    const count = async (label: string, request: GraphqlCall) => {
      await call(service.url, request); // warm: reference data, prepared plans
      const { body, headers } = await call(service.url, request);
      counts[label] = body.errors
        ? `error: ${JSON.stringify(body.errors).slice(0, 200)}`
        : Number(headers.get('x-sql-statements'));
    };
    const search = gen.search();
    for (const first of [5, 20, 50]) {
      const vars = search.variables as { filter: unknown };
      await count(`searchInterventions first: ${first}`, {
        ...search,
        variables: { filter: vars.filter, first },
      });
    }
    const purchase = await call(service.url, gen.createReferral());
    const { headers } = purchase;
    counts.createReferral = purchase.body.errors
      ? `error: ${JSON.stringify(purchase.body.errors).slice(0, 200)}`
      : Number(headers.get('x-sql-statements'));
    await count('provisionGaps (national)', gen.provisionGaps());
    return counts;
  } finally {
    await service.stop();
  }
}

/**
 * The find page's search results at demo scale: the service as `npm start` runs it (a fresh
 * embedded database seeded with the demo market) but in production mode, purchasers of every
 * division searching their needs in police areas for a person, one page each, 1 connection.
 */
async function findPage(): Promise<LoadResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-find-page-'));
  const service = await startService(PORT + 2, {
    DATABASE_URL: '',
    DATA_DIR: dataDir,
    SEED_DEMO_ON_FIRST_START: 'true',
    WEB_SESSION_SECRET: 'bench-only-web-session-secret-0123456789',
  });
  try {
    const admin = await sign({ sub: 'bench-find-admin', roles: [Role.ADMIN] });
    const { body } = await call(service.url, {
      token: admin,
      query: '{ factors { code } pccAreas { code division { code } } }',
    });
    const reference = body.data as {
      factors: { code: string }[];
      pccAreas: { code: string; division: { code: string } }[];
    };
    const purchasers = new Map<string, string>();
    for (const area of reference.pccAreas) {
      const division = area.division.code;
      if (!purchasers.has(division)) {
        purchasers.set(
          division,
          await sign({
            sub: `bench-find-${division}`,
            roles: [Role.PURCHASER],
            divisionCode: division,
          }),
        );
      }
    }
    let n = 0;
    const next = (): GraphqlCall => {
      const area = reference.pccAreas[n % reference.pccAreas.length];
      const factor = reference.factors[Math.floor(n / 7) % reference.factors.length];
      const person = PEOPLE[n % PEOPLE.length];
      n += 1;
      const query = new URLSearchParams({
        factors: factor.code,
        pccAreaCode: area.code,
        sex: person.sex,
        age: String(person.age),
        riskLevel: person.riskLevel,
        supervisionType: person.supervisionType,
      });
      return {
        token: purchasers.get(area.division.code)!,
        query: '',
        page: `/find?${query.toString()}`,
      };
    };
    const first = await fetch(`${service.url}${next().page!}`, {
      headers: { authorization: `Bearer ${purchasers.values().next().value!}` },
    });
    const html = await first.text();
    if (first.status !== 200 || !/found<\/h2>/.test(html)) {
      throw new Error(
        `The find page did not show results (${first.status}): ${html.slice(0, 300)}`,
      );
    }
    await load('warm-up', service.url, { connections: 1, duration: 3 }, next);
    return await load(
      'find page results (demo scale)',
      service.url,
      { connections: 1, duration: DURATION },
      next,
    );
  } finally {
    await service.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const before = conditions();
  const results: LoadResult[] = [];
  let statements: Record<string, number | string> = {};
  if (BENCH_DATABASE_SCENARIOS.length > 0) {
    log(`bench:load on ${BENCH_DATABASE_URL}: ${JSON.stringify(before)}`);
    statements = await benchDatabaseScenarios(results);
  }
  if (SCENARIOS.includes('findPage')) {
    const r = await findPage();
    results.push(r);
    log(markdownTable([r]).split('\n')[2]);
    if (r.failures.length) log(`  failures: ${r.failures.join(' | ')}`);
    log(
      `find page p95 ${r.p95} ms: ${r.p95 <= FIND_PAGE_P95_TARGET_MS ? 'within' : 'OVER'} its target of ${FIND_PAGE_P95_TARGET_MS} ms`,
    );
  }
  const after = conditions();
  const findResult = results.find((r) => r.scenario.startsWith('find page'));
  const markdown = [
    `Run at ${String(before.at)} on commit ${String(before.commit)}${before.dirty ? ' (uncommitted changes)' : ''}, ${String(before.node)}, ${String(before.cpus)}; load average before ${JSON.stringify(before.loadAverage)}, after ${JSON.stringify(after.loadAverage)}; ${DURATION} s per run.`,
    '',
    markdownTable(results),
    ...(besidePurchases.length > 0 ? ['', ...besidePurchases] : []),
    ...(findResult
      ? [
          '',
          `Find page results at demo scale, 1 connection: p95 ${findResult.p95} ms (target <= ${FIND_PAGE_P95_TARGET_MS} ms: ${findResult.p95 <= FIND_PAGE_P95_TARGET_MS ? 'met' : 'NOT met'}).`,
        ]
      : []),
    ...(Object.keys(statements).length > 0
      ? [
          '',
          '| SQL statements per request | count |',
          '|---|---:|',
          ...Object.entries(statements).map(([k, v]) => `| ${k} | ${v} |`),
        ]
      : []),
  ].join('\n');
  const file = writeResults('load', { before, after, statements, results }, markdown);
  log();
  log(markdown);
  log();
  log(`results: ${file}`);
}

/** The scenarios on the benchmark database; answers the SQL statements per request. */
async function benchDatabaseScenarios(
  results: LoadResult[],
): Promise<Record<string, number | string>> {
  const data = await workload();
  const gen = await scenarios(data);
  log(
    `workload: ${data.searches.length} area x factor searches, ${data.listings.length} listings to buy from`,
  );

  const statements = await statementCounts(gen);
  log(`SQL statements per request: ${JSON.stringify(statements)}`);

  const service = await startService(PORT, SERVICE_ENV);
  try {
    // Warm up (JIT, pools, plan caches) before anything is timed.
    await load('warm-up', service.url, { connections: 8, duration: 3 }, () => gen.search());
    for (const scenario of BENCH_DATABASE_SCENARIOS) {
      if (scenario === 'provisionGaps') {
        // A report, not a hot path: requests one after another, each one's latency reported.
        const r = await load(
          'provisionGaps (national)',
          service.url,
          { connections: 1, amount: GAPS_REQUESTS },
          () => gen.provisionGaps(),
        );
        results.push(r);
        log(markdownTable([r]).split('\n')[2]);
        continue;
      }
      const beside = BESIDE_PURCHASES[scenario];
      if (beside) {
        // Purchases at 8 connections alone and while the reports or pages load beside them, in
        // BESIDE_ROUNDS alternating slices (the first side swapped every round), so that whatever
        // else the machine does, and the database's drift as purchases add rows, falls on both
        // alike; each side's p95 is over all its slices.
        const warmedAt = await warmUp(beside.warm(service.url, gen));
        const slice = Math.max(1, Math.round((beside.seconds ?? DURATION) / BESIDE_ROUNDS));
        await answersExpired(warmedAt);
        const slices: { alone: LoadResult[]; beside: LoadResult[] } = { alone: [], beside: [] };
        const counted = new Map<string, LoopCount>();
        for (let turn = 0; turn < BESIDE_ROUNDS; turn += 1) {
          const sides =
            turn % 2 === 0 ? (['alone', 'beside'] as const) : (['beside', 'alone'] as const);
          for (const side of sides) {
            let finished!: () => void;
            const stop = new Promise<void>((resolve) => (finished = resolve));
            const loops = side === 'beside' ? beside.loops(service.url, gen, stop) : [];
            slices[side].push(
              await load(
                side,
                service.url,
                { connections: 8, duration: slice, keepLatencies: true },
                () => gen.createReferral(),
              ).finally(finished),
            );
            for (const c of await Promise.all(loops)) {
              const sum = counted.get(c.label) ?? { label: c.label, done: 0, failed: 0 };
              counted.set(c.label, {
                ...sum,
                done: sum.done + c.done,
                failed: sum.failed + c.failed,
              });
            }
          }
        }
        const alone = mergeSlices(
          `createReferral alone (alternating with ${scenario})`,
          8,
          slices.alone,
        );
        const r = mergeSlices(`createReferral with ${beside.what}`, 8, slices.beside);
        results.push(alone, r);
        log(markdownTable([alone]).split('\n')[2]);
        log(markdownTable([r]).split('\n')[2]);
        const meanwhile = [...counted.values()]
          .map((c) => `${c.label}: ${c.done} (${c.failed} failed)`)
          .join('; ');
        log(`  meanwhile: ${meanwhile}`);
        const perRound = slices.beside.map((b, i) => round(b.p95 / slices.alone[i].p95, 2));
        const ratio = alone.p95 > 0 ? r.p95 / alone.p95 : Number.NaN;
        const verdict = beside.target
          ? ` (target <= ${beside.target}: ${ratio <= beside.target ? 'met' : 'NOT met'})`
          : ' (no target: the worst case, for the record)';
        const line = `${scenario}: purchase p95 at 8 connections ${alone.p95} ms alone, ${r.p95} ms with ${beside.what} (${meanwhile}), in ${BESIDE_ROUNDS} alternating rounds of ${slice} s: ratio ${ratio.toFixed(2)} (per round ${perRound.join(', ')})${verdict}.`;
        besidePurchases.push(line);
        log(`  ${line}`);
        if (r.failures.length) log(`  failures: ${r.failures.join(' | ')}`);
        continue;
      }
      const next =
        scenario === 'search'
          ? () => gen.search()
          : scenario === 'createReferral'
            ? () => gen.createReferral()
            : undefined;
      if (!next) throw new Error(`Unknown scenario ${scenario}`);
      for (const connections of CONNECTIONS) {
        const r = await load(
          scenario === 'search' ? 'searchInterventions' : scenario,
          service.url,
          { connections, duration: DURATION },
          next,
        );
        results.push(r);
        log(markdownTable([r]).split('\n')[2]);
        if (r.failures.length) log(`  failures: ${r.failures.join(' | ')}`);
      }
    }
  } finally {
    await service.stop();
  }
  return statements;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
}
