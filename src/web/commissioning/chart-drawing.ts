import { parse as parseVega, View } from 'vega';
import { compile, TopLevelSpec } from 'vega-lite';

/**
 * Draws a Vega-Lite chart as SVG with one accessible name: the work a worker thread does for
 * the pages (chart-worker.ts), and the pages themselves where no worker runs (tests from source).
 */
export async function drawChart(spec: TopLevelSpec, summary: string): Promise<string> {
  const vegaSpec = compile(spec).spec;
  const view = new View(parseVega(vegaSpec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const label = summary.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
    // One image with one name: Vega's own roles on its inner groups go (the table has the figures).
    const plain = svg.replace(/ (role|aria-roledescription|aria-label)="[^"]*"/g, '');
    return plain.replace(/^<svg /, `<svg role="img" aria-label="${label}" focusable="false" `);
  } finally {
    view.finalize();
  }
}
