import { DomainEventType } from './domain-event';
import { isoWeek } from './email-jobs';
import {
  ALL_EMAIL_KINDS,
  EmailKind,
  emailKindsFor,
  emailPersonalisation,
  EMAILS,
} from './email-kinds';
import { notifyFailure } from './email-sender';

const BASE = 'https://marketplace.example';

describe('which emails an event owes', () => {
  it('derives each listed email from one event, and none from the others', () => {
    expect(emailKindsFor(DomainEventType.REFERRAL_SENT)).toEqual([EmailKind.REFERRAL_RECEIVED]);
    expect(emailKindsFor(DomainEventType.REFERRAL_STARTED)).toEqual([
      EmailKind.FIRST_SESSION_ATTENDED,
    ]);
    expect(emailKindsFor(DomainEventType.FRAMEWORK_APPLICATION_REJECTED)).toEqual([
      EmailKind.APPLICATION_DECIDED,
    ]);
    expect(emailKindsFor(DomainEventType.REFERRAL_COMPLETED)).toEqual([]);
    expect(emailKindsFor(DomainEventType.DECLARATION_RENEWED)).toEqual([]);
    expect(emailKindsFor('NOT_AN_EVENT')).toEqual([]);
  });

  it('never lets anyone turn off an email that asks them to act', () => {
    const optional = ALL_EMAIL_KINDS.filter((kind) => EMAILS[kind].optional).sort();
    expect(optional).toEqual(
      [
        'FIRST_SESSION_ATTENDED',
        'OUTCOME_RECORDED',
        'REFERRAL_ACCEPTED',
        'REPORT_OVERDUE',
        'STALE_LISTINGS_DIGEST',
      ].sort(),
    );
  });
});

describe('what an email says', () => {
  it('gives the CRN and a link to the page, nothing else from the payload', () => {
    expect(
      emailPersonalisation(
        EmailKind.REFERRAL_RECEIVED,
        {
          type: 'REFERRAL_SENT',
          referralId: 'r-1',
          payload: { crn: 'X123456', name: 'Someone', notes: 'private' },
        },
        BASE,
      ),
    ).toEqual({ crn: 'X123456', link: `${BASE}/incoming-referrals/r-1` });
  });

  it('names a decline by its coded reason’s wording, never the comments', () => {
    expect(
      emailPersonalisation(
        EmailKind.REFERRAL_DECLINED,
        {
          type: 'REFERRAL_DECLINED',
          referralId: 'r-2',
          payload: { crn: 'X1', declineReason: 'OUT_OF_AREA', comments: 'Jane moved' },
        },
        BASE,
      ),
    ).toEqual({
      crn: 'X1',
      link: `${BASE}/referrals/r-2`,
      declineReason: 'The person is outside the area the service reaches.',
    });
  });

  it('words an application decision and links the applicant to their application', () => {
    expect(
      emailPersonalisation(
        EmailKind.APPLICATION_DECIDED,
        {
          type: 'FRAMEWORK_APPLICATION_CHANGES_REQUESTED',
          referralId: null,
          payload: { applicationId: 'a-1' },
        },
        BASE,
      ),
    ).toEqual({
      link: `${BASE}/join/applications/a-1`,
      decision: 'returned with changes requested',
    });
  });
});

describe('a Notify refusal', () => {
  const answer = (status: number, error?: string) => ({
    response: { status, data: { errors: [{ error, message: 'someone@example.org is bad' }] } },
  });

  it('is permanent for a 4xx, retried for a 5xx, a 429 or no answer, and never repeats the message', () => {
    expect(notifyFailure(answer(400, 'BadRequestError'))).toEqual({
      permanent: true,
      error: 'GOV.UK Notify answered 400 Bad Request (BadRequestError)',
    });
    expect(notifyFailure(answer(403, 'AuthError')).permanent).toBe(true);
    expect(notifyFailure(answer(429, 'RateLimitError')).permanent).toBe(false);
    expect(notifyFailure(answer(500, 'Exception'))).toEqual({
      permanent: false,
      error: 'GOV.UK Notify answered 500 Internal Server Error (Exception)',
    });
    expect(notifyFailure(new Error('ECONNREFUSED'))).toEqual({
      permanent: false,
      error: 'Could not reach GOV.UK Notify',
    });
    expect(JSON.stringify(notifyFailure(answer(400, 'x y@example.org')))).not.toContain('@');
  });
});

describe('the stale-listings digest’s week', () => {
  it('is the ISO week, across year ends', () => {
    expect(isoWeek('2044-09-05')).toBe('2044-W36');
    expect(isoWeek('2026-01-01')).toBe('2026-W01');
    expect(isoWeek('2027-01-01')).toBe('2026-W53');
    expect(isoWeek('2024-12-30')).toBe('2025-W01');
  });
});
