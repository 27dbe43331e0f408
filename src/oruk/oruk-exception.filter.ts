import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { Response } from 'express';
import { DomainError } from '../common/errors';
import { BadUserInputError } from '../common/errors';
import { GeocoderUnavailableError } from './geocoder';

const STATUS: Record<string, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
};

/** The service's error code for an HTTP status (the same words as GraphQL's extensions.code). */
function codeFor(status: number): string {
  return (
    Object.entries(STATUS).find(([, s]) => s === status)?.[0] ??
    (status < 500 ? 'BAD_USER_INPUT' : 'INTERNAL_SERVER_ERROR')
  );
}

/**
 * Every feed failure as JSON with the CORS header: 400 with each bad parameter, 404, 429 when
 * rate limited, 503 when the geocoder or the database is down; anything else a 500 without
 * details. `error` and `code` both name the failure in the API's words.
 */
@Catch()
export class OrukExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(OrukExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    let status = 500;
    let body: Record<string, unknown> = {
      status,
      error: 'INTERNAL_SERVER_ERROR',
      message: 'Something went wrong',
    };
    if (exception instanceof GeocoderUnavailableError) {
      status = 503;
      body = { status, error: 'SERVICE_UNAVAILABLE', message: exception.message };
    } else if (exception instanceof DomainError) {
      status = STATUS[exception.code] ?? 500;
      body = { status, error: exception.code, message: exception.message };
      if (exception instanceof BadUserInputError) body.errors = exception.fieldErrors;
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      body = {
        status,
        error: status === 429 ? 'TOO_MANY_REQUESTS' : exception.name,
        message:
          status === 429
            ? 'Too many requests: slow down and try again in a minute'
            : exception.message,
      };
    } else {
      this.logger.error(exception);
    }
    // `code` carries the same words as the rest of the API's errors (and GraphQL's extensions.code).
    const code =
      typeof body.error === 'string' && /^[A-Z_]+$/.test(body.error) ? body.error : codeFor(status);
    response
      .status(status)
      .setHeader('Access-Control-Allow-Origin', '*')
      .json({ ...body, code });
  }
}
