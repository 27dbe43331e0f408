import { formatEnum, formatPence } from '../view-filters';

/** One column of a breakdown table: its CSV name (the API's), its heading and its cell. */
interface Column<R> {
  csv: string;
  heading: string;
  value: (row: R) => string | number | null;
  /** How the page shows the value: a rate as a percentage, pence as pounds. */
  kind?: 'rate' | 'pence' | 'text';
}

/** A breakdown: what it counts, its columns and its rows, for the page and its CSV. */
export interface Breakdown {
  id: string;
  title: string;
  description: string;
  columns: { heading: string; numeric: boolean }[];
  cells: string[][];
  csvColumns: string[];
  csvRows: (string | number | null)[][];
}

interface MeasureRow {
  key: string;
  referrals: number;
  spendPence: number;
  needs: number;
  needsMet: number;
  availabilityRate: number | null;
  judgements: number;
  contributionRate: number | null;
  riskOfHarmFocusApplicable: number;
  riskOfHarmFocusRate: number | null;
  informationForReviewApplicable: number;
  informationForReviewRate: number | null;
}

interface OwnAreaRow {
  contractPackageArea: { code: string; name: string };
  divisionCode: string;
  crcId: string | null;
  referrals: number;
  fromOwnCrc: number;
  share: number | null;
  divisionReferrals: number;
  shareOfDivision: number | null;
}

interface AdaptationRow {
  pccArea: { code: string; name: string };
  publishedInterventions: number;
  adapted: number;
  share: number | null;
  adaptedPlacesAvailable: number;
  adaptedReferrals: number;
}

/** The API's answer to the page's CommissioningBreakdowns operation. */
export interface BreakdownsData {
  bySex: MeasureRow[];
  bySupervisionType: MeasureRow[];
  ownAreaCrcPurchases: OwnAreaRow[];
  adaptationProvision: AdaptationRow[];
}

const MEASURE_COLUMNS = (group: string): Column<MeasureRow>[] => [
  { csv: 'key', heading: group, value: (r) => r.key, kind: 'text' },
  { csv: 'referrals', heading: 'Referrals bought', value: (r) => r.referrals },
  { csv: 'spendPence', heading: 'Spend', value: (r) => r.spendPence, kind: 'pence' },
  { csv: 'needs', heading: 'Needs', value: (r) => r.needs },
  { csv: 'needsMet', heading: 'Needs met', value: (r) => r.needsMet },
  {
    csv: 'availabilityRate',
    heading: 'Availability',
    value: (r) => r.availabilityRate,
    kind: 'rate',
  },
  { csv: 'judgements', heading: 'Contribution judgements', value: (r) => r.judgements },
  {
    csv: 'contributionRate',
    heading: 'Contributed sufficiently',
    value: (r) => r.contributionRate,
    kind: 'rate',
  },
  {
    csv: 'riskOfHarmFocusApplicable',
    heading: 'Risk of harm: applicable',
    value: (r) => r.riskOfHarmFocusApplicable,
  },
  {
    csv: 'riskOfHarmFocusRate',
    heading: 'Focused on risk of harm',
    value: (r) => r.riskOfHarmFocusRate,
    kind: 'rate',
  },
  {
    csv: 'informationForReviewApplicable',
    heading: 'Review: applicable',
    value: (r) => r.informationForReviewApplicable,
  },
  {
    csv: 'informationForReviewRate',
    heading: 'Information used in review',
    value: (r) => r.informationForReviewRate,
    kind: 'rate',
  },
];

const OWN_AREA_COLUMNS: Column<OwnAreaRow>[] = [
  {
    csv: 'contractPackageAreaCode',
    heading: 'Code',
    value: (r) => r.contractPackageArea.code,
    kind: 'text',
  },
  {
    csv: 'contractPackageArea',
    heading: 'Contract package area',
    value: (r) => r.contractPackageArea.name,
    kind: 'text',
  },
  { csv: 'divisionCode', heading: 'Division', value: (r) => r.divisionCode, kind: 'text' },
  { csv: 'crcId', heading: 'CRC on the marketplace', value: (r) => r.crcId, kind: 'text' },
  { csv: 'referrals', heading: 'Bought in the CPA', value: (r) => r.referrals },
  { csv: 'fromOwnCrc', heading: 'From its own CRC', value: (r) => r.fromOwnCrc },
  { csv: 'share', heading: 'Share of the CPA’s', value: (r) => r.share, kind: 'rate' },
  {
    csv: 'divisionReferrals',
    heading: 'Bought by the division',
    value: (r) => r.divisionReferrals,
  },
  {
    csv: 'shareOfDivision',
    heading: 'Share of the division’s',
    value: (r) => r.shareOfDivision,
    kind: 'rate',
  },
];

const ADAPTATION_COLUMNS: Column<AdaptationRow>[] = [
  { csv: 'pccAreaCode', heading: 'Code', value: (r) => r.pccArea.code, kind: 'text' },
  { csv: 'pccArea', heading: 'Area', value: (r) => r.pccArea.name, kind: 'text' },
  {
    csv: 'publishedInterventions',
    heading: 'Published listings',
    value: (r) => r.publishedInterventions,
  },
  { csv: 'adapted', heading: 'Focused on BAME people', value: (r) => r.adapted },
  { csv: 'share', heading: 'Share', value: (r) => r.share, kind: 'rate' },
  {
    csv: 'adaptedPlacesAvailable',
    heading: 'Their places free',
    value: (r) => r.adaptedPlacesAvailable,
  },
  { csv: 'adaptedReferrals', heading: 'Bought on them', value: (r) => r.adaptedReferrals },
];

function shown<R>(column: Column<R>, row: R): string {
  const value = column.value(row);
  if (value === null) return column.kind === 'rate' ? 'None to count' : '–';
  if (column.kind === 'rate') return `${Math.round(Number(value) * 100)}%`;
  if (column.kind === 'pence') return formatPence(Number(value));
  if (column.kind === 'text' && column.csv === 'key') return formatEnum(String(value));
  return String(value);
}

function breakdown<R>(
  id: string,
  title: string,
  description: string,
  columns: Column<R>[],
  rows: R[],
): Breakdown {
  return {
    id,
    title,
    description,
    columns: columns.map((c) => ({ heading: c.heading, numeric: c.kind !== 'text' })),
    cells: rows.map((row) => columns.map((c) => shown(c, row))),
    csvColumns: columns.map((c) => c.csv),
    csvRows: rows.map((row) => columns.map((c) => c.value(row))),
  };
}

const MEASURES_COUNT =
  'Referrals bought (not given back) and their spend; availability is needs met over needs (a need: one purchaser searching for a need in a PCC area on one day); contributed sufficiently is buyers’ yes answers over their contribution judgements; risk of harm focus and information used in review are yes answers over the outcomes where the question applied (HMI Probation Bulletin 2019/01 asks all three). “Not given” counts the people whose';

/** The breakdowns page's four tables, in order, each with what it counts. */
export function breakdowns(data: BreakdownsData): Breakdown[] {
  return [
    breakdown(
      'by-sex',
      'Measures by sex',
      `${MEASURES_COUNT} sex was not given. “Progress and outcomes for women are not measured systematically” (HMI Probation Annual Report 2017).`,
      MEASURE_COLUMNS('Sex'),
      data.bySex,
    ),
    breakdown(
      'by-supervision-type',
      'Measures by supervision type',
      `${MEASURES_COUNT} supervision type was not given.`,
      MEASURE_COLUMNS('Supervision type'),
      data.bySupervisionType,
    ),
    breakdown(
      'own-area-crc',
      'NPS purchases from their own area’s CRC',
      'For each contract package area: referrals bought (not given back) for people supervised in its PCC areas, and how many of them were bought from the CPA’s own CRC, as a share of the CPA’s purchases and of its division’s (“the NPS purchasing sufficiently often the interventions available from CRCs”, HMI Probation Annual Report 2017).',
      OWN_AREA_COLUMNS,
      data.ownAreaCrcPurchases,
    ),
    breakdown(
      'bame-provision',
      'Services focused on Black, Asian and minority ethnic people, by area',
      'For each PCC area: published listings serving it now, how many of them are adapted for Black, Asian and minority ethnic people (their share of the listings), the free places on those, and the referrals bought on them in the period for people supervised in the area.',
      ADAPTATION_COLUMNS,
      data.adaptationProvision,
    ),
  ];
}
