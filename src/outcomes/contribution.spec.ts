import { FactorCode } from '../reference/factor-code';
import { contributionBaselines } from './baselines';
import { contributionScore } from './contribution';

describe('contributionScore', () => {
  it('is the baseline, with the prior interval, when nothing has been judged', () => {
    const estimate = contributionScore({ judged: 0, sufficient: 0 }, 0.6, 10);
    expect(estimate.rate).toBeNull();
    expect(estimate.score).toBeCloseTo(0.6, 10);
    // Beta(6, 4): 2.5% and 97.5% quantiles, checked by integrating its density numerically.
    expect(estimate.lower).toBeCloseTo(0.2992, 3);
    expect(estimate.upper).toBeCloseTo(0.863, 3);
  });

  it('is the posterior mean (m·k + s) / (k + n), checked by hand', () => {
    // (0.5 * 10 + 7) / (10 + 10) = 0.6
    const estimate = contributionScore({ judged: 10, sufficient: 7 }, 0.5, 10);
    expect(estimate.rate).toBe(0.7);
    expect(estimate.score).toBeCloseTo(0.6, 12);
    expect(estimate.lower).toBeLessThan(0.6);
    expect(estimate.upper).toBeGreaterThan(0.6);
  });

  it('ranks 90 of 100 above 2 of 2', () => {
    const small = contributionScore({ judged: 2, sufficient: 2 }, 0.5, 10);
    const large = contributionScore({ judged: 100, sufficient: 90 }, 0.5, 10);
    expect(small.rate).toBe(1);
    expect(small.score).toBeCloseTo(7 / 12, 12);
    expect(large.score).toBeCloseTo(95 / 110, 12);
    expect(large.score).toBeGreaterThan(small.score);
    expect(large.upper - large.lower).toBeLessThan(small.upper - small.lower);
  });

  it('moves less from the baseline the stronger the prior', () => {
    const weak = contributionScore({ judged: 4, sufficient: 4 }, 0.5, 2);
    const strong = contributionScore({ judged: 4, sufficient: 4 }, 0.5, 50);
    expect(weak.score).toBeGreaterThan(strong.score);
  });
});

describe('contributionBaselines', () => {
  const { byFactor, overall } = contributionBaselines();

  it('takes the Bulletin figure where given, else the Annual Report all/CRC/NPS figure', () => {
    expect(byFactor[FactorCode.ETE]).toMatchObject({ mean: 0.7, fellBack: false });
    expect(byFactor[FactorCode.LIFESTYLE]).toMatchObject({ mean: 0.5, fellBack: false });
    expect(byFactor[FactorCode.ACCOMMODATION]).toMatchObject({ mean: 0.58, fellBack: false });
    expect(byFactor[FactorCode.RELATIONSHIPS].mean).toBe(0.42);
    expect(byFactor[FactorCode.RELATIONSHIPS].source).toContain('CRC cases');
  });

  it('never uses a 0 or missing figure: the median of the others stands in', () => {
    expect(overall.mean).toBeCloseTo(0.475, 10);
    expect(byFactor[FactorCode.GANG_MEMBERSHIP]).toEqual(overall);
    expect(byFactor[FactorCode.DISCRIMINATORY_ATTITUDES]).toEqual(overall);
    expect(Object.values(byFactor).every((b) => b.mean > 0 && b.mean < 1)).toBe(true);
  });
});
