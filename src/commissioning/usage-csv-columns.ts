import { CsvColumn } from './csv';

/** What the rate card usage CSV reads of a row: the API's RateCardUsageRow, or a page's copy. */
export interface UsageCsvRow {
  interventionId: string;
  title: string;
  providerId: string;
  providerName: string;
  status: string;
  referrals: number;
  completed: number;
  givenBack: number;
  spendPence: number;
  feePence: number;
  outcomePaymentsPence: number;
  /** A Date from the service, an ISO string through GraphQL. */
  lastReferralAt: Date | string | null;
}

/**
 * The rate card usage CSV's columns, shared by `GET /reports/rateCardUsage.csv` and the usage
 * page's CSV of listings bought and not bought.
 */
export const USAGE_CSV_COLUMNS: CsvColumn<UsageCsvRow>[] = [
  ['interventionId', (r) => r.interventionId],
  ['intervention', (r) => r.title],
  ['providerId', (r) => r.providerId],
  ['provider', (r) => r.providerName],
  ['status', (r) => r.status],
  ['referrals', (r) => r.referrals],
  ['completed', (r) => r.completed],
  ['givenBack', (r) => r.givenBack],
  ['spendPence', (r) => r.spendPence],
  ['feePence', (r) => r.feePence],
  ['outcomePaymentsPence', (r) => r.outcomePaymentsPence],
  [
    'lastReferralAt',
    (r) => (r.lastReferralAt instanceof Date ? r.lastReferralAt.toISOString() : r.lastReferralAt),
  ],
];
