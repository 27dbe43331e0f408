import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Response } from 'express';
import { Observable, tap } from 'rxjs';

/**
 * How long caches (browsers, a CDN, aggregators) may keep a feed answer: listings change a few
 * times a day, and a client polling every few seconds then costs one request per five minutes.
 */
export const FEED_CACHE_CONTROL = 'public, max-age=300';
/** Errors (a 400, a 429, a 503) are about one moment and one client: never kept. */
export const FEED_ERROR_CACHE_CONTROL = 'no-store';

/** Sets the feed's Cache-Control on every answer that succeeded (OrukExceptionFilter on errors). */
@Injectable()
export class FeedCacheInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(tap(() => response.setHeader('Cache-Control', FEED_CACHE_CONTROL)));
  }
}
