import geometry from './cartogram-cells.json';

/** One PCC area's tile: its code, a short label, and where it sits on the grid. */
export interface CartogramCell {
  code: string;
  label: string;
  col: number;
  row: number;
}

export const CARTOGRAM_CELLS: readonly CartogramCell[] = geometry.cells;

/** What one area's tile shows: its name, its class on the legend, its figure in words. */
export interface TileValue {
  name: string;
  /** Index into the legend's classes; null when there is nothing to show (grey). */
  classIndex: number | null;
  /** The figure in words, for the tile's accessible name ("Dyfed-Powys: gap"). */
  words: string;
  href: string;
}

/** A legend class: its colour, whether it is hatched (readable in greyscale), its words. */
export interface LegendClass {
  label: string;
  fill: string;
  text: string;
  hatched?: boolean;
}

/** Grey for areas without a figure (out of scope or nothing to measure). */
export const NO_DATA: LegendClass = { label: 'No figure', fill: '#f3f2f1', text: '#0b0c0c' };

/** GOV.UK blues, light to dark: a sequence that stays in order in greyscale. */
export const SEQUENTIAL: readonly LegendClass[] = [
  { label: '', fill: '#d2e2f1', text: '#0b0c0c' },
  { label: '', fill: '#8eb8dc', text: '#0b0c0c' },
  { label: '', fill: '#5694ca', text: '#0b0c0c' },
  { label: '', fill: '#1d70b8', text: '#ffffff' },
  { label: '', fill: '#003078', text: '#ffffff' },
];

/** The verdicts: a gap is red and hatched, watch yellow, served green (each apart in greyscale). */
export const VERDICTS: Record<'GAP' | 'WATCH' | 'NONE', LegendClass> = {
  GAP: { label: 'Gap', fill: '#d4351c', text: '#ffffff', hatched: true },
  WATCH: { label: 'Watch', fill: '#ffdd00', text: '#0b0c0c' },
  NONE: { label: 'Served', fill: '#00703c', text: '#ffffff' },
};

const TILE = 56;
const GAP = 4;

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/**
 * The map as SVG: one labelled tile per PCC area, each a link to the area's page, coloured by
 * its legend class, hatched when the class says so; its title and accessible name say the figure.
 */
export function renderCartogram(
  values: ReadonlyMap<string, TileValue>,
  classes: readonly LegendClass[],
  title: string,
): string {
  const cols = Math.max(...CARTOGRAM_CELLS.map((c) => c.col)) + 1;
  const rows = Math.max(...CARTOGRAM_CELLS.map((c) => c.row)) + 1;
  const width = cols * (TILE + GAP);
  const height = rows * (TILE + GAP);
  const tiles = CARTOGRAM_CELLS.map((cell) => {
    const value = values.get(cell.code);
    const cls = value && value.classIndex !== null ? classes[value.classIndex] : NO_DATA;
    const x = cell.col * (TILE + GAP);
    const y = cell.row * (TILE + GAP);
    const name = value ? `${value.name}: ${value.words}` : cell.code;
    const shape =
      `<rect x="${x}" y="${y}" width="${TILE}" height="${TILE}" fill="${cls.fill}" stroke="#0b0c0c" stroke-width="1"/>` +
      (cls.hatched
        ? `<rect x="${x}" y="${y}" width="${TILE}" height="${TILE}" fill="url(#app-hatch)"/>`
        : '') +
      `<text x="${x + TILE / 2}" y="${y + TILE / 2 + 5}" text-anchor="middle" font-size="14" font-weight="bold" fill="${cls.text}" font-family="Arial, sans-serif">${escapeXml(cell.label)}</text>`;
    const body = `<title>${escapeXml(name)}</title>${shape}`;
    return value
      ? `<a href="${escapeXml(value.href)}" aria-label="${escapeXml(name)}" data-area="${cell.code}" class="app-cartogram__tile">${body}</a>`
      : `<g data-area="${cell.code}" aria-hidden="true">${body}</g>`;
  }).join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="app-cartogram" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="group" aria-label="${escapeXml(title)}">` +
    `<defs><pattern id="app-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="3" height="8" fill="#ffffff" fill-opacity="0.55"/></pattern></defs>` +
    tiles +
    '</svg>'
  );
}

/** The class (0..n-1) of a value between min and max, in n equal steps; null for null. */
export function sequentialClass(
  value: number | null,
  min: number,
  max: number,
  n = SEQUENTIAL.length,
): number | null {
  if (value === null) return null;
  if (max <= min) return n - 1;
  return Math.min(n - 1, Math.floor(((value - min) / (max - min)) * n));
}
