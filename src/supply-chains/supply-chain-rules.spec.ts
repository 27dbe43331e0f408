import {
  inForce,
  lastDayOf,
  periodsOverlap,
  SubcontractStatus,
  subcontractStatus,
  uncoveredBySubcontract,
} from './supply-chain-rules';

describe('subcontractStatus', () => {
  const row = { startsOn: '2041-04-01', endsOn: '2042-03-31', endedOn: null };

  it('is NOT_STARTED before its first day, ACTIVE from it, ENDING within 90 days of its last, ENDED after it', () => {
    expect(subcontractStatus(row, '2041-03-31')).toBe(SubcontractStatus.NOT_STARTED);
    expect(subcontractStatus(row, '2041-04-01')).toBe(SubcontractStatus.ACTIVE);
    expect(subcontractStatus(row, '2041-12-30')).toBe(SubcontractStatus.ACTIVE);
    expect(subcontractStatus(row, '2041-12-31')).toBe(SubcontractStatus.ENDING);
    expect(subcontractStatus(row, '2042-03-31')).toBe(SubcontractStatus.ENDING);
    expect(subcontractStatus(row, '2042-04-01')).toBe(SubcontractStatus.ENDED);
  });

  it('is ENDED from the day the prime ended it', () => {
    const ended = { ...row, endedOn: '2041-06-01' };
    expect(lastDayOf(ended)).toBe('2041-05-31');
    expect(subcontractStatus(ended, '2041-05-31')).toBe(SubcontractStatus.ENDING);
    expect(subcontractStatus(ended, '2041-06-01')).toBe(SubcontractStatus.ENDED);
    expect(inForce(ended, '2041-06-01')).toBe(false);
    expect(inForce(ended, '2041-05-01')).toBe(true);
  });
});

describe('periodsOverlap', () => {
  it('counts a shared first or last day as overlapping', () => {
    const a = { from: '2041-04-01', to: '2041-06-30' };
    expect(periodsOverlap(a, { from: '2041-06-30', to: '2041-12-31' })).toBe(true);
    expect(periodsOverlap(a, { from: '2041-07-01', to: '2041-12-31' })).toBe(false);
    expect(periodsOverlap(a, { from: '2040-01-01', to: '2041-03-31' })).toBe(false);
  });
});

describe('uncoveredBySubcontract', () => {
  it('lists the needs and areas of the listing the subcontract does not cover', () => {
    const subcontract = { factors: ['ACCOMMODATION'], pccAreaCodes: ['durham', 'cleveland'] };
    expect(
      uncoveredBySubcontract(subcontract, {
        factors: ['ACCOMMODATION'],
        areas: ['durham', 'durham'],
      }),
    ).toEqual({ factors: [], areas: [] });
    expect(
      uncoveredBySubcontract(subcontract, {
        factors: ['EMPLOYMENT', 'ACCOMMODATION'],
        areas: ['northumbria', 'cleveland'],
      }),
    ).toEqual({ factors: ['EMPLOYMENT'], areas: ['northumbria'] });
  });
});
