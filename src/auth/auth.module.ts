import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../config/app-config';
import { AuthGuard } from './auth.guard';
import { AuthResolver } from './auth.resolver';
import { RateLimitGuard } from './rate-limit.guard';
import { TokenVerifier } from './token-verifier';

@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        throttlers: [
          {
            name: 'default',
            limit: config.requestLimits.rateLimit,
            ttl: config.requestLimits.rateLimitWindowSeconds * 1000,
          },
        ],
      }),
    }),
  ],
  providers: [
    TokenVerifier,
    AuthResolver,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
  exports: [TokenVerifier],
})
export class AuthModule {}
