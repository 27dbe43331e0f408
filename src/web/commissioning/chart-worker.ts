import { parentPort } from 'node:worker_threads';
import { TopLevelSpec } from 'vega-lite';
import { drawChart } from './chart-drawing';

/** A chart to draw, and its answer: the SVG or what went wrong. */
export interface ChartJob {
  id: number;
  spec: TopLevelSpec;
  summary: string;
}
export type ChartAnswer = { id: number; svg: string } | { id: number; error: string };

// The worker thread that draws the pages' charts (see charts.ts), one at a time.
parentPort?.on('message', (job: ChartJob) => {
  drawChart(job.spec, job.summary).then(
    (svg) => parentPort!.postMessage({ id: job.id, svg } satisfies ChartAnswer),
    (error: unknown) =>
      parentPort!.postMessage({ id: job.id, error: String(error) } satisfies ChartAnswer),
  );
});
