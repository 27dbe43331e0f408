import { ThrottlerStorageService } from '@nestjs/throttler';
import { MemoryRateLimitCounts } from './memory-rate-limit-counts';

/** A small deterministic random sequence (no dependency on Math.random between runs). */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('MemoryRateLimitCounts', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-11-30T12:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it.each([
    ['blocking for the window once past the limit', 3, 10_000, 10_000],
    ['blocking for longer than the window', 5, 2_000, 7_000],
    ['without blocking (each hit refused while the window is full)', 4, 3_000, 0],
  ])(
    'answers as @nestjs/throttler’s own storage does, %s',
    async (_name, limit, ttl, blockDuration) => {
      const ours = new MemoryRateLimitCounts();
      const theirs = new ThrottlerStorageService();
      const next = sequence(limit * 7919 + blockDuration);
      try {
        for (let i = 0; i < 400; i += 1) {
          // Bursts and pauses: several hits in a millisecond, and gaps longer than the window.
          jest.advanceTimersByTime(Math.floor(next() ** 4 * ttl * 1.5));
          // Each limit prefixes its own keys (RateLimitStore): a key is counted by one limit.
          const [key, name] = (
            [
              ['address:10.0.0.1', 'address'],
              ['address:10.0.0.2', 'address'],
              ['user:someone', 'user'],
            ] as const
          )[Math.floor(next() * 3)];
          expect({ i, ...(await ours.increment(key, ttl, limit, blockDuration, name)) }).toEqual({
            i,
            ...(await theirs.increment(key, ttl, limit, blockDuration, name)),
          });
        }
      } finally {
        ours.onApplicationShutdown();
        theirs.onApplicationShutdown();
      }
    },
  );

  it('counts a busy key’s hits in constant time: 200,000 in a window, then the window moves on', async () => {
    const counts = new MemoryRateLimitCounts();
    try {
      let last;
      for (let i = 0; i < 200_000; i += 1) {
        if (i % 1000 === 0) jest.advanceTimersByTime(1);
        last = await counts.increment('address:proxy', 60_000, 1_000_000, 60_000, 'address');
      }
      expect(last).toMatchObject({ totalHits: 200_000, isBlocked: false });
      jest.advanceTimersByTime(60_000);
      expect(
        await counts.increment('address:proxy', 60_000, 1_000_000, 60_000, 'address'),
      ).toMatchObject({ totalHits: 1 });
    } finally {
      counts.onApplicationShutdown();
    }
  });
});
