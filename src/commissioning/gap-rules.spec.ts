import { classifyGap, GapStatus } from './gap-rules';

describe('classifyGap', () => {
  const thresholds = { gapBelow: 0.8, watchBelow: 0.9 };
  const cell = { publishedInterventions: 3, placesAvailable: 5, searches: 10, availabilityRate: 1 };

  it('is a GAP when nothing is published, searched for or not', () => {
    expect(
      classifyGap({ ...cell, publishedInterventions: 0, availabilityRate: null }, thresholds),
    ).toBe(GapStatus.GAP);
    expect(classifyGap({ ...cell, publishedInterventions: 0 }, thresholds)).toBe(GapStatus.GAP);
  });

  it('is a GAP below the inspectorate benchmark, WATCH below the watch line, NONE at or above', () => {
    expect(classifyGap({ ...cell, availabilityRate: 0.79 }, thresholds)).toBe(GapStatus.GAP);
    expect(classifyGap({ ...cell, availabilityRate: 0.8 }, thresholds)).toBe(GapStatus.WATCH);
    expect(classifyGap({ ...cell, availabilityRate: 0.89 }, thresholds)).toBe(GapStatus.WATCH);
    expect(classifyGap({ ...cell, availabilityRate: 0.9 }, thresholds)).toBe(GapStatus.NONE);
  });

  it('watches supply that is full now, and leaves unsearched supply with places alone', () => {
    expect(classifyGap({ ...cell, placesAvailable: 0 }, thresholds)).toBe(GapStatus.WATCH);
    expect(classifyGap({ ...cell, searches: 0, availabilityRate: null }, thresholds)).toBe(
      GapStatus.NONE,
    );
  });

  it('follows configured thresholds', () => {
    expect(
      classifyGap({ ...cell, availabilityRate: 0.6 }, { gapBelow: 0.5, watchBelow: 0.7 }),
    ).toBe(GapStatus.WATCH);
  });
});
