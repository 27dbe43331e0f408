import { FactorCode } from '../reference/factor-code';
import { BaselineBasis, contributionBaselines } from './baselines';
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

  it('takes the Bulletin 2019/01 figures where printed: ETE 70%, lifestyle 50%', () => {
    expect(byFactor[FactorCode.ETE]).toMatchObject({
      mean: 0.7,
      basis: BaselineBasis.PRINTED,
      fellBack: false,
    });
    expect(byFactor[FactorCode.LIFESTYLE]).toMatchObject({ mean: 0.5, fellBack: false });
    expect(byFactor[FactorCode.ETE].source).toContain('Bulletin 2019/01');
  });

  it('gives every other factor the midpoint of the printed range (60%), and says so', () => {
    for (const factor of [
      FactorCode.ACCOMMODATION,
      FactorCode.RELATIONSHIPS,
      FactorCode.DRUGS,
      FactorCode.ALCOHOL,
      FactorCode.EMOTIONAL_WELLBEING,
      FactorCode.THINKING_BEHAVIOUR,
      FactorCode.ATTITUDES,
    ]) {
      expect(byFactor[factor]).toMatchObject({
        mean: 0.6,
        basis: BaselineBasis.RANGE_MIDPOINT,
        fellBack: true,
      });
      expect(byFactor[factor].source).toContain('midpoint of the printed range 50%-70%');
    }
  });

  it('never takes a figure from another denominator (Annual Report Figure 37)', () => {
    for (const baseline of Object.values(byFactor)) {
      expect(baseline.source).not.toContain('Annual Report');
      expect(baseline.mean).toBeGreaterThanOrEqual(0.5);
      expect(baseline.mean).toBeLessThanOrEqual(0.7);
    }
  });

  it('gives the factors the Bulletin excluded for small numbers the same documented fallback', () => {
    for (const factor of [
      FactorCode.FINANCE,
      FactorCode.GANG_MEMBERSHIP,
      FactorCode.DISCRIMINATORY_ATTITUDES,
    ]) {
      expect(byFactor[factor]).toMatchObject({
        mean: 0.6,
        basis: BaselineBasis.EXCLUDED,
        fellBack: true,
      });
      expect(byFactor[factor].source).toContain('excluded for small numbers');
    }
    expect(overall.mean).toBeCloseTo(0.6, 12);
  });
});
