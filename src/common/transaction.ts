import { DataSource, EntityManager } from 'typeorm';
import { sqlState } from './database-errors';
import { ConflictError } from './errors';

/**
 * SQLSTATEs that mean "this transaction lost a race, nothing it did was kept": a deadlock
 * (40P01, PostgreSQL chose it as the victim) and a serialisation failure (40001). Running the
 * whole transaction again is safe and usually succeeds.
 */
const RETRYABLE = new Set(['40P01', '40001']);

/**
 * A race the database cannot see, lost: something the transaction chose before locking it (a
 * funding pot with enough left) was taken by another meanwhile. Nothing it did is kept; running
 * it again from the start chooses again.
 */
export class LostRaceError extends Error {}

export function isRetryableConflict(error: unknown): boolean {
  if (error instanceof LostRaceError) return true;
  const code = sqlState(error);
  return code !== undefined && RETRYABLE.has(code);
}

export interface RetryOptions {
  /** How many times to run the work again after a retryable failure (so retries + 1 attempts). */
  retries?: number;
  /** The first backoff; each retry doubles it, jittered by ±50%. */
  baseDelayMs?: number;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Thrown when every attempt met a deadlock or serialisation failure: the caller may resend. */
export class TooMuchContentionError extends ConflictError {
  constructor() {
    super(
      'Other changes to the same records kept getting in the way: nothing was changed, send it again',
      'TRY_AGAIN',
    );
  }
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` and, when it fails with a deadlock, a serialisation failure or a LostRaceError,
 * runs it again after a short jittered pause, at most `retries` more times; then gives up with
 * CONFLICT (TRY_AGAIN), never a 500. Any other error is thrown at once. `work` must be a whole transaction: a retry
 * starts from nothing.
 */
export async function retrying<T>(
  work: (attempt: number) => Promise<T>,
  { retries = 3, baseDelayMs = 10, sleep = pause, random = Math.random }: RetryOptions = {},
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work(attempt);
    } catch (error) {
      if (!isRetryableConflict(error)) throw error;
      if (attempt >= retries) throw new TooMuchContentionError();
      await sleep(baseDelayMs * 2 ** attempt * (0.5 + random()));
    }
  }
}

/**
 * One use case's transaction, run again (a bounded number of times) when PostgreSQL aborts it
 * for a deadlock or a serialisation failure.
 */
export function inTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  options?: RetryOptions,
): Promise<T> {
  return retrying(() => dataSource.transaction(work), options);
}
