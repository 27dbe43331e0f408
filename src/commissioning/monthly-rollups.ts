import { SqlParams } from '../common/sql-params';
import { monthOf, nextMonth, Period, periodDays, RollupKind, rowsOf, RunSql } from './rollup-days';

/**
 * Monthly rollups (migration MonthlyRollups, docs/demand-rollups.md): the gap report's daily
 * rollups summed per London month, so that a report over a year reads twelve months' rows and
 * the days of the months it covers in part, not a row set per day.
 *
 * A month's rows are **in use** for a period when the whole month lies in the period, it is not
 * marked in rollup_month_pending, and none of its days is marked (its daily rollups match their
 * rows, and the month was built from them). Building a day marks its month; the rollup job
 * builds a marked month once it is over and none of its days is marked. So a report's answer
 * never depends on when the job last ran: it reads a month's rows, or its days' rows, or the
 * days' searches, referrals and outcomes themselves, and they add up to the same.
 */

/** A daily rollup table and the monthly table that sums it. */
interface MonthlyTable {
  monthly: string;
  daily: string;
  /** The columns a row is keyed by besides its day or month. */
  keys: string[];
  /** The counts that add up. */
  sums: string[];
}

/** One kind of rollup with monthly tables: its marks of days and its month lock. */
interface MonthlyRollup {
  kind: RollupKind;
  pendingDays: string;
  /** Advisory lock class of one of its months (key: months since 2000-01). */
  lock: number;
  tables: MonthlyTable[];
}

export const SEARCH_FACTOR_MONTHLY: MonthlyTable = {
  monthly: 'search_factor_monthly',
  daily: 'search_factor_daily',
  keys: ['pcc_area_code', 'factor'],
  sums: ['searches', 'no_result', 'available'],
};
export const SEARCH_NEED_MONTHLY: MonthlyTable = {
  monthly: 'search_need_monthly',
  daily: 'search_need_daily',
  keys: ['dimension', 'pcc_area_code', 'factor', 'key'],
  sums: ['needs', 'met'],
};
export const REFERRAL_MONTHLY: MonthlyTable = {
  monthly: 'referral_monthly',
  daily: 'referral_daily',
  keys: ['pcc_area_code', 'factor', 'days_to_start'],
  sums: ['referrals', 'declined'],
};
export const JUDGEMENT_MONTHLY: MonthlyTable = {
  monthly: 'judgement_monthly',
  daily: 'judgement_daily',
  keys: ['pcc_area_code', 'factor'],
  sums: ['judged', 'sufficient'],
};

const MONTHLY_ROLLUPS: MonthlyRollup[] = [
  {
    kind: 'searches',
    pendingDays: 'search_rollup_pending',
    lock: 21011,
    tables: [SEARCH_FACTOR_MONTHLY, SEARCH_NEED_MONTHLY],
  },
  {
    kind: 'referrals',
    pendingDays: 'referral_rollup_pending',
    lock: 21012,
    tables: [REFERRAL_MONTHLY],
  },
  {
    kind: 'judgements',
    pendingDays: 'judgement_rollup_pending',
    lock: 21013,
    tables: [JUDGEMENT_MONTHLY],
  },
];

const rollupOf = (table: MonthlyTable): MonthlyRollup =>
  MONTHLY_ROLLUPS.find((rollup) => rollup.tables.includes(table))!;

/** A month (SQL date expression, its first day) none of whose days `pendingDays` marks. */
const noDayMarked = (pendingDays: string, month: string) =>
  `NOT EXISTS (SELECT 1 FROM ${pendingDays} q WHERE q.day >= ${month} AND q.day < ${nextMonth(month)})`;

/** The month lock's key: months since January 2000, from a SQL date expression. */
const monthKey = (month: string) =>
  `((extract(year FROM ${month}) - 2000) * 12 + extract(month FROM ${month}) - 1)::int`;

/**
 * SQL for the rows (`columns`, over alias `r`) of `table`'s rollup over the period's built days
 * that `where` (over `r`) admits: the monthly rows of the months in use, the daily rows of the
 * period's other days that are not marked, one index range per day. The marked days are the
 * caller's to read from the rows themselves.
 */
export function builtRows(
  p: SqlParams,
  table: MonthlyTable,
  period: Period,
  columns: string,
  where: string,
): string {
  const { kind, pendingDays } = rollupOf(table);
  const [from, to] = periodDays(p, period);
  const monthsInUse = `SELECT m::date FROM generate_series(date_trunc('month', ${from}::timestamp), ${to}::timestamp, interval '1 month') m
            WHERE m::date >= ${from} AND ${nextMonth('m')} <= ${to} + 1
              AND NOT EXISTS (SELECT 1 FROM rollup_month_pending x WHERE x.kind = '${kind}' AND x.month = m::date)
              AND ${noDayMarked(pendingDays, 'm::date')}`;
  return `SELECT ${columns} FROM ${table.monthly} r
          WHERE r.month IN (${monthsInUse}) AND ${where}
          UNION ALL
          SELECT b.* FROM generate_series(${from}::timestamp, ${to}::timestamp, interval '1 day') g(t)
          CROSS JOIN LATERAL (
            SELECT ${columns} FROM ${table.daily} r WHERE r.day = g.t::date AND ${where} OFFSET 0
          ) b
          WHERE NOT EXISTS (SELECT 1 FROM ${pendingDays} q WHERE q.day = g.t::date)
            AND ${monthOf('g.t')} NOT IN (${monthsInUse})`;
}

/**
 * After a day of `kind` was built: marks its month, to be built again from its days once it is
 * over. The month's lock waits for a build of that month under way (it read the day's rows as
 * they were), so the mark is never lost behind it.
 */
export async function markMonth(run: RunSql, kind: RollupKind, day: string): Promise<void> {
  const rollup = MONTHLY_ROLLUPS.find((r) => r.kind === kind)!;
  await run(`SELECT pg_advisory_xact_lock(${rollup.lock}, ${monthKey(monthOf('$1::date'))})`, [
    day,
  ]);
  await run(
    `INSERT INTO rollup_month_pending (kind, month) VALUES ($1, ${monthOf('$2::date')})
     ON CONFLICT DO NOTHING`,
    [kind, day],
  );
}

/**
 * Builds the earliest marked month that is over (before `today`'s month) and none of whose days
 * is marked, of any kind, from its days' rollups, and clears its mark; answers it (its first
 * day), or null when there is none. Inside a transaction; concurrent runs take different months.
 */
export async function rollUpNextMonth(
  run: RunSql,
  today: string,
): Promise<{ kind: RollupKind; month: string } | null> {
  for (const rollup of MONTHLY_ROLLUPS) {
    const [next] = rowsOf<{ month: string }>(
      await run(
        `SELECT to_char(x.month, 'YYYY-MM-DD') AS month FROM rollup_month_pending x
         WHERE x.kind = $1 AND x.month < ${monthOf('$2::date')} AND ${noDayMarked(rollup.pendingDays, 'x.month')}
         ORDER BY x.month LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [rollup.kind, today],
      ),
    );
    if (!next) continue;
    const month = [next.month];
    await run(`SELECT pg_advisory_xact_lock(${rollup.lock}, ${monthKey('$1::date')})`, month);
    for (const table of rollup.tables) {
      const columns = [...table.keys, ...table.sums].join(', ');
      await run(`DELETE FROM ${table.monthly} WHERE month = $1::date`, month);
      await run(
        `INSERT INTO ${table.monthly} (month, ${columns})
         SELECT $1::date, ${table.keys.join(', ')}, ${table.sums.map((s) => `sum(${s})`).join(', ')}
         FROM ${table.daily}
         WHERE day >= $1::date AND day < ${nextMonth('$1::date')}
         GROUP BY ${table.keys.join(', ')}`,
        month,
      );
    }
    await run(`DELETE FROM rollup_month_pending WHERE kind = $1 AND month = $2::date`, [
      rollup.kind,
      next.month,
    ]);
    return { kind: rollup.kind, month: next.month };
  }
  return null;
}

/**
 * The consistency check's `monthly_rollup` rows (rule, subject, recorded, expected): every month
 * in use (not marked, none of its days marked) against the sums of its days' rollups.
 */
export const MONTHLY_ROLLUP_CONSISTENCY = MONTHLY_ROLLUPS.flatMap((rollup) =>
  rollup.tables.map((table) => {
    const keys = table.keys;
    const inUse = (alias: string) =>
      `NOT EXISTS (SELECT 1 FROM rollup_month_pending x WHERE x.kind = '${rollup.kind}' AND x.month = ${alias}.month)
        AND ${noDayMarked(rollup.pendingDays, `${alias}.month`)}`;
    const describe = (alias: string) =>
      `concat_ws(', ', ${table.sums.map((s) => `'${s} ' || ${alias}.${s}`).join(', ')})`;
    return `
  SELECT 'monthly_rollup' AS rule,
         concat_ws('/', '${table.monthly}', to_char(COALESCE(e.month, r.month), 'YYYY-MM'),
                   ${keys.map((k) => `COALESCE(e.${k}, r.${k})::text`).join(', ')}) AS subject,
         COALESCE(${describe('r')}, 'none') AS recorded,
         COALESCE(${describe('e')}, 'none') AS expected
  FROM (
    SELECT * FROM (
      SELECT ${monthOf('d.day')} AS month, ${keys.map((k) => `d.${k}`).join(', ')},
             ${table.sums.map((s) => `sum(d.${s})::int AS ${s}`).join(', ')}
      FROM ${table.daily} d GROUP BY 1, ${keys.map((_, i) => i + 2).join(', ')}
    ) m WHERE ${inUse('m')}
  ) e
  FULL JOIN (SELECT * FROM ${table.monthly} t WHERE ${inUse('t')}) r
    ON r.month = e.month AND ${keys.map((k) => `r.${k} IS NOT DISTINCT FROM e.${k}`).join(' AND ')}
  WHERE (${table.sums.map((s) => `r.${s}`).join(', ')}) IS DISTINCT FROM (${table.sums.map((s) => `e.${s}`).join(', ')})`;
  }),
).join('\n  UNION ALL');
