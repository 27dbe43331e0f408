import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { describeDatabaseError } from '../common/database-errors';
import { BadUserInputError, DomainError, errorCodeOfStatus, HTTP_STATUS } from '../common/errors';
import { FEED_ERROR_CACHE_CONTROL } from './feed-cache.interceptor';
import { GeocoderUnavailableError } from './geocoder';

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
      status = HTTP_STATUS[exception.code];
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
      this.logger.error(
        exception instanceof QueryFailedError ? describeDatabaseError(exception) : exception,
      );
    }
    // `code` carries the same words as the rest of the API's errors (and GraphQL's extensions.code).
    const code =
      typeof body.error === 'string' && /^[A-Z_]+$/.test(body.error)
        ? body.error
        : (errorCodeOfStatus(status) ??
          (status < 500 ? 'BAD_USER_INPUT' : 'INTERNAL_SERVER_ERROR'));
    response
      .status(status)
      .setHeader('Access-Control-Allow-Origin', '*')
      .setHeader('Cache-Control', FEED_ERROR_CACHE_CONTROL)
      .json({ ...body, code });
  }
}
