import { SqlParams } from '../common/sql-params';
import { rollUpNextDay } from './demand-rollups';
import {
  builtRows,
  JUDGEMENT_MONTHLY,
  markMonth,
  REFERRAL_MONTHLY,
  rollUpNextMonth,
} from './monthly-rollups';
import {
  dayStart,
  Period,
  periodDays,
  ROLLUP_LOCK_TIMEOUT,
  RollupKind,
  rowsOf,
  RunSql,
} from './rollup-days';

/**
 * Daily rollups of referrals and outcome judgements (migration PurchaseRollups,
 * docs/demand-rollups.md): the gap report's purchases and contribution parts read the rollups
 * of built months and days (monthly-rollups.ts) and the rows themselves of marked days (today,
 * and any day changed since its rollup), as its demand part does with the searches' rollups.
 */

/** The advisory lock classes of a referral day and a judgement day (as the migration's triggers). */
const REFERRAL_DAY_LOCK = 21001;
const JUDGEMENT_DAY_LOCK = 21002;

/**
 * CTE `name`: referrals bought in the period in the `areas` and for the `factors` given (text[]
 * parameters), as rows (pcc, factor, referrals, declined, median_days): a referral counts once
 * for each of its target factors, and median_days is the median of days from purchase to start
 * over those that started (percentile_cont(0.5): the mean of the two middle values when their
 * number is even), read off the counts per day-to-start.
 */
export function purchasesCte(
  name: string,
  p: SqlParams,
  period: Period,
  areas: string,
  factors: string,
): string {
  const [from, to] = periodDays(p, period);
  return `${name}_rows AS (
        ${builtRows(
          p,
          REFERRAL_MONTHLY,
          period,
          'r.pcc_area_code AS pcc, r.factor, r.days_to_start, r.referrals, r.declined',
          `r.pcc_area_code = ANY(${areas}) AND r.factor = ANY(${factors})`,
        )}
        UNION ALL
        SELECT d.pcc_area_code, d.factor, d.days_to_start, d.referrals, d.declined
        FROM referral_rollup_pending q
        CROSS JOIN LATERAL (${referralRows(
          `${referralsOfDay('q.day')} AND r.pcc_area_code = ANY(${areas}) AND f = ANY(${factors})`,
        )}) d
        WHERE q.day BETWEEN ${from} AND ${to}
      ),
      ${name}_starts AS (
        SELECT pcc, factor, days_to_start,
               sum(sum(referrals)) OVER (PARTITION BY pcc, factor ORDER BY days_to_start) AS upto,
               sum(sum(referrals)) OVER (PARTITION BY pcc, factor) AS total
        FROM ${name}_rows WHERE days_to_start IS NOT NULL
        GROUP BY pcc, factor, days_to_start
      ),
      ${name}_medians AS (
        SELECT pcc, factor,
               (min(days_to_start) FILTER (WHERE upto > floor((total - 1) / 2.0))
                + min(days_to_start) FILTER (WHERE upto > ceil((total - 1) / 2.0))) / 2.0 AS median_days
        FROM ${name}_starts GROUP BY pcc, factor
      ),
      ${name} AS (
        SELECT t.pcc, t.factor, t.referrals, t.declined, m.median_days
        FROM (SELECT pcc, factor, sum(referrals)::int AS referrals, sum(declined)::int AS declined
              FROM ${name}_rows GROUP BY pcc, factor) t
        LEFT JOIN ${name}_medians m ON m.pcc = t.pcc AND m.factor = t.factor
      )`;
}

/**
 * CTE `name`: outcome judgements recorded in the period, per referral's PCC area (in `areas`)
 * and factor (in `factors`), as rows (pcc, factor, judged, sufficient).
 */
export function judgedCte(
  name: string,
  p: SqlParams,
  period: Period,
  areas: string,
  factors: string,
): string {
  const [from, to] = periodDays(p, period);
  return `${name} AS (
        SELECT pcc, factor, sum(judged)::int AS judged, sum(sufficient)::int AS sufficient
        FROM (
          ${builtRows(
            p,
            JUDGEMENT_MONTHLY,
            period,
            'r.pcc_area_code AS pcc, r.factor, r.judged, r.sufficient',
            `r.pcc_area_code = ANY(${areas}) AND r.factor = ANY(${factors})`,
          )}
          UNION ALL
          SELECT d.pcc_area_code, d.factor, d.judged, d.sufficient
          FROM judgement_rollup_pending q
          CROSS JOIN LATERAL (${judgementRows(
            `${outcomesOfDay('q.day')} AND r.pcc_area_code = ANY(${areas}) AND j.factor = ANY(${factors})`,
          )}) d
          WHERE q.day BETWEEN ${from} AND ${to}
        ) u
        GROUP BY pcc, factor
      )`;
}

/** A day's referrals (alias r) by the London day of purchase `day` (a SQL date). */
const referralsOfDay = (day: string) =>
  `r.created_at >= ${dayStart(day)} AND r.created_at < ${dayStart(`(${day} + 1)`)}`;
/** A day's outcomes (alias o) by the London day they were recorded. */
const outcomesOfDay = (day: string) =>
  `o.recorded_at >= ${dayStart(day)} AND o.recorded_at < ${dayStart(`(${day} + 1)`)}`;

const LONDON_DAY = (column: string) => `(${column} AT TIME ZONE 'Europe/London')::date`;

/**
 * The one definition of what referral_daily counts: the referrals (alias r) `where` admits (it
 * may name the factor `f`), as rows (day, pcc_area_code, factor, days_to_start, referrals,
 * declined). Read by the rollup job (a day), the reports (marked days) and the check (all).
 */
function referralRows(where: string): string {
  const day = LONDON_DAY('r.created_at');
  return `SELECT ${day} AS day, r.pcc_area_code, f AS factor, r.started_on - ${day} AS days_to_start,
         count(*)::int AS referrals, count(*) FILTER (WHERE r.status = 'DECLINED')::int AS declined
  FROM referral r CROSS JOIN unnest(r.target_factors) AS f
  WHERE ${where}
  GROUP BY 1, 2, 3, 4`;
}

/**
 * The one definition of what judgement_daily counts: the judgements of the outcomes (alias o)
 * `where` admits (it may name the referral `r` and the judgement `j`), as rows (day,
 * pcc_area_code, factor, judged, sufficient). Each outcome's judgements are read by its key,
 * so a few outcomes never cost a scan of them all.
 */
function judgementRows(where: string): string {
  const day = LONDON_DAY('o.recorded_at');
  return `SELECT ${day} AS day, r.pcc_area_code, j.factor, count(*)::int AS judged,
         count(*) FILTER (WHERE j.sufficient)::int AS sufficient
  FROM outcome o
  JOIN referral r ON r.id = o.referral_id
  CROSS JOIN LATERAL (
    SELECT j.factor, j.sufficient FROM outcome_factor_judgement j WHERE j.outcome_id = o.id OFFSET 0
  ) j
  WHERE ${where}
  GROUP BY 1, 2, 3`;
}

/** One kind of purchase rollup: its table, its marks, its day's lock and rows. */
interface PurchaseRollup {
  table: string;
  pending: string;
  lock: number;
  columns: string;
  /** Its rows for one day `$1` (a date). */
  dayRows: string;
}

const REFERRAL_ROLLUP: PurchaseRollup = {
  table: 'referral_daily',
  pending: 'referral_rollup_pending',
  lock: REFERRAL_DAY_LOCK,
  columns: 'pcc_area_code, factor, days_to_start, referrals, declined',
  dayRows: referralRows(referralsOfDay('$1::date')),
};
const JUDGEMENT_ROLLUP: PurchaseRollup = {
  table: 'judgement_daily',
  pending: 'judgement_rollup_pending',
  lock: JUDGEMENT_DAY_LOCK,
  columns: 'pcc_area_code, factor, judged, sufficient',
  dayRows: judgementRows(outcomesOfDay('$1::date')),
};

/**
 * Builds the earliest marked day before `today` of one purchase rollup and clears its mark;
 * answers that day, or null when none is left. Inside a transaction (one per day): the day's
 * advisory lock waits for changes of the day being written (their triggers hold it shared) and
 * holds new ones back until the day is built, so none is missed; concurrent runs take
 * different days.
 */
async function rollUpNextPurchaseDay(
  run: RunSql,
  today: string,
  rollup: PurchaseRollup,
): Promise<string | null> {
  const [next] = rowsOf<{ day: string }>(
    await run(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day FROM ${rollup.pending}
       WHERE day < $1::date ORDER BY day LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [today],
    ),
  );
  if (!next) return null;
  const day = [next.day];
  await run(`SET LOCAL lock_timeout = '${ROLLUP_LOCK_TIMEOUT}'`, []);
  await run(`SELECT pg_advisory_xact_lock(${rollup.lock}, $1::date - DATE '2000-01-01')`, day);
  await run(`SET LOCAL lock_timeout = 0`, []);
  await run(`DELETE FROM ${rollup.table} WHERE day = $1::date`, day);
  await run(
    `INSERT INTO ${rollup.table} (day, ${rollup.columns})
     SELECT day, ${rollup.columns} FROM (${rollup.dayRows}) d`,
    day,
  );
  await run(`DELETE FROM ${rollup.pending} WHERE day = $1::date`, day);
  return next.day;
}

/**
 * A day, a month (by its first day) or today so far (searches only) the rollup job built, and of
 * which rollup.
 */
export interface BuiltRollup {
  kind: RollupKind;
  span: 'day' | 'month' | 'today';
  day: string;
}

/**
 * Builds the next marked day of any rollup (searches first, then referrals, then judgements)
 * before `today` and marks its month; when every day is built, the next marked month that is
 * over (monthly-rollups.ts). Answers what it built, or null when every rollup is up to date.
 * One transaction per call.
 */
export async function rollUpNext(run: RunSql, today: string): Promise<BuiltRollup | null> {
  const day = await rollUpNextKindOfDay(run, today);
  if (day) {
    await markMonth(run, day.kind, day.day);
    return { ...day, span: 'day' };
  }
  const month = await rollUpNextMonth(run, today);
  return month && { kind: month.kind, span: 'month', day: month.month };
}

async function rollUpNextKindOfDay(
  run: RunSql,
  today: string,
): Promise<{ kind: RollupKind; day: string } | null> {
  const searches = await rollUpNextDay(run, today);
  if (searches) return { kind: 'searches', day: searches };
  const referrals = await rollUpNextPurchaseDay(run, today, REFERRAL_ROLLUP);
  if (referrals) return { kind: 'referrals', day: referrals };
  const judgements = await rollUpNextPurchaseDay(run, today, JUDGEMENT_ROLLUP);
  if (judgements) return { kind: 'judgements', day: judgements };
  return null;
}

/**
 * The consistency check's rules for the purchase rollups: `referral_rollup` and
 * `judgement_rollup` rows (rule, subject, recorded, expected), every built day against its rows.
 */
export const PURCHASE_ROLLUP_CONSISTENCY = `
  SELECT 'referral_rollup' AS rule,
         concat_ws('/', to_char(COALESCE(e.day, r.day), 'YYYY-MM-DD'), COALESCE(e.pcc_area_code, r.pcc_area_code),
                   COALESCE(e.factor, r.factor),
                   COALESCE(COALESCE(e.days_to_start, r.days_to_start)::text, 'not started')) AS subject,
         COALESCE('referrals ' || r.referrals || ', declined ' || r.declined, 'none') AS recorded,
         COALESCE('referrals ' || e.referrals || ', declined ' || e.declined, 'none') AS expected
  FROM (
    ${referralRows(
      `NOT EXISTS (SELECT 1 FROM referral_rollup_pending q WHERE q.day = ${LONDON_DAY('r.created_at')})`,
    )}
  ) e
  FULL JOIN (
    SELECT * FROM referral_daily t
    WHERE NOT EXISTS (SELECT 1 FROM referral_rollup_pending q WHERE q.day = t.day)
  ) r ON r.day = e.day AND r.pcc_area_code = e.pcc_area_code AND r.factor = e.factor
     AND r.days_to_start IS NOT DISTINCT FROM e.days_to_start
  WHERE (r.referrals, r.declined) IS DISTINCT FROM (e.referrals, e.declined)
  UNION ALL
  SELECT 'judgement_rollup',
         concat_ws('/', to_char(COALESCE(e.day, r.day), 'YYYY-MM-DD'), COALESCE(e.pcc_area_code, r.pcc_area_code),
                   COALESCE(e.factor, r.factor)),
         COALESCE('judged ' || r.judged || ', sufficient ' || r.sufficient, 'none'),
         COALESCE('judged ' || e.judged || ', sufficient ' || e.sufficient, 'none')
  FROM (
    ${judgementRows(
      `NOT EXISTS (SELECT 1 FROM judgement_rollup_pending q WHERE q.day = ${LONDON_DAY('o.recorded_at')})`,
    )}
  ) e
  FULL JOIN (
    SELECT * FROM judgement_daily t
    WHERE NOT EXISTS (SELECT 1 FROM judgement_rollup_pending q WHERE q.day = t.day)
  ) r ON r.day = e.day AND r.pcc_area_code = e.pcc_area_code AND r.factor = e.factor
  WHERE (r.judged, r.sufficient) IS DISTINCT FROM (e.judged, e.sufficient)`;
