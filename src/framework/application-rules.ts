import { ConflictError } from '../common/errors';
import { ApplicationStatus } from './framework.enums';

export type ApplicationAction = 'amend' | 'approve' | 'requestChanges' | 'reject';

const { SUBMITTED, CHANGES_REQUESTED, APPROVED, REJECTED } = ApplicationStatus;

/** From which statuses each step may be taken, and where it leads. */
const TRANSITIONS: Record<ApplicationAction, { from: ApplicationStatus[]; to: ApplicationStatus }> =
  {
    amend: { from: [CHANGES_REQUESTED], to: SUBMITTED },
    approve: { from: [SUBMITTED], to: APPROVED },
    requestChanges: { from: [SUBMITTED], to: CHANGES_REQUESTED },
    reject: { from: [SUBMITTED, CHANGES_REQUESTED], to: REJECTED },
  };

const WORDS: Record<ApplicationAction, string> = {
  amend: 'be amended',
  approve: 'be approved',
  requestChanges: 'be sent back for changes',
  reject: 'be rejected',
};

/** The status after `action`, or CONFLICT naming the current status. */
export function nextApplicationStatus(
  current: ApplicationStatus,
  action: ApplicationAction,
): ApplicationStatus {
  const transition = TRANSITIONS[action];
  if (!transition.from.includes(current)) {
    throw new ConflictError(
      `A ${current} application cannot ${WORDS[action]}`,
      'INVALID_TRANSITION',
    );
  }
  return transition.to;
}

/** Registered charity numbers in England and Wales: 6 to 8 digits. */
export const CHARITY_NUMBER = /^\d{6,8}$/;

/** Companies House numbers: 8 characters, either 8 digits or a 2-letter prefix (SC, NI, OC...) and 6 digits. */
export const COMPANY_NUMBER = /^(?:\d{8}|[A-Z]{2}\d{6})$/;

/** "sc 123456" -> "SC123456": how company numbers are compared and stored. */
export function normaliseCompanyNumber(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

/** A declaration is good through its `expiresOn` day and expired from the day after. */
export function isExpired(expiresOn: string | null, today: string): boolean {
  return expiresOn !== null && expiresOn < today;
}
