import { anonymousCrn, isAnonymousCrn, retentionCutoff } from './anonymise';

describe('anonymousCrn', () => {
  it('is ANON- and the start of the referral id: the same each time, never a CRN', () => {
    const crn = anonymousCrn('5f0c2a9e-1111-4222-8333-444455556666');
    expect(crn).toBe('ANON-5f0c2a9e');
    expect(isAnonymousCrn(crn)).toBe(true);
    expect(anonymousCrn('5F0C2A9E-1111-4222-8333-444455556666')).toBe(crn);
    expect(crn).not.toMatch(/^[A-Z][0-9]{6}$/);
    expect(isAnonymousCrn('X123456')).toBe(false);
  });
});

describe('retentionCutoff', () => {
  it('is the same instant the given number of years before', () => {
    expect(retentionCutoff(new Date('2053-06-01T09:00:00Z'), 7).toISOString()).toBe(
      '2046-06-01T09:00:00.000Z',
    );
  });

  it('counts back from 29 February to a day a year before that exists', () => {
    expect(retentionCutoff(new Date('2052-02-29T12:00:00Z'), 1).toISOString()).toBe(
      '2051-03-01T12:00:00.000Z',
    );
  });
});
