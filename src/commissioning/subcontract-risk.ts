import { lastDaySql } from '../supply-chains/supply-chain-rules';

/**
 * The one stewardship condition that needs supply chains (issue 19, section 1): the listings
 * carried by a subcontract in force on `today` whose last day falls within `days` days of it
 * (status ENDING, as `subcontractStatus` decides; SQL parameters: a date and a number of days).
 * A statement over listings asks `i.id IN (<this>)`.
 */
export function listingsWithSubcontractEndingSql(today: string, days: string): string {
  const lastDay = lastDaySql('s');
  return `SELECT li.id AS intervention_id
    FROM intervention li
    JOIN subcontract s ON s.id = li.subcontract_id
    WHERE s.starts_on <= ${today}::date
      AND ${lastDay} >= ${today}::date
      AND ${lastDay} <= ${today}::date + ${days}`;
}
