import { ROLLUP_CONSISTENCY } from '../commissioning/demand-rollups';
import { MONTHLY_ROLLUP_CONSISTENCY } from '../commissioning/monthly-rollups';
import { PURCHASE_ROLLUP_CONSISTENCY } from '../commissioning/purchase-rollups';
import { AGGREGATES_FROM_OUTCOMES } from '../outcomes/outcomes.service';

/** One figure that disagrees with the rows it summarises. */
export interface Inconsistency {
  /**
   * Which rule: `places_held`, `venue_areas`, `budget`, `funding_pot`, `contribution_aggregate`, or a daily
   * rollup (`demand_rollup`, `factor_rollup`, `division_rollup`, `need_rollup`, `referral_rollup`,
   * `judgement_rollup`), or a monthly one (`monthly_rollup`).
   */
  rule: string;
  /** What disagrees, e.g. the listing id, `LDN/2026`, `PROVIDER/<id>/ACCOMMODATION`. */
  subject: string;
  recorded: string;
  expected: string;
}

/** Anything that runs SQL: a TypeORM DataSource or EntityManager, or a `pg` client. */
export interface Queryable {
  query(sql: string): Promise<unknown>;
}

const LIVE = `('SUBMITTED', 'ACCEPTED', 'STARTED')`;
const FINISHED = `('COMPLETED', 'ENDED_EARLY')`;

/**
 * The running figures the services keep in step with the rows, each recomputed from the rows:
 * a listing's places held are its live referrals, and its venue areas its venues' PCC areas; a
 * division's committed and spent budget for a financial year are the totals of its live and
 * finished referrals' fees and outcome payments (those its budget paid for); a funding pot's are
 * the same totals of the referrals it paid for, and its total what its co-funders put in;
 * the contribution aggregates are what the outcomes and reports make (a row of zeros counts as
 * absent); the daily rollups of every built day are what that day's searches, referrals and
 * outcomes make. Read-only and parameter-free.
 */
export const CONSISTENCY_CHECKS = `
  WITH held AS (
    SELECT i.id, i.places_held, count(r.id) AS live
    FROM intervention i
    LEFT JOIN referral r ON r.intervention_id = i.id AND r.status IN ${LIVE}
    GROUP BY i.id, i.places_held
  ),
  referral_totals AS (
    -- Committed: live fees, plus the most the outcome payments can come to until a report
    -- settles them (also on a referral withdrawn after it started, whose report is due).
    -- Spent: finished fees plus the outcome payments reports earned.
    SELECT division_code, financial_year,
           coalesce(sum(total_pence) FILTER (WHERE status IN ${LIVE}), 0)
             + coalesce(sum(outcome_payment_max_pence) FILTER (
                 WHERE (status IN ${LIVE} OR end_of_service_report_due)
                   AND end_of_service_report_at IS NULL), 0) AS committed,
           coalesce(sum(total_pence) FILTER (WHERE status IN ${FINISHED}), 0)
             + coalesce(sum(outcome_payment_earned_pence), 0) AS spent,
           coalesce(sum(outcome_payment_earned_pence), 0) AS outcome_spent
    FROM referral WHERE funding_pot_id IS NULL GROUP BY division_code, financial_year
  ),
  pot_totals AS (
    -- The same totals for the referrals each funding pot paid for.
    SELECT funding_pot_id,
           coalesce(sum(total_pence) FILTER (WHERE status IN ${LIVE}), 0)
             + coalesce(sum(outcome_payment_max_pence) FILTER (
                 WHERE (status IN ${LIVE} OR end_of_service_report_due)
                   AND end_of_service_report_at IS NULL), 0) AS committed,
           coalesce(sum(total_pence) FILTER (WHERE status IN ${FINISHED}), 0)
             + coalesce(sum(outcome_payment_earned_pence), 0) AS spent,
           coalesce(sum(outcome_payment_earned_pence), 0) AS outcome_spent
    FROM referral WHERE funding_pot_id IS NOT NULL GROUP BY funding_pot_id
  ),
  pots AS (
    SELECT p.id, p.total_pence, f.funded, p.committed_pence, p.spent_pence,
           p.outcome_payments_spent_pence AS outcome_spent_pence,
           coalesce(t.committed, 0) AS committed, coalesce(t.spent, 0) AS spent,
           coalesce(t.outcome_spent, 0) AS outcome_spent
    FROM funding_pot p
    LEFT JOIN pot_totals t ON t.funding_pot_id = p.id
    LEFT JOIN (SELECT pot_id, sum(amount_pence) AS funded FROM funding_pot_funder GROUP BY pot_id) f
      ON f.pot_id = p.id
  ),
  budgets AS (
    SELECT coalesce(b.division_code, t.division_code) AS division_code,
           coalesce(b.financial_year, t.financial_year) AS financial_year,
           coalesce(b.committed_pence, 0) AS committed_pence, coalesce(b.spent_pence, 0) AS spent_pence,
           coalesce(b.outcome_payments_spent_pence, 0) AS outcome_spent_pence,
           coalesce(t.committed, 0) AS committed, coalesce(t.spent, 0) AS spent,
           coalesce(t.outcome_spent, 0) AS outcome_spent
    FROM division_budget b
    FULL JOIN referral_totals t
      ON t.division_code = b.division_code AND t.financial_year = b.financial_year
  ),
  expected_aggregates AS (${AGGREGATES_FROM_OUTCOMES}),
  aggregates AS (
    SELECT coalesce(a.scope, e.scope) AS scope, coalesce(a.scope_id, e.scope_id) AS scope_id,
           coalesce(a.factor, e.factor) AS factor,
           concat_ws('/', a.judged, a.sufficient, a.outcomes, a.risk_of_harm_focus_applicable,
                     a.risk_of_harm_focus_sufficient, a.information_for_review_applicable,
                     a.information_for_review_sufficient, a.reports, a.achievement_rate_micros) AS recorded,
           concat_ws('/', e.judged, e.sufficient, e.outcomes, e.rof_applicable, e.rof, e.ifr_applicable,
                     e.ifr, e.reports, e.micros) AS expected
    FROM (SELECT * FROM contribution_aggregate
          WHERE judged + sufficient + outcomes + risk_of_harm_focus_applicable
                + risk_of_harm_focus_sufficient + information_for_review_applicable
                + information_for_review_sufficient + reports + achievement_rate_micros > 0) a
    FULL JOIN expected_aggregates e
      ON e.scope = a.scope AND e.scope_id = a.scope_id AND e.factor = a.factor
  ),
  ${ROLLUP_CONSISTENCY}
  SELECT 'places_held' AS rule, id::text AS subject, places_held::text AS recorded, live::text AS expected
  FROM held WHERE places_held <> live
  UNION ALL
  SELECT 'venue_areas', i.id::text, i.venue_pcc_areas::text, intervention_venue_areas(i.id)::text
  FROM intervention i WHERE i.venue_pcc_areas <> intervention_venue_areas(i.id)
  UNION ALL
  SELECT 'budget', division_code || '/' || financial_year,
         'committed ' || committed_pence || ', spent ' || spent_pence || ', outcome payments ' || outcome_spent_pence,
         'committed ' || committed || ', spent ' || spent || ', outcome payments ' || outcome_spent
  FROM budgets
  WHERE committed_pence <> committed OR spent_pence <> spent OR outcome_spent_pence <> outcome_spent
  UNION ALL
  SELECT 'funding_pot', id::text,
         'total ' || total_pence || ', committed ' || committed_pence || ', spent ' || spent_pence || ', outcome payments ' || outcome_spent_pence,
         'total ' || coalesce(funded, 0) || ', committed ' || committed || ', spent ' || spent || ', outcome payments ' || outcome_spent
  FROM pots
  WHERE total_pence <> coalesce(funded, 0) OR committed_pence <> committed OR spent_pence <> spent
     OR outcome_spent_pence <> outcome_spent
  UNION ALL
  SELECT 'contribution_aggregate', scope || '/' || scope_id || '/' || factor,
         coalesce(recorded, 'none'), coalesce(expected, 'none')
  FROM aggregates WHERE recorded IS DISTINCT FROM expected
  UNION ALL
  SELECT 'demand_rollup', subject, recorded, expected FROM demand_rollup
  UNION ALL
  SELECT 'factor_rollup', subject, recorded, expected FROM factor_rollup
  UNION ALL
  SELECT 'division_rollup', subject, recorded, expected FROM division_rollup
  UNION ALL
  SELECT 'need_rollup', subject, recorded, expected FROM need_rollup
  UNION ALL
  SELECT 'need_rollup', subject, recorded, expected FROM partial_need_rollup
  UNION ALL
  ${PURCHASE_ROLLUP_CONSISTENCY}
  UNION ALL
  ${MONTHLY_ROLLUP_CONSISTENCY}
  ORDER BY 1, 2`;

/** Every figure that disagrees with its rows; none when the data is consistent. */
export async function findInconsistencies(database: Queryable): Promise<Inconsistency[]> {
  const result = await database.query(CONSISTENCY_CHECKS);
  // TypeORM returns the rows; pg returns a result with `rows`.
  return (
    Array.isArray(result) ? result : (result as { rows: Inconsistency[] }).rows
  ) as Inconsistency[];
}
