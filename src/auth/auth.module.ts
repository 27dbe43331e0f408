import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { AuthGuard } from './auth.guard';
import { AuthResolver } from './auth.resolver';
import { CallerHooks } from './caller-hooks';
import { EdgeGate } from './edge-gate';
import { RateLimitGuard, USER_THROTTLER } from './rate-limit.guard';
import { RateLimitStore } from './rate-limit-store';
import { TokenVerifier } from './token-verifier';

@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfig, MetricsService],
      // One store for every rate limit (per user, per address, the feed's): Redis when REDIS_URL
      // is set, shared by every instance; this process's memory otherwise.
      useFactory: async (config: AppConfig, metrics: MetricsService) => ({
        storage: await RateLimitStore.open(config.operations.redisUrl, () =>
          metrics.rateLimitStoreWasUnavailable(),
        ),
        throttlers: [
          {
            name: USER_THROTTLER,
            limit: config.requestLimits.rateLimit,
            ttl: config.requestLimits.rateLimitWindowSeconds * 1000,
          },
        ],
      }),
    }),
  ],
  providers: [
    TokenVerifier,
    CallerHooks,
    AuthResolver,
    EdgeGate,
    // The rate limit first: a request the AuthGuard refuses (FORBIDDEN) still counts.
    { provide: APP_GUARD, useClass: RateLimitGuard },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [TokenVerifier, EdgeGate, CallerHooks],
})
export class AuthModule {}
