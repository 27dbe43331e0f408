/**
 * npm run bench:cpu -- [<git revision>] — where a search's CPU goes: runs the purchaser's search
 * (bench/load.ts) at BENCH_CONNECTIONS (8) for BENCH_DURATION (10 s) against the build in dist/
 * (or at a revision, built as bench:ab builds it) and divides the CPU time each process used
 * (from /proc) by the requests served: the service (Node), its PostgreSQL backends, the load
 * generator, and the whole machine (which includes whatever else is running). Linux only.
 */
import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import { Client } from 'pg';
import { BENCH_DATABASE_URL, envInt } from './bench-database';
import { buildRevision, cpuMs, load, log, round, startService } from './harness';
import { scenarios, workload } from './load';

const CONNECTIONS = envInt('BENCH_CONNECTIONS', 8);
const DURATION = envInt('BENCH_DURATION', 10);
const PORT = envInt('BENCH_PORT', 3100) + 300;

/** CPU time of every process now, by pid. */
function processesMs(): Map<number, number> {
  const ms = new Map<number, number>();
  for (const d of readdirSync('/proc')) if (/^\d+$/.test(d)) ms.set(Number(d), cpuMs(Number(d)));
  return ms;
}

/** CPU time used between two snapshots by the processes alive at both (others' runs come and go). */
function machineMs(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, ms] of after) {
    const was = before.get(pid);
    if (was !== undefined && ms >= was) sum += ms - was;
  }
  return sum;
}

async function main(): Promise<void> {
  const revision = process.argv[2];
  const root = revision ? buildRevision(revision) : undefined;
  const gen = await scenarios(await workload());
  const service = await startService(PORT, {}, root);
  const db = new Client({ connectionString: BENCH_DATABASE_URL });
  try {
    await load('warm-up', service.url, { connections: CONNECTIONS, duration: 3 }, () =>
      gen.search(),
    );
    await db.connect();
    const backends = (
      await db.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      )
    ).rows.map((r) => r.pid);
    const pgMs = () => backends.reduce((sum, pid) => sum + cpuMs(pid), 0);
    const start = {
      node: cpuMs(service.pid),
      pg: pgMs(),
      me: process.cpuUsage(),
      all: processesMs(),
    };
    const r = await load(
      'searchInterventions',
      service.url,
      { connections: CONNECTIONS, duration: DURATION },
      () => gen.search(),
    );
    const me = process.cpuUsage(start.me);
    const per = (ms: number) => round(ms / r.requests, 2);
    log(
      `${revision ?? 'dist/'}: ${r.requests} searches, ${r.rps} req/s, p50 ${r.p50} ms, p95 ${r.p95} ms at ${CONNECTIONS} connections; ` +
        `CPU ms per request: service ${per(cpuMs(service.pid) - start.node)}, PostgreSQL backends (${backends.length}) ${per(pgMs() - start.pg)}, ` +
        `load generator ${per((me.user + me.system) / 1000)}, all processes alive throughout (other work included) ${per(machineMs(start.all, processesMs()))}`,
    );
  } finally {
    await db.end().catch(() => undefined);
    await service.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
