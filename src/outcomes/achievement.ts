import { registerDescribedEnum } from '../common/graphql-enums';

export enum Achievement {
  ACHIEVED = 'ACHIEVED',
  PARTIALLY_ACHIEVED = 'PARTIALLY_ACHIEVED',
  NOT_ACHIEVED = 'NOT_ACHIEVED',
}

registerDescribedEnum(Achievement, 'Achievement', 'How far a desired outcome was achieved.', {
  ACHIEVED: 'Achieved: scores 1 and earns the full outcome payment.',
  PARTIALLY_ACHIEVED:
    'Partly achieved: scores 0.5 and earns half the outcome payment (rounded down).',
  NOT_ACHIEVED: 'Not achieved: scores 0 and earns nothing.',
});

/** Twice the score of one row, so sums stay whole: ACHIEVED 2, PARTIALLY_ACHIEVED 1. */
export function halves(achievement: Achievement): number {
  return achievement === Achievement.ACHIEVED
    ? 2
    : achievement === Achievement.PARTIALLY_ACHIEVED
      ? 1
      : 0;
}

/**
 * An achievement rate (score / outcomes) in whole millionths, truncated: integer arithmetic
 * that SQL repeats exactly ((halves * 500000) / outcomes on integers), so that running sums and
 * a rebuild from the reports agree to the unit.
 */
export function achievementRateMicros(scoreHalves: number, outcomes: number): number {
  return Math.floor((scoreHalves * 500_000) / outcomes);
}

export interface ReportRow {
  factor: string;
  achievement: Achievement;
}

/** Per factor and overall ('*'): the rate contributions one report makes to the aggregates. */
export function reportRates(rows: ReportRow[]): { factor: string; micros: number }[] {
  if (rows.length === 0) return [];
  const byFactor = new Map<string, { halves: number; n: number }>();
  for (const row of rows) {
    const f = byFactor.get(row.factor) ?? { halves: 0, n: 0 };
    f.halves += halves(row.achievement);
    f.n += 1;
    byFactor.set(row.factor, f);
  }
  const total = rows.reduce((sum, r) => sum + halves(r.achievement), 0);
  return [
    ...[...byFactor.entries()].map(([factor, f]) => ({
      factor,
      micros: achievementRateMicros(f.halves, f.n),
    })),
    { factor: '*', micros: achievementRateMicros(total, rows.length) },
  ];
}
