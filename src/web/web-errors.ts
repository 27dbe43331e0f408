import { DomainError } from '../common/errors';
import { ErrorReason } from '../common/error-reasons';

/** The page asked for does not exist (or is not the caller's to see). */
export class PageNotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';

  constructor() {
    super('Page not found', 'NOT_FOUND');
  }
}

/** A form came back without the session's CSRF token (expired, or sent from another site). */
export class FormExpiredError extends DomainError {
  readonly code = 'FORBIDDEN';

  constructor() {
    super('The form has expired: go back, reload the page and try again', 'FORM_EXPIRED');
  }
}

/**
 * The API could not answer for a while, through no fault of the caller (a report that ran past
 * its time limit, too many reports at once, the database away): the page says so, and why.
 */
export class PageUnavailableError extends DomainError {
  readonly code = 'SERVICE_UNAVAILABLE';

  constructor(message: string, reason: ErrorReason) {
    super(message, reason);
  }
}
