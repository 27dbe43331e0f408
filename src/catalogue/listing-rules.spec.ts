import { ConflictError } from '../common/errors';
import { ListingStatus, OrganisationKind } from './catalogue.enums';
import {
  isStale,
  nextListingStatus,
  publishProblems,
  rationaleProblem,
  staleFrom,
} from './listing-rules';

const { DRAFT, PUBLISHED, SUSPENDED, WITHDRAWN } = ListingStatus;

describe('nextListingStatus', () => {
  it.each([
    [DRAFT, 'publish', PUBLISHED],
    [SUSPENDED, 'publish', PUBLISHED],
    [PUBLISHED, 'suspend', SUSPENDED],
    [DRAFT, 'withdraw', WITHDRAWN],
    [PUBLISHED, 'withdraw', WITHDRAWN],
    [SUSPENDED, 'withdraw', WITHDRAWN],
  ] as const)('%s --%s--> %s', (from, action, to) => {
    expect(nextListingStatus(from, action)).toBe(to);
  });

  it.each([
    [PUBLISHED, 'publish'],
    [DRAFT, 'suspend'],
    [SUSPENDED, 'suspend'],
    [WITHDRAWN, 'publish'],
    [WITHDRAWN, 'suspend'],
    [WITHDRAWN, 'withdraw'],
  ] as const)('refuses %s --%s-- with CONFLICT naming the status', (from, action) => {
    expect(() => nextListingStatus(from, action)).toThrow(ConflictError);
    expect(() => nextListingStatus(from, action)).toThrow(from);
  });
});

describe('publishProblems', () => {
  it('names every missing item at once', () => {
    expect(
      publishProblems({ factors: [], venues: 0, coverage: 0, hasPriceToday: false }),
    ).toHaveLength(3);
  });

  it('accepts a venue or coverage, either one', () => {
    expect(
      publishProblems({ factors: ['ETE'], venues: 1, coverage: 0, hasPriceToday: true }),
    ).toEqual([]);
    expect(
      publishProblems({ factors: ['ETE'], venues: 0, coverage: 2, hasPriceToday: true }),
    ).toEqual([]);
  });
});

describe('isStale', () => {
  const now = new Date('2026-11-23T12:00:00Z');
  it('is stale only after the stale period', () => {
    expect(isStale(new Date('2026-08-25T12:00:00Z'), now, 90)).toBe(false);
    expect(isStale(new Date('2026-08-25T11:59:00Z'), now, 90)).toBe(true);
  });
});

describe('staleFrom', () => {
  it('is the last confirmation plus the stale period, the moment isStale turns', () => {
    const confirmed = new Date('2026-08-25T12:00:00Z');
    const from = staleFrom(confirmed, 90);
    expect(from.toISOString()).toBe('2026-11-23T12:00:00.000Z');
    expect(isStale(confirmed, from, 90)).toBe(false);
    expect(isStale(confirmed, new Date(from.getTime() + 1), 90)).toBe(true);
  });
});

describe('rationaleProblem', () => {
  it('asks a CRC for a rationale, blank or missing', () => {
    expect(rationaleProblem(OrganisationKind.CRC, null)).toMatch(/no rationale/);
    expect(rationaleProblem(OrganisationKind.CRC, '  ')).toMatch(/no rationale/);
    expect(rationaleProblem(OrganisationKind.CRC, 'Needs assessment 2041')).toBeNull();
  });

  it('asks nothing of other providers', () => {
    expect(rationaleProblem(OrganisationKind.VOLUNTARY_SECTOR, null)).toBeNull();
  });
});
