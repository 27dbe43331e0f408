import { contributionInWords } from './contribution-words';

describe('contributionInWords', () => {
  it('gives the rate, the sample and the likely range', () => {
    expect(
      contributionInWords({
        judged: 41,
        sufficient: 30,
        rate: 30 / 41,
        lower: 0.581,
        upper: 0.834,
      }),
    ).toBe('73% of 41 outcomes sufficient — likely between 58% and 83%');
  });

  it('says too few outcomes below ten judged', () => {
    expect(
      contributionInWords({ judged: 9, sufficient: 9, rate: 1, lower: 0.5, upper: 0.99 }),
    ).toBe('Too few outcomes to say (9 judged)');
    expect(
      contributionInWords({ judged: 0, sufficient: 0, rate: null, lower: 0.2, upper: 0.8 }),
    ).toBe('Too few outcomes to say (none judged yet)');
    expect(contributionInWords(null)).toBe('Too few outcomes to say (none judged yet)');
  });

  it('counts from ten judged', () => {
    expect(
      contributionInWords({ judged: 10, sufficient: 5, rate: 0.5, lower: 0.3, upper: 0.7 }),
    ).toBe('50% of 10 outcomes sufficient — likely between 30% and 70%');
  });
});
