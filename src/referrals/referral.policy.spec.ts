import { Caller } from '../auth/caller';
import { Role } from '../auth/role';
import {
  canReadCaseNotes,
  canReadFreeText,
  canReadPersonDetails,
  canSeeReferral,
  referralScopeClause,
  timelineAsSeenBy,
  withoutFreeText,
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

  it("lets the delivering subcontractor's suppliers see it as well as the provider's (the prime)", () => {
    const delivered = { ...inNE, deliveredById: 'org-b' };
    expect(canSeeReferral(callers.supplierA, delivered)).toBe(true);
    expect(canSeeReferral(callers.supplierB, delivered)).toBe(true);
    expect(canSeeReferral(callers.supplierB, inNE)).toBe(false);
    expect(canReadCaseNotes(callers.supplierB, delivered)).toBe(true);
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
    expect(referralScopeClause(callers.supplierB)?.where).toBe(
      '((r.provider_id = :scopeProvider OR r.delivered_by_id = :scopeProvider))',
    );
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

describe('canReadPersonDetails', () => {
  const seeing = (row: typeof inNE & { acceptedAt: Date | null }) =>
    (Object.keys(callers) as Who[]).filter(
      (who) => canSeeReferral(callers[who], row) && canReadPersonDetails(callers[who], row),
    );

  it("keeps the person's details from the provider's suppliers until they accept", () => {
    expect(seeing({ ...inNE, acceptedAt: null })).toEqual([
      'admin',
      'nationalCommissioner',
      'commissionerNE',
      'purchaserNE',
    ]);
  });

  it('shows them to everyone who sees the referral once it is accepted', () => {
    expect(seeing({ ...inNE, acceptedAt: new Date('2045-05-04T09:00:00Z') })).toEqual([
      'admin',
      'nationalCommissioner',
      'commissionerNE',
      'purchaserNE',
      'supplierA',
    ]);
  });

  it('lets an admin who is also the supplier see them before acceptance', () => {
    const both = caller([Role.ADMIN, Role.SUPPLIER], { organisationId: 'org-a' });
    expect(canReadPersonDetails(both, { ...inNE, acceptedAt: null })).toBe(true);
  });
});

describe('canReadFreeText', () => {
  it('is for the two sides and admins, as case notes are: never commissioners', () => {
    const reading = (Object.keys(callers) as Who[]).filter((who) =>
      canReadFreeText(callers[who], inNE),
    );
    expect(reading).toEqual(['admin', 'purchaserNE', 'supplierA']);
  });
});

describe('withoutFreeText', () => {
  it('keeps what happened and drops the words typed after it', () => {
    expect(withoutFreeText('Declined: she moved away')).toBe('Declined');
    expect(withoutFreeText('Concerns raised at the session on 4 May 2045: seemed anxious')).toBe(
      'Concerns raised at the session on 4 May 2045',
    );
    expect(withoutFreeText('Referral accepted')).toBe('Referral accepted');
  });

  it('is applied to every free-text event a commissioner reads, and to no other', () => {
    const events = [
      { type: 'REFERRAL_DECLINED', summary: 'Declined: she moved away' },
      { type: 'SESSION_CONCERNS_RAISED', summary: 'Concerns raised: seemed anxious' },
      { type: 'OUTCOME_RECORDED', summary: 'Outcome recorded: accommodation sufficient' },
    ];
    expect(timelineAsSeenBy(callers.commissionerNE, inNE, events).map((e) => e.summary)).toEqual([
      'Declined',
      'Concerns raised',
      'Outcome recorded: accommodation sufficient',
    ]);
  });
});
