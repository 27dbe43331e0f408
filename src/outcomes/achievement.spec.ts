import { Achievement, achievementRateMicros, reportRates } from './achievement';

describe('achievement rates', () => {
  it('scores 1 / 0.5 / 0 and keeps the rate in whole millionths, truncated', () => {
    expect(achievementRateMicros(3, 2)).toBe(750_000); // 1.5 of 2
    expect(achievementRateMicros(1, 3)).toBe(166_666); // 0.5 of 3 = 0.1666...
    expect(achievementRateMicros(6, 3)).toBe(1_000_000);
    expect(achievementRateMicros(0, 4)).toBe(0);
  });

  it('gives a rate per factor and overall', () => {
    expect(
      reportRates([
        { factor: 'ACCOMMODATION', achievement: Achievement.ACHIEVED },
        { factor: 'ACCOMMODATION', achievement: Achievement.NOT_ACHIEVED },
        { factor: 'ETE', achievement: Achievement.PARTIALLY_ACHIEVED },
      ]),
    ).toEqual([
      { factor: 'ACCOMMODATION', micros: 500_000 },
      { factor: 'ETE', micros: 500_000 },
      { factor: '*', micros: 500_000 },
    ]);
    expect(reportRates([])).toEqual([]);
  });
});
