import {
  LegendClass,
  renderCartogram,
  SEQUENTIAL,
  sequentialClass,
  TileValue,
  VERDICTS,
} from './cartogram';

/** One row of the gap report as the pages read it (the API's ProvisionGapRow). */
export interface GapRow {
  pccArea: {
    code: string;
    name: string;
    division: { code: string; name: string };
    contractPackageArea: { code: string; name: string };
  };
  factor: { code: string; name: string };
  publishedInterventions: number;
  placesAvailable: number;
  searches: number;
  searchesWithNoResult: number;
  searchHitRate: number | null;
  needs: number;
  needsMet: number;
  availabilityRate: number | null;
  nationalAvailabilityCrc: NationalFigure;
  nationalAvailabilityNps: NationalFigure;
  referrals: number;
  declined: number;
  medianDaysToStart: number | null;
  judgements: number;
  contributionRate: number | null;
  gap: 'GAP' | 'WATCH' | 'NONE';
}

/** A national figure printed by the inspectorate, to read a local rate beside. */
export interface NationalFigure {
  rate: number | null;
  source: string;
}

/** What the map can be coloured by. */
export const MEASURES = {
  gap: 'Gap or not',
  availability: 'Availability (needs met / needs)',
  hitRate: 'Searches that found an available place',
  noResult: 'Searches that found nothing',
  listings: 'Published listings',
} as const;
export type Measure = keyof typeof MEASURES;

export function isMeasure(value: unknown): value is Measure {
  return typeof value === 'string' && value in MEASURES;
}

/** The table's sortable columns, each with how to read its value from a row. */
export const GAP_SORTS: Record<string, (row: GapRow) => string | number | null> = {
  area: (r) => r.pccArea.name,
  division: (r) => r.pccArea.division.name,
  listings: (r) => r.publishedInterventions,
  places: (r) => r.placesAvailable,
  searches: (r) => r.searches,
  noResult: (r) => r.searchesWithNoResult,
  availability: (r) => r.availabilityRate,
  hitRate: (r) => r.searchHitRate,
  referrals: (r) => r.referrals,
  gap: (r) => ({ GAP: 0, WATCH: 1, NONE: 2 })[r.gap],
};

/** The rows in the table's order: by a column, ascending or descending, nulls last, then area. */
export function sortGapRows(rows: GapRow[], sort: string, descending: boolean): GapRow[] {
  const key = GAP_SORTS[sort] ?? GAP_SORTS.area;
  return [...rows].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (x === null && y !== null) return 1;
    if (y === null && x !== null) return -1;
    let order = 0;
    if (x !== null && y !== null) {
      order =
        typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    }
    if (descending) order = -order;
    return order !== 0 ? order : a.pccArea.name.localeCompare(b.pccArea.name);
  });
}

const percent = (rate: number): string => `${Math.round(rate * 100)}%`;

/** The inspectorate's national availability for the row's need (Figure 44), CRC then NPS. */
export function nationalWords(row: GapRow): string {
  const show = (f: NationalFigure) => (f.rate === null ? 'not printed' : percent(f.rate));
  return `CRC ${show(row.nationalAvailabilityCrc)}, NPS ${show(row.nationalAvailabilityNps)}`;
}

/** The measure's figure for one row, in words. */
export function measureWords(row: GapRow, measure: Measure): string {
  switch (measure) {
    case 'gap':
      return VERDICTS[row.gap].label.toLowerCase();
    case 'availability':
      return row.availabilityRate === null
        ? 'no needs searched for'
        : `${percent(row.availabilityRate)} available (${row.needsMet} of ${row.needs} needs met)`;
    case 'hitRate':
      return row.searchHitRate === null
        ? 'no searches'
        : `${percent(row.searchHitRate)} of ${row.searches} searches found a place`;
    case 'noResult':
      return `${row.searchesWithNoResult} of ${row.searches} searches found nothing`;
    case 'listings':
      return `${row.publishedInterventions} published listings`;
  }
}

function measureValue(row: GapRow, measure: Exclude<Measure, 'gap'>): number | null {
  if (measure === 'availability') return row.availabilityRate;
  if (measure === 'hitRate') return row.searchHitRate;
  if (measure === 'noResult') return row.searchesWithNoResult;
  return row.publishedInterventions;
}

/** The map of one need's rows, coloured by the measure, with its legend. */
export function gapMap(
  rows: GapRow[],
  measure: Measure,
  hrefOf: (row: GapRow) => string,
  title: string,
): { svg: string; legend: LegendClass[] } {
  const values = new Map<string, TileValue>();
  let legend: LegendClass[];
  if (measure === 'gap') {
    const order = ['GAP', 'WATCH', 'NONE'] as const;
    legend = order.map((v) => VERDICTS[v]);
    for (const row of rows) {
      values.set(row.pccArea.code, {
        name: row.pccArea.name,
        classIndex: order.indexOf(row.gap),
        words: measureWords(row, measure),
        href: hrefOf(row),
      });
    }
  } else {
    const rate = measure === 'availability' || measure === 'hitRate';
    const numbers = rows
      .map((r) => measureValue(r, measure))
      .filter((v): v is number => v !== null);
    const [min, max] = rate ? [0, 1] : [0, Math.max(1, ...numbers.map((n) => n))];
    const step = (max - min) / SEQUENTIAL.length;
    const show = (v: number) => (rate ? percent(v) : String(Math.round(v * 10) / 10));
    legend = SEQUENTIAL.map((cls, i) => ({
      ...cls,
      label:
        i === SEQUENTIAL.length - 1
          ? `${show(min + step * i)} or more`
          : `${show(min + step * i)} to under ${show(min + step * (i + 1))}`,
    }));
    for (const row of rows) {
      values.set(row.pccArea.code, {
        name: row.pccArea.name,
        classIndex: sequentialClass(measureValue(row, measure), min, max),
        words: measureWords(row, measure),
        href: hrefOf(row),
      });
    }
  }
  return { svg: renderCartogram(values, legend, title), legend };
}
