import { ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  normalizeIp,
  ThrottlerGuard,
  ThrottlerLimitDetail,
  ThrottlerModuleOptions,
  ThrottlerRequest,
  ThrottlerStorage,
} from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { MetricsService } from '../metrics/metrics.service';
import { authenticationOf } from './auth.guard';
import { AuthenticatedRequest } from './request-context';
import { TokenVerifier } from './token-verifier';

export type LimitedRequest = AuthenticatedRequest & {
  /** Each throttler's verdict, decided once per HTTP request (on /graphql, at the HTTP edge). */
  rateLimited?: Map<string, Promise<boolean>>;
};

/** The name of the per-user throttler (RATE_LIMIT). */
export const USER_THROTTLER = 'default';

/** The tracker of a signed-in caller (an anonymous one is tracked by address). */
export function userTracker(callerId: string): string {
  return `user:${callerId}`;
}

/** One bucket per throttler and tracker for every operation and route. */
export function rateLimitKey(throttler: string, tracker: string): string {
  return `${throttler}:${tracker}`;
}

/**
 * Too many requests from one user in the window, with a Retry-After header (seconds): HTTP 429
 * on REST routes; in GraphQL `extensions.code` TOO_MANY_REQUESTS (Nest's Apollo driver keeps
 * the status of a response with `data` at 200, so clients read it as an ordinary error).
 */
export class TooManyRequestsError extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many requests: try again in ${retryAfterSeconds} s`, HttpStatus.TOO_MANY_REQUESTS);
  }
}

/**
 * The global rate limit: RATE_LIMIT requests per RATE_LIMIT_WINDOW_SECONDS per user (the
 * verified token's `sub`, else the client's IP address), over all operations together. A GraphQL
 * request counts once however many fields it asks for. `@SkipThrottle()` exempts a route.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly metrics: MetricsService,
  ) {
    super(options, storage, reflector);
  }

  protected override getRequestResponse(context: ExecutionContext): {
    req: Record<string, unknown>;
    res: Record<string, unknown>;
  } {
    if (context.getType<GqlContextType>() === 'graphql') {
      const { req, res } = GqlExecutionContext.create(context).getContext<{
        req: Request;
        res: Response;
      }>();
      return { req, res } as unknown as {
        req: Record<string, unknown>;
        res: Record<string, unknown>;
      };
    }
    return super.getRequestResponse(context);
  }

  protected override handleRequest(props: ThrottlerRequest): Promise<boolean> {
    const req = this.getRequestResponse(props.context).req as unknown as LimitedRequest;
    const name = props.throttler.name ?? USER_THROTTLER;
    req.rateLimited ??= new Map();
    let verdict = req.rateLimited.get(name);
    if (!verdict) {
      verdict = super.handleRequest(props);
      req.rateLimited.set(name, verdict);
    }
    return verdict;
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const request = req as unknown as LimitedRequest;
    try {
      return userTracker((await authenticationOf(request, this.verifier)).id);
    } catch {
      return `ip:${normalizeIp(request.ip ?? 'unknown', this.ipv6SubnetPrefix)}`;
    }
  }

  /** One bucket per user for every operation (the default is one per user per route). */
  protected override generateKey(
    _context: ExecutionContext,
    tracker: string,
    name: string,
  ): string {
    return rateLimitKey(name, tracker);
  }

  protected override throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    this.metrics.rateLimitRefused('user');
    throw new TooManyRequestsError(Math.max(1, detail.timeToBlockExpire));
  }
}
