import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { TopLevelSpec } from 'vega-lite';
import { drawChart } from './chart-drawing';
import type { ChartAnswer, ChartJob } from './chart-worker';

/**
 * GOV.UK colours in an order whose neighbours differ in lightness as well as hue, so stacked
 * series stay apart in greyscale and in print: dark blue, yellow, red, light blue, green, pink,
 * dark grey, orange.
 */
export const SERIES_COLOURS = [
  '#003078',
  '#ffdd00',
  '#d4351c',
  '#8eb8dc',
  '#00703c',
  '#f499be',
  '#505a5f',
  '#f47738',
];

/** One chart's data: a value per category (the x axis) and series (the stack). */
export interface ChartPoint {
  category: string;
  series: string;
  value: number;
}

export interface StackedBarOptions {
  categoryTitle: string;
  valueTitle: string;
  /** Values are pence: the axis shows pounds. */
  pence?: boolean;
  /** The series in the order they stack (and take colours). */
  seriesOrder: string[];
  /** Bars lie down (categories on the y axis), for long category names. */
  horizontal?: boolean;
}

/** A Vega-Lite stacked bar chart: categories along one axis, a bar per series stacked. */
export function stackedBarSpec(points: ChartPoint[], options: StackedBarOptions): TopLevelSpec {
  const scale = options.pence ? 100 : 1;
  const values = points.map((p) => ({ ...p, value: p.value / scale }));
  const category = {
    field: 'category',
    type: 'ordinal' as const,
    title: options.categoryTitle,
    sort: null,
    axis: options.horizontal ? { labelLimit: 240 } : { labelAngle: 0 },
  };
  const value = {
    field: 'value',
    type: 'quantitative' as const,
    title: options.pence ? `${options.valueTitle} (£)` : options.valueTitle,
    stack: 'zero' as const,
    axis: { format: options.pence ? ',.0f' : ',d', tickMinStep: 1 },
  };
  const series = options.seriesOrder;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    width: options.horizontal ? 420 : 520,
    height: options.horizontal ? { step: 22 } : 260,
    background: '#ffffff',
    data: { values },
    transform: [
      { calculate: `indexof(${JSON.stringify(series)}, datum.series)`, as: 'seriesOrder' },
    ],
    mark: { type: 'bar', stroke: '#0b0c0c', strokeWidth: 0.5 },
    encoding: {
      [options.horizontal ? 'y' : 'x']: category,
      [options.horizontal ? 'x' : 'y']: value,
      color: {
        field: 'series',
        type: 'nominal',
        title: null,
        sort: series,
        scale: { domain: series, range: SERIES_COLOURS.slice(0, Math.max(series.length, 1)) },
        legend: series.length > 1 ? { orient: 'bottom', columns: 4 } : null,
      },
      order: { field: 'seriesOrder', type: 'quantitative' },
    },
    config: {
      aria: false,
      font: 'Arial, sans-serif',
      axis: { labelFontSize: 12, titleFontSize: 13, labelColor: '#0b0c0c', titleColor: '#0b0c0c' },
      legend: { labelFontSize: 12, labelColor: '#0b0c0c', labelLimit: 220 },
      view: { stroke: null },
    },
  };
}

/**
 * The chart as an SVG string, rendered on the server by Vega's headless view (no browser, no
 * canvas): it shows with JavaScript off and prints. The SVG is one image named by its summary.
 */
/**
 * Drawn charts by their spec and summary. Drawing one takes tens of milliseconds of CPU on the
 * event loop (about 75 ms on the shared benchmark machine), which every other request waits
 * for; the same figures draw the same SVG, so a dashboard loaded again draws nothing. A pure
 * memo (the key holds every input), bounded in size, oldest dropped first.
 */
const drawn = new Map<string, Promise<string>>();
const DRAWN_MAX = 200;

/** The chart as SVG, drawn once for the same spec and summary (see `drawn`). */
export function renderChart(spec: TopLevelSpec, summary: string): Promise<string> {
  const key = JSON.stringify([spec, summary]);
  const known = drawn.get(key);
  if (known) {
    // Most recently used last, so the oldest unused is dropped first.
    drawn.delete(key);
    drawn.set(key, known);
    return known;
  }
  const svg = draw(spec, summary);
  drawn.set(key, svg);
  svg.catch(() => drawn.delete(key));
  while (drawn.size > DRAWN_MAX) drawn.delete(drawn.keys().next().value!);
  return svg;
}

/**
 * The worker thread that draws charts, so that drawing (tens of milliseconds each) never holds
 * up other requests on the event loop: started on the first chart, unref'd (it never keeps the
 * process alive), started again after a failure. Only the built service has its compiled
 * script; run from source (the tests), charts are drawn in place.
 */
const WORKER_SCRIPT = join(__dirname, 'chart-worker.js');
const IN_A_WORKER = existsSync(WORKER_SCRIPT);
let worker: Worker | undefined;
let jobs = 0;
const waiting = new Map<number, { resolve: (svg: string) => void; reject: (e: Error) => void }>();

function chartWorker(): Worker {
  if (worker) return worker;
  const started = new Worker(WORKER_SCRIPT);
  started.unref();
  started.on('message', (answer: ChartAnswer) => {
    const job = waiting.get(answer.id);
    waiting.delete(answer.id);
    if ('svg' in answer) job?.resolve(answer.svg);
    else job?.reject(new Error(`The chart could not be drawn: ${answer.error}`));
  });
  const fail = (error: Error) => {
    if (worker === started) worker = undefined;
    for (const job of waiting.values()) job.reject(error);
    waiting.clear();
  };
  started.on('error', fail);
  started.on('exit', (code) => fail(new Error(`The chart worker stopped (exit code ${code})`)));
  worker = started;
  return started;
}

function draw(spec: TopLevelSpec, summary: string): Promise<string> {
  if (!IN_A_WORKER) return drawChart(spec, summary);
  return new Promise((resolve, reject) => {
    const id = ++jobs;
    waiting.set(id, { resolve, reject });
    chartWorker().postMessage({ id, spec, summary } satisfies ChartJob);
  });
}
