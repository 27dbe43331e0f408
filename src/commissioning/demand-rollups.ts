import { SqlParams } from '../common/sql-params';
import { builtRows, SEARCH_FACTOR_MONTHLY, SEARCH_NEED_MONTHLY } from './monthly-rollups';
import { needsCte } from './needs';
import {
  builtDay,
  dayStart,
  Period,
  periodDays,
  ROLLUP_LOCK_TIMEOUT,
  rowsOf,
  RunSql,
} from './rollup-days';

/**
 * Daily rollups of purchasers' searches (migration DemandRollups, docs/demand-rollups.md): the
 * reports read the rollups of the days that are built and the searches themselves of the days
 * still marked in search_rollup_pending (today, and any day written since its rollup), so a
 * report's answer never depends on when the rollup job last ran, and its cost does not grow
 * with history.
 */

/** A need is counted whole, or within one group of the person's sex or supervision type. */
export type NeedDimension = 'ALL' | 'SEX' | 'SUPERVISION_TYPE';

/** The search_demand column each dimension groups needs by. */
const DIMENSION_COLUMN: Record<Exclude<NeedDimension, 'ALL'>, string> = {
  SEX: 'person_sex',
  SUPERVISION_TYPE: 'person_supervision_type',
};

/** The column of search_need_partial each dimension groups needs by. */
const PARTIAL_COLUMN: Record<Exclude<NeedDimension, 'ALL'>, string> = {
  SEX: 'sex',
  SUPERVISION_TYPE: 'supervision',
};

/** The person's sex and supervision type, '' when the search gave none (needsCte's `extra`). */
const PERSON_KEYS: [string, string][] = [
  [`COALESCE(d.person_sex, '')`, 'sex'],
  [`COALESCE(d.person_supervision_type, '')`, 'supervision'],
];

/** Purchasers' searches only: the reports count nobody else's. */
const PURCHASERS = `'PURCHASER' = ANY(d.caller_roles)`;

/**
 * A rollup row (alias `alias`) of a day in the period whose searches are rolled up in part (today
 * so far, search_rollup_partial): its searches before `upto`, those after being read one by one
 * (pendingSearchesCte).
 */
function partialDay(p: SqlParams, alias: string, period: Period): string {
  const [from, to] = periodDays(p, period);
  return `${alias}.day BETWEEN ${from} AND ${to} AND ${rolledUpSoFar(`${alias}.day`)}`;
}

/** A day (SQL date expression) rolled up so far (today, before its `upto`). */
function rolledUpSoFar(day: string): string {
  return `EXISTS (SELECT 1 FROM search_rollup_partial x WHERE x.day = ${day})`;
}

/**
 * CTE `pending_searches`: purchasers' searches of the period's days that no rollup holds: every
 * search of a marked day, or of today (rolled up so far) those since its rollup's `upto` (read
 * by time, one index range per day). The other CTEs of this file read it.
 */
export function pendingSearchesCte(p: SqlParams, period: Period): string {
  const [from, to] = periodDays(p, period);
  return `pending_searches AS (
        SELECT d.* FROM search_rollup_pending q
        LEFT JOIN search_rollup_partial x ON x.day = q.day
        JOIN search_demand d ON d.at >= GREATEST(${dayStart('q.day')}, x.upto) AND d.at < ${dayStart('(q.day + 1)')}
        WHERE q.day BETWEEN ${from} AND ${to} AND ${PURCHASERS}
      )`;
}

/**
 * CTE `name`: purchasers' searches in the period with a PCC area (limited to `areas`, a text[]
 * parameter, when given) as rows (pcc, factors, searches, no_result, available): the rollups'
 * rows of built days and one row per search of the others. Sums over it equal counts over the
 * searches. Needs `pendingSearchesCte` before it.
 */
export function demandCte(name: string, p: SqlParams, period: Period, areas?: string): string {
  const inAreas = (column: string) => (areas ? ` AND ${column} = ANY(${areas})` : '');
  return `${name} AS (
        SELECT r.pcc_area_code AS pcc, r.factors, r.searches, r.no_result, r.available
        FROM search_demand_daily r
        WHERE (${builtDay(p, 'r', period)} OR ${partialDay(p, 'r', period)})${inAreas('r.pcc_area_code')}
        UNION ALL
        SELECT d.pcc_area_code, d.factors, 1, (d.result_count = 0)::int, (d.available_count > 0)::int
        FROM pending_searches d
        WHERE d.pcc_area_code IS NOT NULL${inAreas('d.pcc_area_code')}
      )`;
}

/**
 * CTE `name`: purchasers' searches in the period with a PCC area in `areas` for a factor in
 * `factors` (text[] parameters), as rows (pcc, factor, searches, no_result, available) to be
 * summed: a search for two factors counts once in each. The rollups' rows of built months and
 * days (at most one per area and factor a month or a day: monthly-rollups.ts) and the searches
 * of the marked days. Needs
 * `pendingSearchesCte` before it.
 */
export function factorDemandCte(
  name: string,
  p: SqlParams,
  period: Period,
  areas: string,
  factors: string,
): string {
  return `${name} AS (
        ${builtRows(
          p,
          SEARCH_FACTOR_MONTHLY,
          period,
          'r.pcc_area_code AS pcc, r.factor, r.searches, r.no_result, r.available',
          `r.pcc_area_code = ANY(${areas}) AND r.factor = ANY(${factors})`,
        )}
        UNION ALL
        SELECT r.pcc_area_code, r.factor, r.searches, r.no_result, r.available
        FROM search_factor_daily r
        WHERE ${partialDay(p, 'r', period)} AND r.pcc_area_code = ANY(${areas}) AND r.factor = ANY(${factors})
        UNION ALL
        SELECT d.pcc_area_code, f, 1, (d.result_count = 0)::int, (d.available_count > 0)::int
        FROM pending_searches d, unnest(d.factors) AS f
        WHERE d.pcc_area_code = ANY(${areas}) AND f = ANY(${factors})
      )`;
}

/**
 * CTE `name`: purchasers' searches in the period per searcher's division, as rows
 * (division, searches). Needs `pendingSearchesCte` before it.
 */
export function divisionDemandCte(name: string, p: SqlParams, period: Period): string {
  return `${name} AS (
        SELECT r.division_code AS division, r.searches
        FROM search_division_daily r
        WHERE ${builtDay(p, 'r', period)} OR ${partialDay(p, 'r', period)}
        UNION ALL
        SELECT d.division_code, 1 FROM pending_searches d WHERE d.division_code IS NOT NULL
      )`;
}

/**
 * CTE `name`: needs in the period (see needsCte) in the `areas` given (a text[] parameter), as
 * rows (pcc, factor, key, needs, met) to be summed: `key` is the person's sex or supervision
 * type for those dimensions ('' when the search gave none), '' for ALL: the rollups' rows of
 * built months and days, and the searches of the marked days. Needs
 * `pendingSearchesCte` before it.
 */
export function needCountsCte(
  name: string,
  p: SqlParams,
  period: Period,
  areas: string,
  dimension: NeedDimension,
): string {
  const dimensionParam = p.add(dimension);
  const key = dimension === 'ALL' ? `''::text` : `n.${PARTIAL_COLUMN[dimension]}`;
  const soFar = `SELECT n.pcc_area_code, n.factor, n.who, n.day, ${key}, n.met
          FROM search_need_partial n
          WHERE ${partialDay(p, 'n', period)} AND n.pcc_area_code = ANY(${areas})`;
  return `${needCountRowsCte(`${name}_pending`, 'pending_searches', `d.pcc_area_code = ANY(${areas})`, dimension, soFar)},
      ${name} AS (
        ${builtRows(
          p,
          SEARCH_NEED_MONTHLY,
          period,
          'r.pcc_area_code AS pcc, r.factor, r.key, r.needs, r.met',
          `r.dimension = ${dimensionParam} AND r.pcc_area_code = ANY(${areas})`,
        )}
        UNION ALL
        SELECT pcc, factor, key, needs, met FROM ${name}_pending
      )`;
}

/**
 * CTE `name`: needsCte over `source` in groups of the dimension, counted as rows (pcc, factor,
 * key, needs, met); `key` is '' for ALL. `soFar`: more needs, as rows (pcc, factor, who, day,
 * key, met), that are one with a need of `source` of the same purchaser, day, area, factor and
 * key (today's needs before its rollup's `upto`, and its searches since).
 */
function needCountRowsCte(
  name: string,
  source: string,
  where: string,
  dimension: NeedDimension,
  soFar?: string,
) {
  const grouped = dimension !== 'ALL';
  const extra: [string, string][] = grouped
    ? [[`COALESCE(d.${DIMENSION_COLUMN[dimension]}, '')`, 'key']]
    : [];
  const key = grouped ? 'key' : `''::text AS key`;
  const whole = soFar
    ? `SELECT pcc, factor, who, day, key, bool_or(met) AS met
        FROM (SELECT pcc, factor, who, day, ${key}, met FROM ${name}_needs UNION ALL ${soFar}) n
        GROUP BY pcc, factor, who, day, key`
    : `SELECT pcc, factor, who, day, ${key}, met FROM ${name}_needs`;
  return `${needsCte(`${name}_needs`, where, extra, source)},
      ${name}_whole AS (${whole}),
      ${name} AS (
        SELECT pcc, factor, key, count(*)::int AS needs, count(*) FILTER (WHERE met)::int AS met
        FROM ${name}_whole GROUP BY pcc, factor, key
      )`;
}

/**
 * Builds the rollups of the earliest marked day before `today` (a London date) and clears its
 * mark; answers that day, or null when every day before today is built. Run it inside a
 * transaction (one per day). Concurrent runs (several instances) take different days; the
 * SHARE lock waits for searches being written and holds new ones back until this day is built,
 * so no search of the day is missed.
 */
export async function rollUpNextDay(run: RunSql, today: string): Promise<string | null> {
  const [next] = rowsOf<{ day: string }>(
    await run(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day FROM search_rollup_pending
       WHERE day < $1::date ORDER BY day LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [today],
    ),
  );
  if (!next) return null;
  await lockSearches(run);
  await buildSearchRollups(run, next.day);
  await run(`DELETE FROM search_rollup_pending WHERE day = $1::date`, [next.day]);
  return next.day;
}

/**
 * Rolls up today's searches (`today`, a London date) before `upto` (an instant, the start of
 * the current hour), unless they already are: the day stays marked, and reports read these
 * rollups and the searches since `upto` (search_rollup_partial). Answers whether it built them.
 * Inside a transaction; the SHARE lock waits for searches being written, as a day's build does.
 */
export async function rollUpToday(run: RunSql, today: string, upto: Date): Promise<boolean> {
  const [current] = rowsOf<{ built: boolean }>(
    await run(
      `SELECT (upto >= $2::timestamptz) AS built FROM search_rollup_partial WHERE day = $1::date`,
      [today, upto],
    ),
  );
  if (current?.built) return false;
  await lockSearches(run);
  await buildSearchRollups(run, today, upto);
  await run(`INSERT INTO search_rollup_pending (day) VALUES ($1::date) ON CONFLICT DO NOTHING`, [
    today,
  ]);
  await run(
    `INSERT INTO search_rollup_partial (day, upto) VALUES ($1::date, $2::timestamptz)
     ON CONFLICT (day) DO UPDATE SET upto = EXCLUDED.upto`,
    [today, upto],
  );
  // Its rows are replaced every hour: the planner's picture of them too (tens of thousands of
  // rows by the evening, not the handful it would otherwise assume).
  await run(`ANALYZE search_need_partial`, []);
  return true;
}

/**
 * Waits for searches being written (they queue behind this lock, never written to a past day,
 * only held back until the transaction ends): gives up after a moment rather than keep them
 * waiting, and the next run tries again.
 */
async function lockSearches(run: RunSql): Promise<void> {
  await run(`SET LOCAL lock_timeout = '${ROLLUP_LOCK_TIMEOUT}'`, []);
  await run(`LOCK TABLE search_demand IN SHARE MODE`, []);
  await run(`SET LOCAL lock_timeout = 0`, []);
}

/**
 * Replaces a day's rollups with its searches' counts: all of them (a day that is over: its
 * needs counted in search_need_daily), or those before `upto` (today so far: its needs kept per
 * purchaser in search_need_partial, so that a later search for the same need is not counted
 * twice).
 */
async function buildSearchRollups(run: RunSql, day: string, upto?: Date): Promise<void> {
  for (const table of [
    'search_demand_daily',
    'search_factor_daily',
    'search_division_daily',
    'search_need_daily',
    'search_need_partial',
    'search_rollup_partial',
  ]) {
    await run(`DELETE FROM ${table} WHERE day = $1::date`, [day]);
  }
  const end = upto ? `$2::timestamptz` : dayStart('($1::date + 1)');
  const params = upto ? [day, upto] : [day];
  const searches = `day_searches AS (
        SELECT d.* FROM search_demand d
        WHERE d.at >= ${dayStart('$1::date')} AND d.at < ${end} AND ${PURCHASERS}
      )`;
  await run(
    `WITH ${searches}
     INSERT INTO search_demand_daily (day, pcc_area_code, factors, searches, no_result, available)
     SELECT $1::date, d.pcc_area_code, d.factors, count(*),
            count(*) FILTER (WHERE d.result_count = 0), count(*) FILTER (WHERE d.available_count > 0)
     FROM day_searches d WHERE d.pcc_area_code IS NOT NULL
     GROUP BY d.pcc_area_code, d.factors`,
    params,
  );
  await run(
    `WITH ${searches}
     INSERT INTO search_factor_daily (day, pcc_area_code, factor, searches, no_result, available)
     SELECT $1::date, d.pcc_area_code, f, count(*),
            count(*) FILTER (WHERE d.result_count = 0), count(*) FILTER (WHERE d.available_count > 0)
     FROM day_searches d, unnest(d.factors) AS f WHERE d.pcc_area_code IS NOT NULL
     GROUP BY d.pcc_area_code, f`,
    params,
  );
  await run(
    `WITH ${searches}
     INSERT INTO search_division_daily (day, division_code, searches)
     SELECT $1::date, d.division_code, count(*) FROM day_searches d
     WHERE d.division_code IS NOT NULL GROUP BY d.division_code`,
    params,
  );
  if (upto) {
    await run(
      `WITH ${searches}, ${needsCte('need_rows', 'true', PERSON_KEYS, 'day_searches')}
       INSERT INTO search_need_partial (day, pcc_area_code, factor, who, sex, supervision, met)
       SELECT day, pcc, factor, who, sex, supervision, met FROM need_rows`,
      params,
    );
    return;
  }
  for (const dimension of ['ALL', 'SEX', 'SUPERVISION_TYPE'] as const) {
    await run(
      `WITH ${searches}, ${needCountRowsCte('need_counts', 'day_searches', 'true', dimension)}
       INSERT INTO search_need_daily (day, pcc_area_code, factor, dimension, key, needs, met)
       SELECT $1::date, pcc, factor, $2, key, needs, met FROM need_counts`,
      [day, dimension],
    );
  }
}

/** A day (SQL date expression) whose rollups the check compares: built, or rolled up so far. */
const checked = (day: string) =>
  `(NOT EXISTS (SELECT 1 FROM search_rollup_pending q WHERE q.day = ${day}) OR ${rolledUpSoFar(day)})`;

/**
 * The consistency check's part: every built day's rollups against its searches, and today's
 * rollups so far against its searches before their `upto`. Rows (rule, subject, recorded,
 * expected) as in src/health/consistency.ts.
 */
export const ROLLUP_CONSISTENCY = `
  day_searches AS (
    SELECT d.*, (d.at AT TIME ZONE 'Europe/London')::date AS day FROM search_demand d
    WHERE ${PURCHASERS}
      AND (NOT EXISTS (SELECT 1 FROM search_rollup_pending q WHERE q.day = (d.at AT TIME ZONE 'Europe/London')::date)
           OR EXISTS (SELECT 1 FROM search_rollup_partial x
                      WHERE x.day = (d.at AT TIME ZONE 'Europe/London')::date AND d.at < x.upto))
  ),
  demand_expected AS (
    SELECT day, pcc_area_code, factors, count(*)::int AS searches,
           count(*) FILTER (WHERE result_count = 0)::int AS no_result,
           count(*) FILTER (WHERE available_count > 0)::int AS available
    FROM day_searches WHERE pcc_area_code IS NOT NULL GROUP BY day, pcc_area_code, factors
  ),
  demand_recorded AS (
    SELECT r.day, r.pcc_area_code, r.factors, r.searches, r.no_result, r.available
    FROM search_demand_daily r
    WHERE ${checked('r.day')}
  ),
  demand_rollup AS (
    SELECT to_char(COALESCE(e.day, r.day), 'YYYY-MM-DD') || '/' || COALESCE(e.pcc_area_code, r.pcc_area_code)
             || '/' || array_to_string(COALESCE(e.factors, r.factors), '+') AS subject,
           COALESCE(r.searches || ' searches, ' || r.no_result || ' no result, ' || r.available || ' available', 'none') AS recorded,
           COALESCE(e.searches || ' searches, ' || e.no_result || ' no result, ' || e.available || ' available', 'none') AS expected
    FROM demand_expected e
    FULL JOIN demand_recorded r ON r.day = e.day AND r.pcc_area_code = e.pcc_area_code AND r.factors = e.factors
    WHERE (r.searches, r.no_result, r.available) IS DISTINCT FROM (e.searches, e.no_result, e.available)
  ),
  factor_rollup AS (
    SELECT to_char(COALESCE(e.day, r.day), 'YYYY-MM-DD') || '/' || COALESCE(e.pcc_area_code, r.pcc_area_code)
             || '/' || COALESCE(e.factor, r.factor) AS subject,
           COALESCE(r.searches || ' searches, ' || r.no_result || ' no result, ' || r.available || ' available', 'none') AS recorded,
           COALESCE(e.searches || ' searches, ' || e.no_result || ' no result, ' || e.available || ' available', 'none') AS expected
    FROM (SELECT day, pcc_area_code, f AS factor, count(*)::int AS searches,
                 count(*) FILTER (WHERE result_count = 0)::int AS no_result,
                 count(*) FILTER (WHERE available_count > 0)::int AS available
          FROM day_searches, unnest(factors) AS f WHERE pcc_area_code IS NOT NULL
          GROUP BY day, pcc_area_code, f) e
    FULL JOIN (SELECT r.* FROM search_factor_daily r WHERE ${checked('r.day')}) r
      ON r.day = e.day AND r.pcc_area_code = e.pcc_area_code AND r.factor = e.factor
    WHERE (r.searches, r.no_result, r.available) IS DISTINCT FROM (e.searches, e.no_result, e.available)
  ),
  division_rollup AS (
    SELECT to_char(COALESCE(e.day, r.day), 'YYYY-MM-DD') || '/' || COALESCE(e.division_code, r.division_code) AS subject,
           COALESCE(r.searches::text, 'none') AS recorded, COALESCE(e.searches::text, 'none') AS expected
    FROM (SELECT day, division_code, count(*)::int AS searches FROM day_searches
          WHERE division_code IS NOT NULL GROUP BY day, division_code) e
    FULL JOIN (SELECT r.* FROM search_division_daily r WHERE ${checked('r.day')}) r
      ON r.day = e.day AND r.division_code = e.division_code
    WHERE r.searches IS DISTINCT FROM e.searches
  ),
  ${needsCte('need_rows', 'true', PERSON_KEYS, 'day_searches')},
  day_need_rows AS (SELECT * FROM need_rows n WHERE NOT ${rolledUpSoFar('n.day')}),
  needs_expected AS (
    SELECT day, pcc, factor, 'ALL' AS dimension, '' AS key, count(*)::int AS needs, count(*) FILTER (WHERE met)::int AS met
    FROM (SELECT day, pcc, factor, who, bool_or(met) AS met FROM day_need_rows GROUP BY day, pcc, factor, who) n
    GROUP BY day, pcc, factor
    UNION ALL
    SELECT day, pcc, factor, 'SEX', sex, count(*)::int, count(*) FILTER (WHERE met)::int
    FROM (SELECT day, pcc, factor, who, sex, bool_or(met) AS met FROM day_need_rows GROUP BY day, pcc, factor, who, sex) n
    GROUP BY day, pcc, factor, sex
    UNION ALL
    SELECT day, pcc, factor, 'SUPERVISION_TYPE', supervision, count(*)::int, count(*) FILTER (WHERE met)::int
    FROM (SELECT day, pcc, factor, who, supervision, bool_or(met) AS met FROM day_need_rows GROUP BY day, pcc, factor, who, supervision) n
    GROUP BY day, pcc, factor, supervision
  ),
  need_rollup AS (
    SELECT to_char(COALESCE(e.day, r.day), 'YYYY-MM-DD') || '/' || COALESCE(e.pcc, r.pcc_area_code) || '/'
             || COALESCE(e.factor, r.factor) || '/' || COALESCE(e.dimension, r.dimension) || '/' || COALESCE(e.key, r.key) AS subject,
           COALESCE(r.needs || ' needs, ' || r.met || ' met', 'none') AS recorded,
           COALESCE(e.needs || ' needs, ' || e.met || ' met', 'none') AS expected
    FROM needs_expected e
    FULL JOIN (SELECT r.* FROM search_need_daily r
               WHERE NOT EXISTS (SELECT 1 FROM search_rollup_pending q WHERE q.day = r.day)) r
      ON r.day = e.day AND r.pcc_area_code = e.pcc AND r.factor = e.factor AND r.dimension = e.dimension AND r.key = e.key
    WHERE (r.needs, r.met) IS DISTINCT FROM (e.needs, e.met)
  ),
  partial_need_rollup AS (
    SELECT to_char(day, 'YYYY-MM-DD') || '/' || pcc || '/' || factor || '/so far' AS subject,
           count(recorded) || ' purchaser needs, ' || count(*) FILTER (WHERE recorded) || ' met' AS recorded,
           count(expected) || ' purchaser needs, ' || count(*) FILTER (WHERE expected) || ' met' AS expected
    FROM (
      SELECT COALESCE(e.day, r.day) AS day, COALESCE(e.pcc, r.pcc_area_code) AS pcc,
             COALESCE(e.factor, r.factor) AS factor, r.met AS recorded, e.met AS expected
      FROM (SELECT * FROM need_rows n WHERE ${rolledUpSoFar('n.day')}) e
      FULL JOIN (SELECT * FROM search_need_partial r WHERE ${rolledUpSoFar('r.day')}) r
        ON r.day = e.day AND r.pcc_area_code = e.pcc AND r.factor = e.factor AND r.who = e.who
       AND r.sex = e.sex AND r.supervision = e.supervision
    ) m
    GROUP BY day, pcc, factor
    HAVING bool_or(recorded IS DISTINCT FROM expected)
  )`;
