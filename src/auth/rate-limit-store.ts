import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { ThrottlerStorage } from '@nestjs/throttler';
import Redis from 'ioredis';
import { MemoryRateLimitCounts } from './memory-rate-limit-counts';

/** What a counter answers (the shape of @nestjs/throttler's storage record). */
export type RateLimitRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** At most one log line per this long about the shared store being unreachable. */
const ERROR_LOG_INTERVAL_MS = 60_000;

/**
 * Where every rate limit counts (per user, per address, the Open Referral UK feed's per
 * address): Redis when REDIS_URL is set, so several instances share one count; this process's
 * memory otherwise (one instance alone: MemoryRateLimitCounts). Keys never collide: each limit
 * prefixes its own.
 *
 * When Redis cannot answer (down, unreachable, slower than a second) the request is let through
 * (fail open) with a warning in the log, at most once a minute, and `onUnavailable` is told (the
 * metrics count it): a rate limit protects the service, and refusing everyone because its
 * counter is away would be the outage it protects against. Nothing that must be exact (places,
 * budgets) depends on it: those are held in PostgreSQL.
 */
export class RateLimitStore implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimitStore');
  private readonly backend: ThrottlerStorage & { onApplicationShutdown?(): void };
  private readonly redis?: Redis;
  private lastErrorLoggedAt = 0;
  /** Told of each request let through because the shared store did not answer. */
  onUnavailable: () => void = () => undefined;

  /** A store, connected (or given up waiting for Redis for two seconds: it keeps trying). */
  static async open(
    redisUrl: string | undefined,
    onUnavailable: () => void = () => undefined,
  ): Promise<RateLimitStore> {
    const store = new RateLimitStore(redisUrl);
    store.onUnavailable = onUnavailable;
    await store.ready();
    return store;
  }

  constructor(redisUrl: string | undefined) {
    if (redisUrl) {
      this.redis = new Redis(redisUrl, {
        // Fail fast instead of queueing a request's count while Redis is away.
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        commandTimeout: 1000,
        connectTimeout: 2000,
        retryStrategy: (attempt) => Math.min(attempt * 200, 5000),
      });
      this.redis.on('error', (error: Error) => this.warn(error));
      this.backend = new ThrottlerStorageRedisService(this.redis);
    } else {
      this.backend = new MemoryRateLimitCounts();
    }
  }

  /** `redis` or `memory`: where the counts are kept. */
  get kind(): 'redis' | 'memory' {
    return this.redis ? 'redis' : 'memory';
  }

  /** Waits (up to `ms`) for the first connection to Redis, so the first requests are counted. */
  async ready(ms = 2000): Promise<boolean> {
    const redis = this.redis;
    if (!redis || redis.status === 'ready') return true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(false), ms);
      const onReady = () => done(true);
      function done(ok: boolean) {
        clearTimeout(timer);
        redis!.off('ready', onReady);
        resolve(ok);
      }
      redis.on('ready', onReady);
    });
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<RateLimitRecord> {
    try {
      return await this.backend.increment(key, ttl, limit, blockDuration, throttlerName);
    } catch (error) {
      if (!this.redis) throw error;
      this.warn(error);
      this.onUnavailable();
      return {
        totalHits: 0,
        timeToExpire: Math.ceil(ttl / 1000),
        isBlocked: false,
        timeToBlockExpire: 0,
      };
    }
  }

  onApplicationShutdown(): void {
    this.backend.onApplicationShutdown?.();
    this.redis?.disconnect(false);
  }

  private warn(error: unknown): void {
    const now = Date.now();
    if (now - this.lastErrorLoggedAt < ERROR_LOG_INTERVAL_MS) return;
    this.lastErrorLoggedAt = now;
    this.logger.warn(
      `The rate limits' Redis does not answer (${error instanceof Error ? error.message : String(error)}): requests are let through uncounted until it does`,
    );
  }
}
