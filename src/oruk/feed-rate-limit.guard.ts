import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { InjectThrottlerStorage, ThrottlerException, ThrottlerStorage } from '@nestjs/throttler';
import { Request, Response } from 'express';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';

const WINDOW_MS = 60_000;

/**
 * The feed's own rate limit: ORUK_RATE_LIMIT_PER_MINUTE requests a minute per client address,
 * then 429 for the rest of the minute. It counts in the service's one rate-limit store (Redis
 * when REDIS_URL is set, shared by every instance) under keys of its own (`oruk:<address>`), so
 * no other limit changes or is changed by it.
 */
@Injectable()
export class FeedRateLimitGuard implements CanActivate {
  constructor(
    private readonly config: AppConfig,
    @InjectThrottlerStorage() private readonly storage: ThrottlerStorage,
    private readonly metrics: MetricsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const limit = this.config.orukRateLimitPerMinute;
    const { totalHits, timeToExpire, isBlocked, timeToBlockExpire } = await this.storage.increment(
      `oruk:${request.ip ?? 'unknown'}`,
      WINDOW_MS,
      limit,
      WINDOW_MS,
      'oruk',
    );
    response.setHeader('X-RateLimit-Limit', limit);
    response.setHeader('X-RateLimit-Remaining', Math.max(0, limit - totalHits));
    response.setHeader('X-RateLimit-Reset', timeToExpire);
    if (isBlocked) {
      this.metrics.rateLimitRefused('oruk');
      response.setHeader('Retry-After', timeToBlockExpire);
      throw new ThrottlerException();
    }
    return true;
  }
}
