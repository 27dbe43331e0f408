import type { ThrottlerStorage } from '@nestjs/throttler';
import type { RateLimitRecord } from './rate-limit-store';

/** How often counters nobody has used for a window are dropped (as @nestjs/throttler does). */
const SWEEP_INTERVAL_MS = 60_000;

/** One limit's count for one key (a user, an address). */
interface Counter {
  /** When the key's current window ends (ms). */
  expiresAt: number;
  isBlocked: boolean;
  blockExpiresAt: number;
  /** When each counted hit leaves the window, oldest first (a limit's window never changes). */
  hits: number[];
  /** How many of `hits`, from the start, have left the window already. */
  gone: number;
}

/**
 * The rate limits' counts in this process's memory (one instance alone): the same answers as
 * @nestjs/throttler's own in-memory storage (`ThrottlerStorageService`, checked against it in
 * memory-rate-limit-counts.spec.ts), in constant time per request. That storage filters every
 * hit of the window on each request and takes their minimum by spreading them into `Math.min`:
 * a cost that grows with the limit (3,000 a minute for an address that many people share behind
 * a proxy) and fails past about 100,000 hits.
 */
export class MemoryRateLimitCounts implements ThrottlerStorage {
  private readonly counters = new Map<string, Counter>();
  private sweeper?: ReturnType<typeof setInterval>;

  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<RateLimitRecord> {
    const now = Date.now();
    this.sweeper ??= setInterval(() => this.sweep(), SWEEP_INTERVAL_MS).unref();
    const id = `${throttlerName}\u0000${key}`;
    let counter = this.counters.get(id);
    if (!counter) {
      counter = { expiresAt: now + ttl, isBlocked: false, blockExpiresAt: 0, hits: [], gone: 0 };
      this.counters.set(id, counter);
    }
    prune(counter, now);
    let timeToExpire = Math.ceil((counter.expiresAt - now) / 1000);
    if (timeToExpire <= 0) {
      counter.expiresAt = now + ttl;
      timeToExpire = Math.ceil(ttl / 1000);
    }
    if (blockDuration <= 0) {
      const isBlocked = live(counter) >= limit;
      if (!isBlocked) counter.hits.push(now + ttl);
      const count = live(counter);
      const timeToBlockExpire = count
        ? Math.ceil((counter.hits[counter.gone] - now) / 1000)
        : timeToExpire;
      return Promise.resolve({
        totalHits: count + (isBlocked ? 1 : 0),
        timeToExpire,
        isBlocked,
        timeToBlockExpire: isBlocked ? timeToBlockExpire : 0,
      });
    }
    if (!counter.isBlocked) counter.hits.push(now + ttl);
    if (live(counter) > limit && !counter.isBlocked) {
      counter.isBlocked = true;
      counter.blockExpiresAt = now + blockDuration;
    }
    const timeToBlockExpire = Math.ceil((counter.blockExpiresAt - now) / 1000);
    if (timeToBlockExpire <= 0 && counter.isBlocked) {
      counter.isBlocked = false;
      counter.hits = [now + ttl];
      counter.gone = 0;
    }
    return Promise.resolve({
      totalHits: live(counter),
      timeToExpire,
      isBlocked: counter.isBlocked,
      timeToBlockExpire,
    });
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    this.counters.clear();
  }

  /** Drops the counters with nothing left to count or block. */
  private sweep(now = Date.now()): void {
    for (const [id, counter] of this.counters) {
      if (counter.isBlocked && counter.blockExpiresAt > now) continue;
      if (counter.expiresAt > now) continue;
      prune(counter, now);
      if (live(counter) === 0) this.counters.delete(id);
    }
  }
}

/** Moves past the hits that have left the window; compacts the array once most have. */
function prune(counter: Counter, now: number): void {
  const { hits } = counter;
  while (counter.gone < hits.length && hits[counter.gone] <= now) counter.gone += 1;
  if (counter.gone > 64 && counter.gone * 2 > hits.length) {
    counter.hits = hits.slice(counter.gone);
    counter.gone = 0;
  }
}

/** Hits still in the window. */
function live(counter: Counter): number {
  return counter.hits.length - counter.gone;
}
