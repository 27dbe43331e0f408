import { renderChart, SERIES_COLOURS, stackedBarSpec } from './charts';
import { scorecardSpec } from './scorecard-chart';
import { monthsUpTo, pivot, stackedChart } from './usage-view';

/** Relative luminance (0..1) of a #rrggbb colour, as greyscale printing sees it. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

describe('chart colours', () => {
  it('neighbouring series differ in lightness, so stacks stay apart in greyscale', () => {
    for (let i = 1; i < SERIES_COLOURS.length; i++) {
      const [a, b] = [luminance(SERIES_COLOURS[i - 1]), luminance(SERIES_COLOURS[i])];
      const contrast = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      expect(contrast).toBeGreaterThan(1.4);
    }
  });
});

describe('stackedBarSpec', () => {
  const points = [
    { category: 'Jan 2026', series: 'London', value: 12_345 },
    { category: 'Jan 2026', series: 'Wales', value: 500 },
    { category: 'Feb 2026', series: 'London', value: 100 },
  ];

  it('stacks the series in the order given, coloured from the palette, pence as pounds', () => {
    const spec = stackedBarSpec(points, {
      categoryTitle: 'Month',
      valueTitle: 'Spend',
      seriesOrder: ['London', 'Wales'],
      pence: true,
    }) as unknown as {
      data: { values: { value: number }[] };
      encoding: {
        color: { scale: { domain: string[]; range: string[] } };
        y: { title: string };
        x: { field: string };
      };
    };
    expect(spec.data.values.map((v) => v.value)).toEqual([123.45, 5, 1]);
    expect(spec.encoding.color.scale).toEqual({
      domain: ['London', 'Wales'],
      range: SERIES_COLOURS.slice(0, 2),
    });
    expect(spec.encoding.y.title).toBe('Spend (£)');
    expect(spec.encoding.x.field).toBe('category');
  });

  it('renders on the server as one SVG image named by its summary, with a bar per figure', async () => {
    const svg = await renderChart(
      stackedBarSpec(points, {
        categoryTitle: 'Month',
        valueTitle: 'Referrals',
        seriesOrder: ['London', 'Wales'],
      }),
      'Referrals & "more"',
    );
    expect(svg.startsWith('<svg role="img" aria-label="Referrals &amp; &quot;more&quot;"')).toBe(
      true,
    );
    expect(svg.match(/ role="/g)).toHaveLength(1);
    expect(svg).toContain('Jan 2026');
    expect(svg).toContain('London');
    expect(svg.match(/<path [^>]*fill="#003078"/g)?.length).toBeGreaterThanOrEqual(2);
    expect(svg).toContain('fill="#ffdd00"');
  });

  it('draws the same figures once, and different figures afresh', async () => {
    const options = { categoryTitle: 'Month', valueTitle: 'Referrals', seriesOrder: ['London'] };
    const first = renderChart(stackedBarSpec([points[0]], options), 'Once');
    const again = renderChart(stackedBarSpec([points[0]], options), 'Once');
    expect(again).toBe(first);
    const changed = renderChart(
      stackedBarSpec([{ ...points[0], value: points[0].value + 40 }], options),
      'Once',
    );
    expect(changed).not.toBe(first);
    expect(await changed).not.toEqual(await first);
  });
});

describe('pivot and stackedChart', () => {
  it('the table holds exactly the figures drawn, one row per category with a total', async () => {
    const points = [
      { category: 'Jan', series: 'A', value: 1 },
      { category: 'Jan', series: 'B', value: 2 },
      { category: 'Feb', series: 'B', value: 5 },
    ];
    expect(pivot(points, 'Month', ['A', 'B'], false)).toEqual({
      columns: ['Month', 'A', 'B', 'Total'],
      rows: [
        ['Jan', 1, 2, 3],
        ['Feb', 0, 5, 5],
      ],
      penceColumns: undefined,
    });
    const chart = await stackedChart('x', 'Title', 'Summary.', points, {
      categoryTitle: 'Month',
      valueTitle: 'Spend',
      seriesOrder: ['A', 'B'],
      pence: true,
    });
    expect(chart.table.penceColumns).toEqual([1, 2, 3]);
    expect(chart.svg).toContain('aria-label="Title. Summary."');
  });
});

describe('monthsUpTo', () => {
  it('counts back whole calendar months across a year end, the last ending today', () => {
    expect(monthsUpTo('2026-02-14', 3)).toEqual([
      { label: 'Dec 2025', from: '2025-12-01', to: '2025-12-31' },
      { label: 'Jan 2026', from: '2026-01-01', to: '2026-01-31' },
      { label: 'Feb 2026', from: '2026-02-01', to: '2026-02-14' },
    ]);
    expect(monthsUpTo('2028-03-01', 2)[0]).toEqual({
      label: 'Feb 2028',
      from: '2028-02-01',
      to: '2028-02-29',
    });
  });
});

describe('scorecardSpec', () => {
  it('draws each interval as a range from lower to upper with the score across it', async () => {
    const spec = scorecardSpec([
      {
        provider: { id: '1', name: 'Shelter Cymru', kind: 'VOLUNTARY_SECTOR' },
        judged: 20,
        sufficient: 15,
        rate: 0.75,
        score: 0.72,
        lower: 0.55,
        upper: 0.86,
        outcomes: 20,
        reports: 4,
        achievementRate: 0.5,
        completionRate: 0.8,
        medianDaysToStart: 6,
      },
    ]) as unknown as {
      data: { values: unknown[] };
      layer: { mark: { type: string }; encoding: Record<string, { field: string }> }[];
    };
    expect(spec.data.values).toEqual([
      { provider: 'Shelter Cymru', score: 72, lower: 55, upper: 86 },
    ]);
    expect(spec.layer[0].mark.type).toBe('bar');
    expect(spec.layer[0].encoding.x.field).toBe('lower');
    expect(spec.layer[0].encoding.x2.field).toBe('upper');
    expect(spec.layer[1].encoding.x.field).toBe('score');
    const svg = await renderChart(spec as never, 'Scores');
    expect(svg).toContain('Shelter Cymru');
  });
});
