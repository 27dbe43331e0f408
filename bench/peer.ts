/**
 * npm run bench:peer — our service against PostGraphile 5 on the same benchmark database, in
 * one run, for the same list query: published interventions for a factor and a PCC area, 20 of
 * them, with their provider and the price in force today, plus the total. Then the floor: our
 * search's own SQL (captured from SearchService, exact text and parameters) sent straight
 * through `pg` at the same concurrency, with and without the demand record it writes (our
 * search records every first page as demand; PostGraphile's list writes nothing), and its
 * EXPLAIN (ANALYZE, BUFFERS).
 *
 * Ours and PostGraphile run at once and take turns (as bench:ab does): BENCH_PEER_ROUNDS rounds
 * of one BENCH_PEER_SLICE_SECONDS slice each, the order swapped every round, so whatever else
 * the machine does falls on both alike; the ratio is given over all rounds and per round (its
 * spread). Each side's CPU time per request is taken from /proc (Linux): its server process, and
 * the benchmark database's PostgreSQL backends during its slices (only one side is loaded at a
 * time), so the ratio can be explained. The raw SQL (unnamed, with the demand record) takes a
 * slice of each round too, first, between or last in turn, so that the ratio to it is taken in
 * the same rounds; each raw variant then runs once for BENCH_DURATION.
 *
 * Needs `npm run build` and `npm run seed:bench`. Settings: BENCH_PEER_ROUNDS (3),
 * BENCH_PEER_SLICE_SECONDS (8), BENCH_DURATION (10, for each raw SQL run), BENCH_CONNECTIONS
 * ("1,8"), BENCH_PORT (3100; PostGraphile on +100).
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { AppModule } from '../src/app.module';
import { Role } from '../src/auth/role';
import { PreparedStatements, preparedStatementName } from '../src/database/prepared-statements';
import { SearchService, searchSelection } from '../src/search/search.service';
import { FieldNode, OperationDefinitionNode, parse } from 'graphql';
import { BENCH_DATABASE_URL, envInt } from './bench-database';
import {
  BENCH_JWT_SECRET,
  BENCH_WEB_SESSION_SECRET,
  call,
  conditions,
  cpuMs,
  GraphqlCall,
  load,
  LoadResult,
  log,
  mergeSlices,
  percentile,
  RESULTS_DIR,
  ROOT,
  round,
  sign,
  startService,
  writeResults,
} from './harness';
import { workload } from './load';

const DURATION = envInt('BENCH_DURATION', 10);
const ROUNDS = envInt('BENCH_PEER_ROUNDS', 3);
const SLICE_SECONDS = envInt('BENCH_PEER_SLICE_SECONDS', 8);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '1,8').split(',').map(Number);
const PORT = envInt('BENCH_PORT', 3100);
const PEER_PORT = PORT + 100;
const OURS_APPLICATION_NAME = 'bench-peer-ours';
const PEER_APPLICATION_NAME = 'bench-peer-postgraphile';

const OURS = `query List($factor: FactorCode!, $area: String!) {
  searchInterventions(filter: { factors: [$factor], pccAreaCode: $area }, first: 20) {
    totalCount
    edges { node { id title provider { name kind } price { amountPence unit } } }
  }
}`;

const THEIRS = `query List($factor: String!, $area: String!) {
  publishedInterventions(factor: $factor, area: $area, first: 20) {
    totalCount
    nodes { id title organisationByProviderId { name kind } currentPrice { amountPence unit } }
  }
}`;

/** The peer's list query and computed column, in the benchmark database only. */
const PEER_FUNCTIONS = [
  `CREATE OR REPLACE FUNCTION public.published_interventions(factor text, area text)
   RETURNS SETOF public.intervention LANGUAGE sql STABLE AS $$
     SELECT i.* FROM public.intervention i
     WHERE i.status = 'PUBLISHED' AND i.factors && ARRAY[factor]
       AND (i.coverage && ARRAY[area]
            OR EXISTS (SELECT 1 FROM public.venue v WHERE v.intervention_id = i.id AND v.pcc_area_code = area))
     ORDER BY i.title, i.id
   $$`,
  `CREATE OR REPLACE FUNCTION public.intervention_current_price(i public.intervention)
   RETURNS public.intervention_price LANGUAGE sql STABLE AS $$
     SELECT p.* FROM public.intervention_price p
     WHERE p.intervention_id = i.id AND p.effective_from <= current_date
       AND (p.effective_to IS NULL OR p.effective_to >= current_date)
     ORDER BY p.effective_from DESC LIMIT 1
   $$`,
];
const DROP_PEER_FUNCTIONS = [
  `DROP FUNCTION IF EXISTS public.published_interventions(text, text)`,
  `DROP FUNCTION IF EXISTS public.intervention_current_price(public.intervention)`,
];

async function onDatabase(statements: string[]): Promise<void> {
  const db = new Client({ connectionString: BENCH_DATABASE_URL });
  await db.connect();
  try {
    for (const sql of statements) await db.query(sql);
  } finally {
    await db.end();
  }
}

async function startPeer(): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', join(ROOT, 'bench', 'peer-server.ts'), String(PEER_PORT)],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        BENCH_DATABASE_URL: databaseUrlFor(PEER_APPLICATION_NAME),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`PostGraphile did not start:\n${output}`)),
      120_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`listening ${PEER_PORT}`)) {
        clearTimeout(timer);
        ready();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', () => {
      clearTimeout(timer);
      fail(new Error(`PostGraphile stopped:\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${PEER_PORT}`,
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A result with the CPU time per request it cost (ms): its server process and the database's. */
type Measured = LoadResult & { serviceCpuMs?: number; databaseCpuMs?: number };

/**
 * The benchmark database's URL for one side, naming its connections (`application_name`), so
 * that only its own PostgreSQL backends count towards its CPU (the server is shared).
 */
function databaseUrlFor(applicationName: string): string {
  const url = new URL(BENCH_DATABASE_URL);
  url.searchParams.set('application_name', applicationName);
  return url.toString();
}

/** The backends of one side's connections and their CPU time so far. */
async function backendsMs(db: Client, applicationName: string): Promise<Map<number, number>> {
  const { rows } = await db.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`,
    [applicationName],
  );
  return new Map(rows.map((r) => [r.pid, cpuMs(r.pid)]));
}

/** CPU time the backends used between two snapshots (one started in between counts from 0). */
function backendsUsed(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, ms] of after) sum += Math.max(0, ms - (before.get(pid) ?? 0));
  return sum;
}

interface Side {
  name: string;
  applicationName: string;
  url: string;
  pid: number;
  next: () => GraphqlCall;
}

/**
 * Both sides in turns: ROUNDS rounds of one slice each, the first side swapped every round.
 * Returns each side's merged result with its CPU per request, and each round's results.
 */
async function alternate(
  sides: [Side, Side],
  connections: number,
  db: Client,
  /** The raw SQL's slice, run in each round too (first, between or last in turn). */
  rawSlice: () => Promise<Measured>,
): Promise<{ merged: Measured[]; rounds: LoadResult[][]; raw: Measured[] }> {
  const slices: LoadResult[][] = [[], []];
  const serviceMs = [0, 0];
  const databaseMs = [0, 0];
  const rounds: LoadResult[][] = [];
  const raw: Measured[] = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    const slicesOfRound: LoadResult[] = [];
    const order: ('raw' | 0 | 1)[] = i % 2 === 0 ? [0, 1] : [1, 0];
    order.splice(i % 3, 0, 'raw');
    for (const s of order) {
      if (s === 'raw') {
        raw.push(await rawSlice());
        continue;
      }
      const side = sides[s];
      const node = cpuMs(side.pid);
      const backends = await backendsMs(db, side.applicationName);
      const r = await load(
        side.name,
        side.url,
        { connections, duration: SLICE_SECONDS, keepLatencies: true },
        side.next,
      );
      serviceMs[s] += cpuMs(side.pid) - node;
      databaseMs[s] += backendsUsed(backends, await backendsMs(db, side.applicationName));
      slices[s].push(r);
      slicesOfRound[s] = r;
    }
    rounds.push(slicesOfRound);
  }
  const merged = sides.map((side, s) => {
    const m = mergeSlices(side.name, connections, slices[s]);
    return {
      ...m,
      serviceCpuMs: round(serviceMs[s] / m.requests, 2),
      databaseCpuMs: round(databaseMs[s] / m.requests, 2),
    };
  });
  return { merged, rounds, raw };
}

/**
 * Our search SQL, exactly as SearchService sends it, for each (factor, area) of the workload:
 * the service's modules run in this process (no HTTP) and the data source's query() is watched.
 */
async function captureSearchSql(
  pairs: { factor: string; area: string; division: string }[],
): Promise<{ sql: string; params: unknown[] }[]> {
  process.env.DATABASE_URL = BENCH_DATABASE_URL;
  process.env.NODE_ENV = 'production';
  process.env.JWT_SECRET = BENCH_JWT_SECRET;
  process.env.WEB_SESSION_SECRET = BENCH_WEB_SESSION_SECRET;
  process.env.PUBLIC_URL = 'http://127.0.0.1';
  process.env.LOG_LEVEL = 'warn';
  process.env.SEED_DEMO_ON_FIRST_START = 'false';
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error'] });
  try {
    const statements = app.get(PreparedStatements);
    const search = app.get(SearchService);
    const captured: { sql: string; params: unknown[] }[] = [];
    const query = statements.query.bind(statements);
    statements.query = <T>(sql: string, params: unknown[]) => {
      if (sql.includes('WITH matched AS')) captured.push({ sql, params });
      return query<T>(sql, params);
    };
    // What OURS selects: the listings' providers and prices, no facets, venues or deliverers.
    const selection = searchSelection({
      fieldNodes: [listField(OURS)],
      fragments: {},
    });
    for (const pair of pairs) {
      await search.search(
        {
          id: 'bench-peer',
          name: 'Benchmark',
          roles: [Role.PURCHASER],
          divisionCode: pair.division,
        },
        { filter: { factors: [pair.factor], pccAreaCode: pair.area }, first: 20 } as never,
        {},
        selection,
      );
    }
    return captured;
  } finally {
    await app.close();
  }
}

/** The first field of a query's operation (its root field), as a resolver's info has it. */
function listField(query: string): FieldNode {
  const operation = parse(query).definitions[0] as OperationDefinitionNode;
  return operation.selectionSet.selections[0] as FieldNode;
}

/** The captured SQL sent straight through pg, one client per connection, for `duration` s. */
/**
 * The same statements without the demand record: the INSERT becomes a SELECT in an unused CTE
 * (never run, but it still types its parameters), so this is the read-only floor.
 */
function withoutDemandRecord(query: { sql: string; params: unknown[] }) {
  const sql = query.sql.replace(/INSERT INTO search_demand \([^)]*\)\s*SELECT/, 'SELECT');
  if (sql === query.sql) throw new Error('The search SQL has no demand record to leave out');
  return { sql, params: query.params };
}

async function rawSql(
  queries: { sql: string; params: unknown[] }[],
  connections: number,
  duration: number,
  scenario = 'raw search SQL (pg)',
  /** As a named prepared statement (as our service runs it on a server), not unnamed. */
  prepared = false,
): Promise<Measured> {
  const clients = await Promise.all(
    Array.from({ length: connections }, async () => {
      const c = new Client({ connectionString: BENCH_DATABASE_URL });
      await c.connect();
      return c;
    }),
  );
  const pids = (
    await Promise.all(
      clients.map((c) => c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')),
    )
  ).map((r) => r.rows[0].pid);
  const backendMs = () => pids.reduce((sum, pid) => sum + cpuMs(pid), 0);
  const databaseBefore = backendMs();
  const latencies: number[] = [];
  const started = process.hrtime.bigint();
  const until = Date.now() + duration * 1000;
  let next = 0;
  await Promise.all(
    clients.map(async (client) => {
      while (Date.now() < until) {
        const q = queries[next++ % queries.length];
        const t = process.hrtime.bigint();
        await client.query(
          prepared
            ? { name: preparedStatementName(q.sql), text: q.sql, values: q.params }
            : { text: q.sql, values: q.params },
        );
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }),
  );
  const durationS = Number(process.hrtime.bigint() - started) / 1e9;
  const databaseMs = backendMs() - databaseBefore;
  await Promise.all(clients.map((c) => c.end()));
  const sorted = latencies.sort((a, b) => a - b);
  return {
    databaseCpuMs: round(databaseMs / sorted.length, 2),
    scenario,
    connections,
    requests: sorted.length,
    durationS: round(durationS, 2),
    rps: round(sorted.length / durationS, 1),
    p50: round(percentile(sorted, 50), 1),
    p95: round(percentile(sorted, 95), 1),
    p99: round(percentile(sorted, 99), 1),
    max: round(sorted.at(-1) ?? NaN, 1),
    failed: 0,
    failures: [],
  };
}

async function explain(queries: { sql: string; params: unknown[] }[]) {
  const db = new Client({ connectionString: BENCH_DATABASE_URL });
  await db.connect();
  try {
    const times: number[] = [];
    let plan = '';
    for (const [i, q] of queries.entries()) {
      // EXPLAIN ANALYZE runs the statement, demand record included: roll that back.
      await db.query('BEGIN');
      const result = await db.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`,
        q.params,
      );
      await db.query('ROLLBACK');
      const lines = result.rows.map((r) => r['QUERY PLAN']);
      const time = lines.find((l) => l.startsWith('Execution Time'));
      times.push(Number(/([\d.]+) ms/.exec(time ?? '')?.[1] ?? NaN));
      if (i === 0) plan = lines.join('\n');
    }
    const sorted = times.sort((a, b) => a - b);
    return {
      plan,
      executionMs: { p50: round(percentile(sorted, 50), 2), max: round(sorted.at(-1)!, 2) },
    };
  } finally {
    await db.end();
  }
}

async function main(): Promise<void> {
  const before = conditions();
  log(`bench:peer on ${BENCH_DATABASE_URL}: ${JSON.stringify(before)}`);
  const data = await workload();
  // Pairs in a fixed order, spread over the areas and factors.
  const pairs = data.searches.filter((_, i) => i % 3 === 0);
  const token = await sign({
    sub: 'bench-peer-purchaser',
    roles: [Role.PURCHASER],
    divisionCode: 'LDN',
  });
  let o = 0;
  let p = 0;
  const ours = (): GraphqlCall => {
    const pair = pairs[o++ % pairs.length];
    return { token, query: OURS, variables: { factor: pair.factor, area: pair.area } };
  };
  const theirs = (): GraphqlCall => {
    const pair = pairs[p++ % pairs.length];
    return { token, query: THEIRS, variables: { factor: pair.factor, area: pair.area } };
  };

  const captured = await captureSearchSql(pairs.slice(0, 40));
  // The first one, to EXPLAIN by hand: psql, PREPARE q AS <sql>; EXPLAIN ANALYZE EXECUTE q(<params>).
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'search-sql-latest.json'), JSON.stringify(captured[0], null, 2));
  const floor = await explain(captured);
  log(`our search SQL, EXPLAIN ANALYZE execution: ${JSON.stringify(floor.executionMs)} ms`);

  await onDatabase(PEER_FUNCTIONS);
  const results: Measured[] = [];
  const spreads: {
    connections: number;
    rps: number[];
    p50: number[];
    rawRps: number;
    rawRpsPerRound: number[];
  }[] = [];
  const service = await startService(PORT, { DATABASE_URL: databaseUrlFor(OURS_APPLICATION_NAME) });
  const peer = await startPeer();
  const db = new Client({ connectionString: BENCH_DATABASE_URL });
  try {
    await db.connect();
    // Same answer? Compare totals for the first pair on both.
    const a = await call(service.url, ours());
    const b = await call(peer.url, theirs());
    o = 0;
    p = 0;
    if (a.body.errors || b.body.errors)
      throw new Error(`A query failed: ${JSON.stringify(a.body.errors ?? b.body.errors)}`);
    const totalOurs = (a.body.data as { searchInterventions: { totalCount: number } })
      .searchInterventions.totalCount;
    const totalTheirs = (b.body.data as { publishedInterventions: { totalCount: number } })
      .publishedInterventions.totalCount;
    log(`same first query: ours totalCount ${totalOurs}, PostGraphile ${totalTheirs}`);
    if (totalOurs !== totalTheirs) throw new Error('The two list queries do not agree');

    await load('warm-up', service.url, { connections: 8, duration: 3 }, ours);
    await load('warm-up', peer.url, { connections: 8, duration: 3 }, theirs);
    const sides: [Side, Side] = [
      {
        name: 'ours: searchInterventions',
        applicationName: OURS_APPLICATION_NAME,
        url: service.url,
        pid: service.pid,
        next: ours,
      },
      {
        name: 'PostGraphile 5',
        applicationName: PEER_APPLICATION_NAME,
        url: peer.url,
        pid: peer.pid,
        next: theirs,
      },
    ];
    for (const connections of CONNECTIONS) {
      const { merged, rounds, raw } = await alternate(sides, connections, db, () =>
        rawSql(captured, connections, SLICE_SECONDS, 'raw search SQL (pg), alternating'),
      );
      const rawRequests = raw.reduce((sum, r) => sum + r.requests, 0);
      const rawSeconds = raw.reduce((sum, r) => sum + r.durationS, 0);
      const row: Measured[] = [
        ...merged,
        await rawSql(captured, connections, DURATION),
        await rawSql(
          captured.map(withoutDemandRecord),
          connections,
          DURATION,
          'raw search SQL without the demand INSERT (pg)',
        ),
        await rawSql(captured, connections, DURATION, 'raw search SQL, prepared (pg)', true),
      ];
      for (const r of row)
        log(
          `${r.scenario} @${connections}: ${r.rps} req/s p50 ${r.p50} p95 ${r.p95}; CPU ms per request: server ${r.serviceCpuMs ?? '-'}, PostgreSQL ${r.databaseCpuMs ?? '-'}`,
        );
      const spread = {
        connections,
        rps: rounds.map(([us, them]) => round(us.rps / them.rps, 2)),
        p50: rounds.map(([us, them]) => round(us.p50 / them.p50, 2)),
        // Ours against the raw SQL run in the same rounds: the drift between moments falls on both.
        rawRps: round(merged[0].rps / (rawRequests / rawSeconds), 2),
        rawRpsPerRound: rounds.map(([us], i) => round(us.rps / raw[i].rps, 2)),
      };
      log(
        `ours / PostGraphile per round @${connections}: req/s ${spread.rps.join(', ')}; p50 ${spread.p50.join(', ')}`,
      );
      log(
        `ours / raw SQL in the same rounds @${connections}: req/s ${spread.rawRps} (per round ${spread.rawRpsPerRound.join(', ')})`,
      );
      spreads.push(spread);
      results.push(...row);
    }
  } finally {
    await db.end().catch(() => undefined);
    await peer.stop();
    await service.stop();
    await onDatabase(DROP_PEER_FUNCTIONS);
  }

  const after = conditions();
  const lines = [
    `Run at ${String(before.at)} on commit ${String(before.commit)}${before.dirty ? ' (uncommitted changes)' : ''}, ${String(before.node)}, ${String(before.cpus)}; load average before ${JSON.stringify(before.loadAverage)}, after ${JSON.stringify(after.loadAverage)}; ours, PostGraphile and the raw SQL alternating in ${ROUNDS} rounds of ${SLICE_SECONDS} s each, then each raw SQL variant ${DURATION} s.`,
    '',
    '| conn | system | req/s | p50 ms | p95 ms | p99 ms | server CPU ms/req | PostgreSQL CPU ms/req | failed |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.connections} | ${r.scenario} | ${r.rps} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.serviceCpuMs ?? '-'} | ${r.databaseCpuMs ?? '-'} | ${r.failed} |`,
    ),
    '',
    '| conn | ours / PostGraphile (p50) | per round | ours / PostGraphile (req/s) | per round | ours / raw SQL in the same rounds (req/s) | per round | ours / raw SQL (p50) | ours / raw SQL (req/s) | ours / read-only raw SQL (p50) | ours / prepared raw SQL (req/s) |',
    '|---:|---:|---|---:|---|---:|---|---:|---:|---:|---:|',
    ...CONNECTIONS.map((c) => {
      const [us, pg, raw, readOnly, prepared] = results.filter((r) => r.connections === c);
      const spread = spreads.find((s) => s.connections === c)!;
      return `| ${c} | ${round(us.p50 / pg.p50, 2)} | ${spread.p50.join(', ')} | ${round(us.rps / pg.rps, 2)} | ${spread.rps.join(', ')} | ${spread.rawRps} | ${spread.rawRpsPerRound.join(', ')} | ${round(us.p50 / raw.p50, 2)} | ${round(us.rps / raw.rps, 2)} | ${round(us.p50 / readOnly.p50, 2)} | ${round(us.rps / prepared.rps, 2)} |`;
    }),
    '',
    `EXPLAIN ANALYZE of our search SQL (demand record included, rolled back) over ${captured.length} (factor, area) pairs: execution p50 ${floor.executionMs.p50} ms, max ${floor.executionMs.max} ms. First plan:`,
    '',
    '```',
    floor.plan,
    '```',
  ];
  const markdown = lines.join('\n');
  const file = writeResults('peer', { before, after, results, spreads, floor }, markdown);
  log();
  log(markdown);
  log(`results: ${file}`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
