import { DomainError } from '../common/errors';

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
