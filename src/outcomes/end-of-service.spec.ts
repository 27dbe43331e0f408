import { reportRowFailures } from './end-of-service.service';

describe('reportRowFailures', () => {
  it('accepts one row per desired outcome, in any order', () => {
    expect(reportRowFailures(['a', 'b'], ['b', 'a'])).toEqual([]);
  });

  it('names rows for outcomes the referral does not aim at, repeated rows, and missing ones', () => {
    expect(reportRowFailures(['a', 'b', 'c'], ['a', 'x', 'a'])).toEqual([
      {
        field: 'input.outcomes.1.desiredOutcomeId',
        message: 'x is not a desired outcome of the referral',
      },
      { field: 'input.outcomes.2.desiredOutcomeId', message: 'a is reported twice' },
      { field: 'input.outcomes', message: 'Desired outcome b needs a row' },
      { field: 'input.outcomes', message: 'Desired outcome c needs a row' },
    ]);
  });
});
