import { CsvColumn } from './csv';

/** What the spend report's CSV reads of a row: the API's SpendRow, or a page's copy of it. */
export interface SpendCsvRow {
  key: string;
  label: string;
  referrals: number;
  spendPence: number;
  feePence: number;
  outcomePaymentsPence: number;
  share: number;
}

/** The spend report's CSV columns, shared by `GET /reports/spend.csv` and the area page's CSV. */
export const SPEND_CSV_COLUMNS: CsvColumn<SpendCsvRow>[] = [
  ['key', (r) => r.key],
  ['label', (r) => r.label],
  ['referrals', (r) => r.referrals],
  ['spendPence', (r) => r.spendPence],
  ['feePence', (r) => r.feePence],
  ['outcomePaymentsPence', (r) => r.outcomePaymentsPence],
  ['share', (r) => r.share],
];
