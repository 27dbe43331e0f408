import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import {
  callersValueProblem,
  DATABASE_UNAVAILABLE_MESSAGE,
  duplicateProblem,
  describeDatabaseError,
  isDatabaseUnavailable,
} from './database-errors';
import { ErrorReason } from './error-reasons';
import {
  BadUserInputError,
  DomainError,
  ErrorCode,
  errorCodeOfStatus,
  HTTP_STATUS,
  reasonOfHttpCode,
} from './errors';

/**
 * REST routes' errors as JSON with the same codes as GraphQL's `extensions.code`:
 * `{ "error": { "code", "message", "fieldErrors"? } }` and the matching HTTP status. Anything
 * unexpected is logged and answered as a bare 500, never with a stack trace.
 */
@Catch()
export class HttpErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.describe(error);
    if (response.headersSent) {
      // A streamed answer already started: all that can be done is to cut it short.
      response.destroy();
      return;
    }
    response.status(HTTP_STATUS[body.code]).json({ error: body });
  }

  private describe(error: unknown): {
    code: ErrorCode;
    message: string;
    reason?: ErrorReason;
    fieldErrors?: { field: string; message: string }[];
  } {
    if (error instanceof DomainError) {
      const fieldErrors = error instanceof BadUserInputError ? error.fieldErrors : undefined;
      return { code: error.code, reason: error.reason, message: error.message, fieldErrors };
    }
    if (error instanceof HttpException && error.getStatus() < 500) {
      const code = errorCodeOfStatus(error.getStatus()) ?? 'BAD_USER_INPUT';
      const reason = reasonOfHttpCode(code);
      return { code, reason, message: error.message };
    }
    const valueProblem = callersValueProblem(error);
    if (valueProblem)
      return { code: 'BAD_USER_INPUT', reason: 'INVALID_INPUT', message: valueProblem };
    const duplicate = duplicateProblem(error);
    if (duplicate) return { code: 'CONFLICT', reason: 'DUPLICATE', message: duplicate };
    if (isDatabaseUnavailable(error)) {
      this.logger.warn(`Database unavailable: ${error instanceof Error ? error.message : ''}`);
      return {
        code: 'SERVICE_UNAVAILABLE',
        reason: 'DATABASE_UNAVAILABLE',
        message: DATABASE_UNAVAILABLE_MESSAGE,
      };
    }
    // A failed query's message quotes the values it failed on: logged without them.
    this.logger.error(
      error instanceof QueryFailedError
        ? describeDatabaseError(error)
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error),
    );
    return { code: 'INTERNAL_SERVER_ERROR', message: 'Something went wrong on our side' };
  }
}
