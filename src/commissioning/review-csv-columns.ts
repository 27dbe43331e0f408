import { CsvColumn } from './csv';

/** What the review's CSV reads of a row: the API's RateCardReviewRow, or a page's copy of it. */
export interface ReviewCsvRow {
  interventionId: string;
  title: string;
  providerId: string;
  providerName: string;
  status: string;
  rationale: string | null;
  factors: string[];
  pccAreaCodes: string[];
  searches: number;
  searchesNothingAvailable: number;
  purchases: number;
  purchasesElsewhere: number;
  placesUsed: number;
  placesOffered: number;
  completed: number;
  judgements: number;
  contributionRate: number | null;
  lastPurchaseAt: Date | string | null;
  verdict: string;
}

function instant(value: Date | string | null): string | null {
  return value instanceof Date ? value.toISOString() : value;
}

/**
 * The rate card review's CSV columns, in order: GET /reports/rateCardReview.csv and the review
 * page's CSV both write these. Lists are joined with semicolons.
 */
export const REVIEW_CSV_COLUMNS: CsvColumn<ReviewCsvRow>[] = [
  ['interventionId', (r) => r.interventionId],
  ['intervention', (r) => r.title],
  ['providerId', (r) => r.providerId],
  ['provider', (r) => r.providerName],
  ['status', (r) => r.status],
  ['rationale', (r) => r.rationale],
  ['factors', (r) => r.factors.join(';')],
  ['pccAreaCodes', (r) => r.pccAreaCodes.join(';')],
  ['searches', (r) => r.searches],
  ['searchesNothingAvailable', (r) => r.searchesNothingAvailable],
  ['purchases', (r) => r.purchases],
  ['purchasesElsewhere', (r) => r.purchasesElsewhere],
  ['placesUsed', (r) => r.placesUsed],
  ['placesOffered', (r) => r.placesOffered],
  ['completed', (r) => r.completed],
  ['judgements', (r) => r.judgements],
  ['contributionRate', (r) => r.contributionRate],
  ['lastPurchaseAt', (r) => instant(r.lastPurchaseAt)],
  ['verdict', (r) => r.verdict],
];

/** What the services-at-risk CSV reads of a row: the API's ServiceAtRisk, or a page's copy. */
export interface RiskCsvRow {
  interventionId: string;
  title: string;
  providerId: string;
  providerName: string;
  pccArea: { code: string; name: string };
  factor: { code: string };
  status: string;
  onlyProvider: boolean;
  onlyWithAdaptations: string[];
  reasons: string[];
  lastPurchaseAt: Date | string | null;
  lastConfirmedAt: Date | string;
}

/** The services-at-risk CSV columns, in order (the API's route and the page's CSV). */
export const RISK_CSV_COLUMNS: CsvColumn<RiskCsvRow>[] = [
  ['pccAreaCode', (r) => r.pccArea.code],
  ['pccArea', (r) => r.pccArea.name],
  ['factorCode', (r) => r.factor.code],
  ['interventionId', (r) => r.interventionId],
  ['intervention', (r) => r.title],
  ['providerId', (r) => r.providerId],
  ['provider', (r) => r.providerName],
  ['status', (r) => r.status],
  ['onlyProvider', (r) => r.onlyProvider],
  ['onlyWithAdaptations', (r) => r.onlyWithAdaptations.join(';')],
  ['reasons', (r) => r.reasons.join(';')],
  ['lastPurchaseAt', (r) => instant(r.lastPurchaseAt)],
  ['lastConfirmedAt', (r) => instant(r.lastConfirmedAt)],
];
