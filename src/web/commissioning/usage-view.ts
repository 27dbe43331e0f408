import { ChartPoint, renderChart, stackedBarSpec, StackedBarOptions } from './charts';

/** A month of the period: its label and its first and last days (both included). */
export interface Month {
  label: string;
  from: string;
  to: string;
}

const MONTH_NAMES = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];

/** The `count` calendar months up to and including the month of `today` (YYYY-MM-DD). */
export function monthsUpTo(today: string, count: number): Month[] {
  const [year, month] = today.split('-').map(Number);
  const months: Month[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const index = year * 12 + (month - 1) - i;
    const y = Math.floor(index / 12);
    const m = index % 12;
    const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
    const mm = String(m + 1).padStart(2, '0');
    const to = i === 0 ? today : `${y}-${mm}-${String(last).padStart(2, '0')}`;
    months.push({ label: `${MONTH_NAMES[m]} ${y}`, from: `${y}-${mm}-01`, to });
  }
  return months;
}

/** A table of figures: its column headings and rows, as shown on the page and in its CSV. */
export interface FigureTable {
  columns: string[];
  /** Which columns hold pence (shown as pounds, written to CSV as pence). */
  penceColumns?: number[];
  rows: (string | number)[][];
}

/** One chart on the usage page: an SVG, its summary in words, its table and CSV name. */
export interface Chart {
  id: string;
  title: string;
  summary: string;
  svg: string;
  table: FigureTable;
}

/**
 * A chart's table: one row per category, one column per series (and a total), from the points;
 * the chart draws exactly these figures.
 */
export function pivot(
  points: ChartPoint[],
  categoryTitle: string,
  seriesOrder: string[],
  pence: boolean,
): FigureTable {
  const categories = [...new Set(points.map((p) => p.category))];
  const rows = categories.map((category) => {
    const values = seriesOrder.map(
      (series) => points.find((p) => p.category === category && p.series === series)?.value ?? 0,
    );
    return [category, ...values, values.reduce((a, b) => a + b, 0)];
  });
  const columns = [categoryTitle, ...seriesOrder, 'Total'];
  return {
    columns,
    rows,
    penceColumns: pence ? columns.map((_c, i) => i).slice(1) : undefined,
  };
}

/** A chart with its table, rendered. */
export async function stackedChart(
  id: string,
  title: string,
  summary: string,
  points: ChartPoint[],
  options: StackedBarOptions,
  /** False for the chart's CSV, which needs its table only. */
  draw = true,
): Promise<Chart> {
  return {
    id,
    title,
    summary,
    svg: draw ? await renderChart(stackedBarSpec(points, options), `${title}. ${summary}`) : '',
    table: pivot(points, options.categoryTitle, options.seriesOrder, options.pence ?? false),
  };
}
