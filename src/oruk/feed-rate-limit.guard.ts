import { CanActivate, ExecutionContext, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerException, ThrottlerStorageService } from '@nestjs/throttler';
import { Request, Response } from 'express';
import { AppConfig } from '../config/app-config';

const WINDOW_MS = 60_000;

/**
 * The feed's own rate limit: ORUK_RATE_LIMIT_PER_MINUTE requests a minute per client address,
 * then 429 for the rest of the minute. It keeps its own @nestjs/throttler storage instead of
 * registering ThrottlerModule (a global module), so a service-wide limit added later cannot
 * change or be changed by it.
 */
@Injectable()
export class FeedRateLimitGuard implements CanActivate, OnApplicationShutdown {
  private readonly storage = new ThrottlerStorageService();

  constructor(private readonly config: AppConfig) {}

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
      response.setHeader('Retry-After', timeToBlockExpire);
      throw new ThrottlerException();
    }
    return true;
  }

  onApplicationShutdown(): void {
    this.storage.onApplicationShutdown();
  }
}
