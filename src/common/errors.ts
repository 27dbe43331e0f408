/** The codes a client may see in `extensions.code`. */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'TOO_MANY_REQUESTS'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

/** One failing input field: a dotted path from the argument (`input.eligibility.minAge`) and why. */
export interface FieldError {
  field: string;
  message: string;
}

import { IntrinsicException } from '@nestjs/common';

/**
 * A failure the caller can act on. Each module names its own failures by extending one of the
 * base classes below; one formatter maps them to `extensions.code` and to HTTP statuses.
 * (IntrinsicException: Nest does not log them as crashes.)
 */
export abstract class DomainError extends IntrinsicException {
  abstract readonly code: ErrorCode;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadUserInputError extends DomainError {
  readonly code = 'BAD_USER_INPUT';

  constructor(
    message: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
  }

  /** The same errors with their field paths placed under `prefix` (the argument's name). */
  under(prefix: string): BadUserInputError {
    return new BadUserInputError(
      this.message,
      this.fieldErrors.map((e) => ({ ...e, field: e.field ? `${prefix}.${e.field}` : prefix })),
    );
  }
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED';
}

export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';

  constructor(entity: string, id: string) {
    super(`${entity} ${id} was not found`);
  }
}

export class ConflictError extends DomainError {
  readonly code = 'CONFLICT';
}
