import { SqlParams } from '../common/sql-params';

/**
 * What the daily and monthly rollups (demand-rollups.ts, purchase-rollups.ts,
 * monthly-rollups.ts; docs/demand-rollups.md) share: London days and months in SQL, a period's
 * bounds, and running SQL inside the rollup job's transaction.
 */

/** A report's period: London dates, both included. */
export type Period = { from: string; to: string };

/** Which rollup a built day or month belongs to. */
export type RollupKind = 'searches' | 'referrals' | 'judgements';

/** A London day's first instant, from a SQL date expression. */
export const dayStart = (day: string) => `(${day}::timestamp AT TIME ZONE 'Europe/London')`;

/** The first day of the month of a SQL date expression, as a date. */
export const monthOf = (day: string) => `date_trunc('month', (${day})::timestamp)::date`;

/** The first day of the month after the one starting on `month` (a SQL date expression). */
export const nextMonth = (month: string) => `((${month})::timestamp + interval '1 month')::date`;

/** The period's days as two date parameters. */
export function periodDays(p: SqlParams, period: Period): [string, string] {
  return [p.add(period.from, '::date'), p.add(period.to, '::date')];
}

/** A searches' rollup row (alias `alias`) of a built day in the period: a day not marked. */
export function builtDay(p: SqlParams, alias: string, period: Period): string {
  const [from, to] = periodDays(p, period);
  return `${alias}.day BETWEEN ${from} AND ${to}
          AND NOT EXISTS (SELECT 1 FROM search_rollup_pending q WHERE q.day = ${alias}.day)`;
}

/** How long a rollup waits for searches being written before it gives up until its next run. */
export const ROLLUP_LOCK_TIMEOUT = '2s';

/** Something that runs SQL inside the caller's transaction and answers the rows. */
export type RunSql = (sql: string, params: unknown[]) => Promise<unknown>;

/** The rows of a result from TypeORM (rows) or pg (a result with `rows`). */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
