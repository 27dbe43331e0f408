import { Injectable } from '@nestjs/common';
import { InjectThrottlerStorage, normalizeIp, ThrottlerStorage } from '@nestjs/throttler';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { UnauthenticatedError } from '../common/errors';
import { leaveBodyUnread, sendJsonError } from '../common/request-body';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { authenticationOf } from './auth.guard';
import { LimitedRequest, rateLimitKey, USER_THROTTLER, userTracker } from './rate-limit.guard';
import { Role } from './role';
import { TokenVerifier } from './token-verifier';

/** Who may send a rate card import's large body: the roles `importRateCard` declares. */
export const IMPORT_ROLES: readonly Role[] = [Role.SUPPLIER, Role.ADMIN];

const GRAPHQL_PATH = '/graphql';

/**
 * True when an HTTP request to /graphql carries an operation: any POST, or a GET with a query
 * string. A bare GET (the development landing page) and CORS preflights do not.
 */
function carriesOperation(request: Request): boolean {
  if (request.method === 'POST') return true;
  return request.method === 'GET' && request.originalUrl.includes('?');
}

function tooManyRequests(
  request: Request,
  response: Response,
  retryAfterSeconds: number,
  message: string,
): void {
  response.setHeader('retry-after', retryAfterSeconds);
  sendJsonError(request, response, 429, 'TOO_MANY_REQUESTS', message);
}

/**
 * The HTTP edge, before any body is read or any GraphQL is parsed: the limit per client address
 * on every request, and on GraphQL requests the caller's token and the per-user rate limit
 * (every GraphQL operation needs a signed-in user: none is `@Public()`). Both limits count in
 * the one rate-limit store (RateLimitStore: Redis when REDIS_URL is set, shared by instances).
 */
@Injectable()
export class EdgeGate {
  constructor(
    private readonly config: AppConfig,
    private readonly verifier: TokenVerifier,
    @InjectThrottlerStorage() private readonly store: ThrottlerStorage,
    private readonly metrics: MetricsService,
  ) {}

  /**
   * RATE_LIMIT_PER_ADDRESS requests per RATE_LIMIT_WINDOW_SECONDS per client address (`req.ip`:
   * the socket's address unless TRUST_PROXY names the proxies whose X-Forwarded-For to believe),
   * then 429 with Retry-After until the window ends. Counts every request, whatever it is.
   */
  limitPerAddress(): RequestHandler {
    const {
      rateLimitPerAddress: limit,
      rateLimitWindowSeconds,
      maxBodyBytes,
    } = this.config.requestLimits;
    const windowMs = rateLimitWindowSeconds * 1000;
    return (request: Request, response: Response, next: NextFunction) => {
      const address = normalizeIp(request.ip ?? request.socket.remoteAddress ?? 'unknown', 64);
      this.store
        .increment(`address:${address}`, windowMs, limit, windowMs, 'address')
        .then(({ isBlocked, timeToBlockExpire }) => {
          if (!isBlocked) return next();
          this.metrics.rateLimitRefused('address');
          leaveBodyUnread(request, response, maxBodyBytes);
          const seconds = Math.max(1, timeToBlockExpire);
          tooManyRequests(
            request,
            response,
            seconds,
            `Too many requests from this address: try again in ${seconds} s`,
          );
        })
        .catch(next);
    };
  }

  /**
   * On /graphql: verifies the bearer token before the body is read (an anonymous caller or a bad
   * token gets 401 UNAUTHENTICATED, its body unread and its document never parsed or validated),
   * then counts the request against the caller's RATE_LIMIT, whatever its answer turns out to be
   * (FORBIDDEN, invalid input): over the limit is 429 TOO_MANY_REQUESTS with Retry-After.
   */
  authenticateGraphql(): RequestHandler {
    const { rateLimit, rateLimitWindowSeconds, maxBodyBytes } = this.config.requestLimits;
    const windowMs = rateLimitWindowSeconds * 1000;
    return (request: Request, response: Response, next: NextFunction) => {
      if (request.path !== GRAPHQL_PATH || !carriesOperation(request)) return next();
      const limited = request as LimitedRequest;
      authenticationOf(limited, this.verifier)
        .then(
          async (caller) => {
            const { isBlocked, timeToBlockExpire, totalHits, timeToExpire } =
              await this.store.increment(
                rateLimitKey(USER_THROTTLER, userTracker(caller.id)),
                windowMs,
                rateLimit,
                windowMs,
                USER_THROTTLER,
              );
            response.setHeader('x-ratelimit-limit', rateLimit);
            response.setHeader('x-ratelimit-remaining', Math.max(0, rateLimit - totalHits));
            response.setHeader('x-ratelimit-reset', timeToExpire);
            if (isBlocked) {
              this.metrics.rateLimitRefused('user');
              leaveBodyUnread(request, response, maxBodyBytes);
              const seconds = Math.max(1, timeToBlockExpire);
              return tooManyRequests(
                request,
                response,
                seconds,
                `Too many requests: try again in ${seconds} s`,
              );
            }
            // Counted: the rate limit guard reuses this verdict for each operation.
            limited.rateLimited = new Map([[USER_THROTTLER, Promise.resolve(true)]]);
            next();
          },
          (error: unknown) => {
            if (!(error instanceof UnauthenticatedError)) throw error;
            leaveBodyUnread(request, response, maxBodyBytes);
            response.setHeader('www-authenticate', 'Bearer');
            sendJsonError(request, response, 401, 'UNAUTHENTICATED', error.message, error.reason);
          },
        )
        .catch(next);
    };
  }

  /** Whether the request's verified caller may send a rate card import's large body. */
  async mayImport(request: Request): Promise<boolean> {
    const authentication = (request as LimitedRequest).authentication;
    if (!authentication) return false;
    const caller = await authentication.catch(() => undefined);
    return caller !== undefined && caller.roles.some((role) => IMPORT_ROLES.includes(role));
  }
}
