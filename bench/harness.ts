/**
 * What the load and peer benchmarks share: starting the built service on the benchmark
 * database, signing tokens, running autocannon with exact percentiles, and noting the machine's
 * conditions (a 2-core machine shared with test runs gives noisy figures: say how noisy).
 */
import autocannon from 'autocannon';
import { execSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { SignJWT } from 'jose';
import { Role } from '../src/auth/role';
import { BENCH_DATABASE_URL } from './bench-database';

/** The service under test verifies tokens with this secret (never used outside the benchmarks). */
export const BENCH_JWT_SECRET = 'bench-only-secret-intervention-marketplace-0123456789';
/** Signs the pages' session cookies (required in production; the benchmarks never use it). */
export const BENCH_WEB_SESSION_SECRET = 'bench-only-web-session-secret-intervention-marketplace';

export const ROOT = resolve(__dirname, '..');
export const RESULTS_DIR = join(ROOT, 'bench', 'results');

export interface RunningService {
  url: string;
  /** The service's process id (for its CPU time, bench/cpu.ts). */
  pid: number;
  stop: () => Promise<void>;
}

/** Starts `node dist/src/main.js` (run `npm run build` first) on the benchmark database. */
export async function startService(
  port: number,
  env: Record<string, string> = {},
  root = ROOT,
): Promise<RunningService> {
  const main = join(root, 'dist', 'src', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run npm run build first`);
  // e.g. `--prof --logfile=/tmp/v8.log` (V8's tick log, read with `node --prof-process`).
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, main], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      DATABASE_URL: BENCH_DATABASE_URL,
      JWT_SECRET: BENCH_JWT_SECRET,
      WEB_SESSION_SECRET: BENCH_WEB_SESSION_SECRET,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      PORT: String(port),
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
      // A handful of users send thousands of requests a minute, all from one address: the
      // per-user and per-address limits are out of reach.
      RATE_LIMIT: '10000000',
      RATE_LIMIT_PER_ADDRESS: '10000000',
      ...env,
    },
    // Request logs go to /dev/null: written (their cost is measured), never read.
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The service stopped:\n${stderr}`);
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The service did not answer /health within 60 s:\n${stderr}`);
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  return {
    url,
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export function sign(claims: {
  sub: string;
  roles: Role[];
  divisionCode?: string;
  organisationId?: string;
}): Promise<string> {
  const { sub, ...rest } = claims;
  return new SignJWT({ name: 'Benchmark user', ...rest })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime('12h')
    .sign(new TextEncoder().encode(BENCH_JWT_SECRET));
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export interface LoadResult {
  scenario: string;
  connections: number;
  requests: number;
  durationS: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  failed: number;
  /** Responses that were not 2xx or carried GraphQL errors, with the first few bodies. */
  failures: string[];
  /** Every response's latency, when asked for (to merge runs). */
  latencies?: number[];
}

export interface GraphqlCall {
  token: string;
  query: string;
  variables?: Record<string, unknown>;
  /** A page to GET instead (e.g. `/find?...`), as the signed-in user: `query` is then unused. */
  page?: string;
}

/**
 * Runs one autocannon load: each request asks `next()` for its GraphQL call (so requests vary),
 * latencies are recorded per response for exact p50/p95/p99, and a response is a failure when
 * it is not 2xx or carries `errors`.
 */
export function load(
  scenario: string,
  url: string,
  opts: {
    connections: number;
    duration?: number;
    amount?: number;
    path?: string;
    keepLatencies?: boolean;
  },
  next: () => GraphqlCall,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let failed = 0;
  const failures: string[] = [];
  const started = process.hrtime.bigint();
  return new Promise((done, fail) => {
    const instance = autocannon(
      {
        url,
        connections: opts.connections,
        ...(opts.amount ? { amount: opts.amount } : { duration: opts.duration ?? 10 }),
        timeout: 60,
        requests: [
          {
            method: 'POST',
            path: opts.path ?? '/graphql',
            setupRequest: (request) => {
              const call = next();
              if (call.page) {
                const headers: Record<string, string> = { authorization: `Bearer ${call.token}` };
                return { ...request, method: 'GET', path: call.page, headers, body: undefined };
              }
              return {
                ...request,
                headers: {
                  'content-type': 'application/json',
                  authorization: `Bearer ${call.token}`,
                },
                body: JSON.stringify({ query: call.query, variables: call.variables }),
              };
            },
            onResponse: (status, body) => {
              if (status < 200 || status > 299 || body.includes('"errors"')) {
                failed += 1;
                if (failures.length < 3) failures.push(`${status} ${body.slice(0, 300)}`);
              }
            },
          },
        ],
      },
      (error) => {
        if (error) return fail(error);
        const durationS = Number(process.hrtime.bigint() - started) / 1e9;
        const sorted = [...latencies].sort((a, b) => a - b);
        done({
          scenario,
          connections: opts.connections,
          requests: sorted.length,
          durationS: round(durationS, 2),
          rps: round(sorted.length / durationS, 1),
          p50: round(percentile(sorted, 50), 1),
          p95: round(percentile(sorted, 95), 1),
          p99: round(percentile(sorted, 99), 1),
          max: round(sorted.at(-1) ?? NaN, 1),
          failed,
          failures,
          ...(opts.keepLatencies ? { latencies: sorted } : {}),
        });
      },
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) =>
      latencies.push(ms),
    );
  });
}

/** Several slices of one load (each run with `keepLatencies`) as one result: exact percentiles over them all. */
export function mergeSlices(
  scenario: string,
  connections: number,
  slices: LoadResult[],
): LoadResult {
  const sorted = slices.flatMap((s) => s.latencies ?? []).sort((a, b) => a - b);
  const requests = slices.reduce((n, s) => n + s.requests, 0);
  const seconds = slices.reduce((n, s) => n + s.durationS, 0);
  return {
    scenario,
    connections,
    requests,
    durationS: round(seconds, 1),
    rps: round(requests / seconds, 1),
    p50: round(percentile(sorted, 50), 1),
    p95: round(percentile(sorted, 95), 1),
    p99: round(percentile(sorted, 99), 1),
    max: round(sorted.at(-1) ?? NaN, 1),
    failed: slices.reduce((n, s) => n + s.failed, 0),
    failures: slices.flatMap((s) => s.failures).slice(0, 3),
  };
}

/** One GraphQL request outside the load, for its answer and response headers. */
export async function call(
  url: string,
  request: GraphqlCall,
): Promise<{ status: number; body: { data?: unknown; errors?: unknown[] }; headers: Headers }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${request.token}` },
    body: JSON.stringify({ query: request.query, variables: request.variables }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
  return { status: response.status, body, headers: response.headers };
}

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux); 0 when it is gone. */
export function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 10 ms
  } catch {
    return 0;
  }
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** The machine and the moment, so figures can be read against how busy it was. */
export function conditions(): Record<string, unknown> {
  const git = (args: string) => {
    try {
      return execSync(`git ${args}`, { cwd: ROOT, encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  };
  return {
    at: new Date().toISOString(),
    commit: git('rev-parse --short HEAD'),
    dirty: git('status --porcelain --untracked-files=no') !== '',
    node: process.version,
    cpus: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}`,
    loadAverage: loadavg().map((l) => round(l, 2)),
  };
}

export function markdownTable(rows: LoadResult[]): string {
  const lines = [
    '| scenario | conn | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | failed |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.connections} | ${r.requests} | ${r.rps} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.max} | ${r.failed} |`,
    ),
  ];
  return lines.join('\n');
}

/** Writes `<name>-<timestamp>.json` and `<name>-latest.md` under bench/results/. */
export function writeResults(name: string, json: unknown, markdown: string): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = join(RESULTS_DIR, `${name}-${stamp}.json`);
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(join(RESULTS_DIR, `${name}-latest.md`), `${markdown}\n`);
  return file;
}

export function log(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** Builds the service at `revision` under .data/ab/<sha>/ (sharing node_modules); returns its root. */
export function buildRevision(revision: string): string {
  const sha = execSync(`git rev-parse --short ${revision}`, { cwd: ROOT, encoding: 'utf8' }).trim();
  const dir = join(ROOT, '.data', 'ab', sha);
  if (!existsSync(join(dir, 'dist', 'src', 'main.js'))) {
    log(`building ${revision} (${sha}) in ${dir}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    execSync(`git archive ${sha} | tar -x -C ${dir}`, { cwd: ROOT, shell: '/bin/sh' });
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    execSync('npx nest build', { cwd: dir, stdio: 'inherit' });
  }
  return dir;
}
