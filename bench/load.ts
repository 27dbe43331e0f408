/**
 * npm run bench:load — load on the built service (`npm run build` first) over the benchmark
 * database (`npm run seed:bench` first): searchInterventions, createReferral and the national
 * provisionGaps report, at 1, 8 and 32 connections, with p50/p95/p99 and throughput, plus the
 * SQL statements each request runs (a separate start with SQL_STATEMENT_COUNT=true, so that
 * counting costs the timed runs nothing).
 *
 * Settings (environment): BENCH_DURATION seconds per run (10), BENCH_CONNECTIONS ("1,8,32"),
 * BENCH_SCENARIOS ("search,createReferral,provisionGaps"), BENCH_GAPS_REQUESTS (10),
 * BENCH_PORT (3100), BENCH_LOG_LEVEL (info, as in production), BENCH_DATABASE_URL.
 * Purchases change the database (places, budgets): re-seed before comparing runs exactly.
 */
import 'reflect-metadata';
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
  sign,
  startService,
  writeResults,
} from './harness';

const DURATION = envInt('BENCH_DURATION', 10);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '1,8,32').split(',').map(Number);
const SCENARIOS = (process.env.BENCH_SCENARIOS ?? 'search,createReferral,provisionGaps').split(',');
const GAPS_REQUESTS = envInt('BENCH_GAPS_REQUESTS', 10);
const PORT = envInt('BENCH_PORT', 3100);

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
  };
}

type Scenarios = Awaited<ReturnType<typeof scenarios>>;

/** SQL statements per request, from a service started with SQL_STATEMENT_COUNT=true. */
async function statementCounts(gen: Scenarios): Promise<Record<string, number | string>> {
  const service = await startService(PORT + 1, { SQL_STATEMENT_COUNT: 'true', LOG_LEVEL: 'warn' });
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

async function main(): Promise<void> {
  const before = conditions();
  log(`bench:load on ${BENCH_DATABASE_URL}: ${JSON.stringify(before)}`);
  const data = await workload();
  const gen = await scenarios(data);
  log(
    `workload: ${data.searches.length} area x factor searches, ${data.listings.length} listings to buy from`,
  );

  const statements = await statementCounts(gen);
  log(`SQL statements per request: ${JSON.stringify(statements)}`);

  const service = await startService(PORT);
  const results: LoadResult[] = [];
  try {
    // Warm up (JIT, pools, plan caches) before anything is timed.
    await load('warm-up', service.url, { connections: 8, duration: 3 }, () => gen.search());
    for (const scenario of SCENARIOS) {
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
  const after = conditions();
  const markdown = [
    `Run at ${String(before.at)} on commit ${String(before.commit)}${before.dirty ? ' (uncommitted changes)' : ''}, ${String(before.node)}, ${String(before.cpus)}; load average before ${JSON.stringify(before.loadAverage)}, after ${JSON.stringify(after.loadAverage)}; ${DURATION} s per run.`,
    '',
    markdownTable(results),
    '',
    '| SQL statements per request | count |',
    '|---|---:|',
    ...Object.entries(statements).map(([k, v]) => `| ${k} | ${v} |`),
  ].join('\n');
  const file = writeResults('load', { before, after, statements, results }, markdown);
  log();
  log(markdown);
  log();
  log(`results: ${file}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
}
