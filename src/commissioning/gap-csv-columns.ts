import { CsvColumn } from './csv';

/** What the gap report's CSV reads of a row: the API's ProvisionGapRow, or a page's copy of it. */
export interface GapCsvRow {
  pccArea: { code: string; name: string; division: { code: string } };
  factor: { code: string; name: string };
  publishedInterventions: number;
  placesAvailable: number;
  searches: number;
  searchesWithNoResult: number;
  searchHitRate: number | null;
  needs: number;
  needsMet: number;
  availabilityRate: number | null;
  nationalAvailabilityCrc: { rate: number | null };
  nationalAvailabilityNps: { rate: number | null };
  referrals: number;
  declined: number;
  medianDaysToStart: number | null;
  judgements: number;
  contributionRate: number | null;
  gap: string;
}

/**
 * The gap report's CSV columns, in order: GET /reports/provisionGaps.csv and the gaps page's CSV
 * both write these.
 */
export const GAP_CSV_COLUMNS: CsvColumn<GapCsvRow>[] = [
  ['pccAreaCode', (r) => r.pccArea.code],
  ['pccArea', (r) => r.pccArea.name],
  ['divisionCode', (r) => r.pccArea.division.code],
  ['factorCode', (r) => r.factor.code],
  ['factor', (r) => r.factor.name],
  ['publishedInterventions', (r) => r.publishedInterventions],
  ['placesAvailable', (r) => r.placesAvailable],
  ['searches', (r) => r.searches],
  ['searchesWithNoResult', (r) => r.searchesWithNoResult],
  ['searchHitRate', (r) => r.searchHitRate],
  ['needs', (r) => r.needs],
  ['needsMet', (r) => r.needsMet],
  ['availabilityRate', (r) => r.availabilityRate],
  ['nationalAvailabilityCrc', (r) => r.nationalAvailabilityCrc.rate],
  ['nationalAvailabilityNps', (r) => r.nationalAvailabilityNps.rate],
  ['referrals', (r) => r.referrals],
  ['declined', (r) => r.declined],
  ['medianDaysToStart', (r) => r.medianDaysToStart],
  ['judgements', (r) => r.judgements],
  ['contributionRate', (r) => r.contributionRate],
  ['gap', (r) => r.gap],
];
