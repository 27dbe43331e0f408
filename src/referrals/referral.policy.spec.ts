import { Caller } from '../auth/caller';
import { Role } from '../auth/role';
import {
  canReadCaseNotes,
  canSeeReferral,
  referralScopeClause,
  timelineAsSeenBy,
} from './referral.policy';

const inNE = { divisionCode: 'NE', providerId: 'org-a' };
const caller = (roles: Role[], claims: Partial<Caller> = {}): Caller => ({
  id: 'someone',
  name: 'Someone',
  roles,
  ...claims,
});

const callers = {
  admin: caller([Role.ADMIN]),
  nationalCommissioner: caller([Role.COMMISSIONER]),
  commissionerNE: caller([Role.COMMISSIONER], { divisionCode: 'NE' }),
  commissionerLDN: caller([Role.COMMISSIONER], { divisionCode: 'LDN' }),
  purchaserNE: caller([Role.PURCHASER], { divisionCode: 'NE' }),
  purchaserLDN: caller([Role.PURCHASER], { divisionCode: 'LDN' }),
  supplierA: caller([Role.SUPPLIER], { organisationId: 'org-a' }),
  supplierB: caller([Role.SUPPLIER], { organisationId: 'org-b' }),
  nobody: caller([]),
};
type Who = keyof typeof callers;

describe('canSeeReferral', () => {
  it('limits a division commissioner to their division, as for its spend and budget', () => {
    const seeing = (Object.keys(callers) as Who[]).filter((who) =>
      canSeeReferral(callers[who], inNE),
    );
    expect(seeing).toEqual([
      'admin',
      'nationalCommissioner',
      'commissionerNE',
      'purchaserNE',
      'supplierA',
    ]);
  });
});

describe('referralScopeClause', () => {
  it('applies no clause for admins and national commissioners only', () => {
    expect(referralScopeClause(callers.admin)).toBeUndefined();
    expect(referralScopeClause(callers.nationalCommissioner)).toBeUndefined();
    expect(referralScopeClause(callers.commissionerLDN)).toEqual({
      where: '(r.division_code = :scopeDivision)',
      parameters: { scopeDivision: 'LDN', scopeProvider: undefined },
    });
    expect(referralScopeClause(callers.supplierB)?.where).toBe('(r.provider_id = :scopeProvider)');
    expect(referralScopeClause(callers.nobody)?.where).toBe('false');
  });
});

describe('canReadCaseNotes', () => {
  it('lets the two sides of the referral and admins read its case notes, no commissioner', () => {
    const reading = (Object.keys(callers) as Who[]).filter((who) =>
      canReadCaseNotes(callers[who], inNE),
    );
    expect(reading).toEqual(['admin', 'purchaserNE', 'supplierA']);
  });
});

describe('timelineAsSeenBy', () => {
  const events = [
    { type: 'REFERRAL_SENT', summary: 'Referral sent' },
    { type: 'CASE_NOTE_ADDED', summary: 'Case note from the provider: Housing: next steps' },
  ];

  it('keeps a case note’s subject for the two sides and drops it for commissioners', () => {
    expect(timelineAsSeenBy(callers.supplierA, inNE, events)).toEqual(events);
    expect(timelineAsSeenBy(callers.commissionerNE, inNE, events)).toEqual([
      { type: 'REFERRAL_SENT', summary: 'Referral sent' },
      { type: 'CASE_NOTE_ADDED', summary: 'Case note from the provider' },
    ]);
  });
});
