import type { TopLevelSpec } from 'vega-lite';

/** A provider's contribution score for a need, as the scorecards read it. */
export interface ScoreRow {
  provider: { id: string; name: string; kind: string };
  judged: number;
  sufficient: number;
  rate: number | null;
  score: number;
  lower: number;
  upper: number;
  outcomes: number;
  reports: number;
  achievementRate: number | null;
  completionRate: number | null;
  medianDaysToStart: number | null;
}

/** A scorecard row: the score and the two judgements judged only where they apply. */
export interface ScorecardRow extends ScoreRow {
  riskOfHarmFocusApplicable: number;
  riskOfHarmFocusRate: number | null;
  riskOfHarmFocusNational: { rate: number | null; cases: number | null; source: string };
  informationForReviewApplicable: number;
  informationForReviewRate: number | null;
  informationForReviewNational: { rate: number | null; cases: number | null; source: string };
}

/**
 * Each provider's score with its 95% interval drawn as a range (a bar from lower to upper, the
 * score a dark tick across it): a wide range is little evidence, not a bad provider.
 */
export function scorecardSpec(rows: ScoreRow[]): TopLevelSpec {
  const values = rows.map((r) => ({
    provider: r.provider.name,
    score: Math.round(r.score * 1000) / 10,
    lower: Math.round(r.lower * 1000) / 10,
    upper: Math.round(r.upper * 1000) / 10,
  }));
  const y = {
    field: 'provider',
    type: 'nominal' as const,
    title: null,
    sort: null,
    axis: { labelLimit: 260 },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    width: 380,
    height: { step: 26 },
    background: '#ffffff',
    data: { values },
    layer: [
      {
        mark: { type: 'bar', color: '#8eb8dc', stroke: '#003078', strokeWidth: 1, height: 12 },
        encoding: {
          y,
          x: {
            field: 'lower',
            type: 'quantitative',
            title: 'Contribution judged sufficient (%), 95% interval',
            scale: { domain: [0, 100] },
          },
          x2: { field: 'upper' },
        },
      },
      {
        mark: { type: 'tick', color: '#0b0c0c', thickness: 3, size: 20 },
        encoding: { y, x: { field: 'score', type: 'quantitative' } },
      },
    ],
    config: {
      aria: false,
      font: 'Arial, sans-serif',
      axis: { labelFontSize: 12, titleFontSize: 13, labelColor: '#0b0c0c', titleColor: '#0b0c0c' },
      view: { stroke: null },
    },
  };
}
