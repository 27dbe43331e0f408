/**
 * npm run bench:ab -- <base revision> [<other revision>] — before/after on a noisy machine: builds
 * the service at two git revisions (default: the working tree's last build in dist/ as "after"),
 * runs both at once on the benchmark database, and alternates short load slices between them,
 * so that whatever else the machine is doing falls on both alike. Prints p50/p95/p99 and req/s
 * for each, per scenario, with each side's req/s per slice (the spread) and the service's CPU time
 * per request (its process's, from /proc: Linux only).
 *
 * Settings: BENCH_AB_SCENARIOS ("search,list,createReferral"), BENCH_AB_SLICES (6),
 * BENCH_AB_SLICE_SECONDS (3), BENCH_AB_CONNECTIONS (8), BENCH_PORT (3100; A and B on +200, +201).
 */
import 'reflect-metadata';
import { Role } from '../src/auth/role';
import { envInt } from './bench-database';
import {
  buildRevision,
  conditions,
  cpuMs,
  GraphqlCall,
  load,
  LoadResult,
  log,
  mergeSlices,
  ROOT,
  round,
  sign,
  startService,
  writeResults,
} from './harness';
import { scenarios, workload } from './load';

const SLICES = envInt('BENCH_AB_SLICES', 6);
const SLICE_SECONDS = envInt('BENCH_AB_SLICE_SECONDS', 3);
const CONNECTIONS = envInt('BENCH_AB_CONNECTIONS', 8);
const SCENARIOS = (process.env.BENCH_AB_SCENARIOS ?? 'search,list,createReferral').split(',');
const PORT = envInt('BENCH_PORT', 3100) + 200;

/** The peer comparison's list query (bench/peer.ts), for our service. */
const LIST = `query List($factor: FactorCode!, $area: String!) {
  searchInterventions(filter: { factors: [$factor], pccAreaCode: $area }, first: 20) {
    totalCount
    edges { node { id title provider { name kind } price { amountPence unit } } }
  }
}`;

async function main(): Promise<void> {
  const [baseRevision, otherRevision] = process.argv.slice(2);
  if (!baseRevision)
    throw new Error('usage: npm run bench:ab -- <base revision> [<other revision>]');
  const before = conditions();
  const roots = {
    A: buildRevision(baseRevision),
    B: otherRevision ? buildRevision(otherRevision) : ROOT,
  };
  const labels = { A: baseRevision, B: otherRevision ?? `working tree (${String(before.commit)})` };
  const data = await workload();
  const gen = await scenarios(data);
  const token = await sign({ sub: 'bench-ab', roles: [Role.PURCHASER], divisionCode: 'LDN' });
  let l = 0;
  const list = (): GraphqlCall => {
    const pair = data.searches[l++ % data.searches.length];
    return { token, query: LIST, variables: { factor: pair.factor, area: pair.area } };
  };
  const next: Record<string, () => GraphqlCall> = {
    search: () => gen.search(),
    list,
    createReferral: () => gen.createReferral(),
  };

  const services = {
    A: await startService(PORT, {}, roots.A),
    B: await startService(PORT + 1, {}, roots.B),
  };
  const rows: (LoadResult & { slicesRps: number[]; serviceCpuMsPerRequest: number })[] = [];
  try {
    for (const side of ['A', 'B'] as const) {
      await load('warm-up', services[side].url, { connections: CONNECTIONS, duration: 3 }, list);
    }
    for (const scenario of SCENARIOS) {
      const generate = next[scenario];
      if (!generate) throw new Error(`Unknown scenario ${scenario}`);
      const slices = { A: [] as LoadResult[], B: [] as LoadResult[] };
      const cpu = { A: 0, B: 0 };
      for (let i = 0; i < SLICES; i += 1) {
        // Alternate which goes first, so neither always follows the other's load.
        for (const side of i % 2 === 0 ? (['A', 'B'] as const) : (['B', 'A'] as const)) {
          const cpuBefore = cpuMs(services[side].pid);
          const r = await load(
            scenario,
            services[side].url,
            { connections: CONNECTIONS, duration: SLICE_SECONDS, keepLatencies: true },
            generate,
          );
          cpu[side] += cpuMs(services[side].pid) - cpuBefore;
          slices[side].push(r);
        }
      }
      for (const side of ['A', 'B'] as const) {
        const r = {
          ...mergeSlices(`${scenario}: ${labels[side]}`, CONNECTIONS, slices[side]),
          slicesRps: slices[side].map((s) => s.rps),
          serviceCpuMsPerRequest: 0,
        };
        r.serviceCpuMsPerRequest = round(cpu[side] / r.requests, 2);
        rows.push(r);
        log(
          `${r.scenario} @${CONNECTIONS}: ${r.rps} req/s p50 ${r.p50} p95 ${r.p95} p99 ${r.p99} failed ${r.failed}; service CPU ${r.serviceCpuMsPerRequest} ms per request; req/s per slice ${r.slicesRps.join(', ')}`,
        );
      }
    }
  } finally {
    await services.A.stop();
    await services.B.stop();
  }
  const after = conditions();
  const markdown = [
    `A/B at ${String(before.at)}: A = ${labels.A}, B = ${labels.B}; ${CONNECTIONS} connections, ${SLICES} alternating slices of ${SLICE_SECONDS} s each; load average before ${JSON.stringify(before.loadAverage)}, after ${JSON.stringify(after.loadAverage)}.`,
    '',
    '| scenario: revision | requests | req/s | req/s per slice | p50 ms | p95 ms | p99 ms | service CPU ms/request | failed |',
    '|---|---:|---:|---|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.requests} | ${r.rps} | ${r.slicesRps.join(', ')} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.serviceCpuMsPerRequest} | ${r.failed} |`,
    ),
  ].join('\n');
  const file = writeResults('ab', { before, after, labels, rows }, markdown);
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
