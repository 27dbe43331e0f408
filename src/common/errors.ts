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

/** The HTTP status each code answers with on REST routes (GraphQL answers 200 with the code). */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};

/** The code an HTTP status stands for, if it is one of ours. */
export function errorCodeOfStatus(status: number): ErrorCode | undefined {
  return (Object.keys(HTTP_STATUS) as ErrorCode[]).find((code) => HTTP_STATUS[code] === status);
}

/**
 * The reason for a framework's HTTP refusal (a body too large, an unknown route, too many
 * requests), which carries only a status.
 */
export function reasonOfHttpCode(code: ErrorCode): ErrorReason | undefined {
  if (code === 'BAD_USER_INPUT') return 'INVALID_INPUT';
  if (code === 'NOT_FOUND') return 'NOT_FOUND';
  if (code === 'TOO_MANY_REQUESTS') return 'RATE_LIMITED';
  return undefined;
}

/** One failing input field: a dotted path from the argument (`input.eligibility.minAge`) and why. */
export interface FieldError {
  field: string;
  message: string;
}

import { IntrinsicException } from '@nestjs/common';
import { ErrorReason } from './error-reasons';

/**
 * A failure the caller can act on. Each module names its own failures by extending one of the
 * base classes below; one formatter maps them to `extensions.code` and to HTTP statuses.
 * (IntrinsicException: Nest does not log them as crashes.)
 */
export abstract class DomainError extends IntrinsicException {
  abstract readonly code: ErrorCode;

  /**
   * The stable `extensions.reason` (see ERROR_REASONS). Required, so that no refusal can be
   * thrown without one: the type guarantees each is in the table.
   */
  readonly reason: ErrorReason;

  constructor(message: string, reason: ErrorReason) {
    super(message);
    this.name = new.target.name;
    this.reason = reason;
  }
}

/**
 * The caller's input breaks a rule. Input that fails its own field's checks shares the reason
 * INVALID_INPUT (the field errors say which); a domain rule refusing the input names its own.
 */
export class BadUserInputError extends DomainError {
  readonly code = 'BAD_USER_INPUT';

  constructor(
    message: string,
    readonly fieldErrors: FieldError[] = [],
    reason: ErrorReason = 'INVALID_INPUT',
  ) {
    super(message, reason);
  }

  /** The same errors with their field paths placed under `prefix` (the argument's name). */
  under(prefix: string): BadUserInputError {
    return new BadUserInputError(
      this.message,
      this.fieldErrors.map((e) => ({ ...e, field: e.field ? `${prefix}.${e.field}` : prefix })),
      this.reason,
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
    super(`${entity} ${id} was not found`, 'NOT_FOUND');
  }
}

export class ConflictError extends DomainError {
  readonly code = 'CONFLICT';
}

/** Not the caller's mistake and nothing changed: the same request may succeed a little later. */
export class ServiceUnavailableError extends DomainError {
  readonly code = 'SERVICE_UNAVAILABLE';
}
