/**
 * A CTE `name` of needs: one row per purchaser, PCC area, factor and London day on which a
 * purchaser searched for the factor in the area (repeated searches that day are one need), met
 * when any of those searches found the factor available (search_demand.available_factors).
 * Searches recorded before availability was kept per factor (available_factors null) count in
 * no need. `where` may use `d` (search_demand) and `f` (the factor); `extra` groups by more
 * ([expression over d, alias] pairs, e.g. the person's sex): a need then belongs to one group.
 */
export function needsCte(
  name: string,
  where: string,
  extra: [string, string][] = [],
  /** search_demand, or a CTE of its rows. */
  source = 'search_demand',
): string {
  const columns = extra.map(([expression, alias]) => `, ${expression} AS ${alias}`).join('');
  const groups = extra.map(([expression]) => `, ${expression}`).join('');
  return `${name} AS (
        SELECT d.pcc_area_code AS pcc, f AS factor, COALESCE(d.searched_by, d.id::text) AS who,
               (d.at AT TIME ZONE 'Europe/London')::date AS day${columns},
               bool_or(f = ANY(d.available_factors)) AS met
        FROM ${source} d, unnest(d.factors) AS f
        WHERE 'PURCHASER' = ANY(d.caller_roles) AND d.available_factors IS NOT NULL AND d.pcc_area_code IS NOT NULL
          AND ${where}
        GROUP BY d.pcc_area_code, f, COALESCE(d.searched_by, d.id::text), (d.at AT TIME ZONE 'Europe/London')::date${groups}
      )`;
}
