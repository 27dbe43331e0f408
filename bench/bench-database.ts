/**
 * Where the benchmarks' database lives: `BENCH_DATABASE_URL`, by default a database named
 * `marketplace_bench` on the local PostgreSQL server. Benchmarks are tools, not the service, so
 * they read their few settings here rather than through src/config.
 */
export const BENCH_DATABASE_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/marketplace_bench';

/** The database's name, and a URL for the server's maintenance database (to create it). */
export function benchDatabase(url = BENCH_DATABASE_URL): { name: string; adminUrl: string } {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  // The seed drops and recreates this database: refuse anything not plainly a benchmark's own.
  if (!/bench/i.test(name)) {
    throw new Error(`Refusing to use database "${name}": its name must contain "bench"`);
  }
  parsed.pathname = '/postgres';
  return { name, adminUrl: parsed.toString() };
}

/** Reads a positive integer from the environment, with a default. */
export function envInt(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number`);
  return n;
}
