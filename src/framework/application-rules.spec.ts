import { ConflictError } from '../common/errors';
import {
  ApplicationAction,
  CHARITY_NUMBER,
  COMPANY_NUMBER,
  isExpired,
  nextApplicationStatus,
  normaliseCompanyNumber,
} from './application-rules';
import { ApplicationStatus } from './framework.enums';

const { SUBMITTED, CHANGES_REQUESTED, APPROVED, REJECTED } = ApplicationStatus;

describe('application steps', () => {
  it.each<[ApplicationStatus, ApplicationAction, ApplicationStatus]>([
    [SUBMITTED, 'approve', APPROVED],
    [SUBMITTED, 'requestChanges', CHANGES_REQUESTED],
    [SUBMITTED, 'reject', REJECTED],
    [CHANGES_REQUESTED, 'amend', SUBMITTED],
    [CHANGES_REQUESTED, 'reject', REJECTED],
  ])('a %s application can %s, becoming %s', (from, action, to) => {
    expect(nextApplicationStatus(from, action)).toBe(to);
  });

  it.each<[ApplicationStatus, ApplicationAction]>([
    [SUBMITTED, 'amend'],
    [CHANGES_REQUESTED, 'approve'],
    [CHANGES_REQUESTED, 'requestChanges'],
    ...[APPROVED, REJECTED].flatMap((status) =>
      (['amend', 'approve', 'requestChanges', 'reject'] as const).map(
        (action) => [status, action] as [ApplicationStatus, ApplicationAction],
      ),
    ),
  ])('refuses to let a %s application %s', (from, action) => {
    expect(() => nextApplicationStatus(from, action)).toThrow(ConflictError);
  });
});

describe('registration numbers', () => {
  it.each(['123456', '1234567', '12345678'])('accepts charity number %s', (n) =>
    expect(CHARITY_NUMBER.test(n)).toBe(true),
  );
  it.each(['12345', '123456789', '12a456', 'SC123456'])('refuses charity number %s', (n) =>
    expect(CHARITY_NUMBER.test(n)).toBe(false),
  );
  it.each(['01234567', 'SC123456', 'NI000123', 'OC301234'])('accepts company number %s', (n) =>
    expect(COMPANY_NUMBER.test(n)).toBe(true),
  );
  it.each(['1234567', '123456789', 'S1234567', 'SCX12345', 'sc123456'])(
    'refuses company number %s',
    (n) => expect(COMPANY_NUMBER.test(n)).toBe(false),
  );
  it('normalises a company number before checking it', () => {
    expect(normaliseCompanyNumber(' sc 123456 ')).toBe('SC123456');
  });
});

describe('declaration expiry', () => {
  it('is good through its last day and expired the day after', () => {
    expect(isExpired('2026-05-01', '2026-05-01')).toBe(false);
    expect(isExpired('2026-05-01', '2026-05-02')).toBe(true);
    expect(isExpired(null, '2099-01-01')).toBe(false);
  });
});
