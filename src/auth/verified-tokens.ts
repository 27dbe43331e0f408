import { Caller } from './caller';

/**
 * How long a verified token is taken on trust before it is verified again, at most: as long as
 * jose keeps an identity provider's key set (`createRemoteJWKSet`'s `cacheMaxAge`, 10 minutes),
 * so a key withdrawn from the set stops working about as soon as it did without this cache.
 */
export const VERIFIED_TOKEN_MAX_AGE_MS = 10 * 60_000;

/** How many verified tokens are kept (the least recently used goes first). */
export const VERIFIED_TOKENS_KEPT = 10_000;

/**
 * Tokens already verified, by their exact text, with the caller each names: a client sends the
 * same token with every request until it expires, and checking its signature each time costs
 * CPU for nothing. An entry is used until the token's `exp` (never beyond, and never past
 * VERIFIED_TOKEN_MAX_AGE_MS after it was verified); at most `capacity` entries, least recently
 * used dropped first. Only successful verifications are kept: a refused token is checked again.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { caller: Caller; untilMs: number }>();

  constructor(
    private readonly capacity = VERIFIED_TOKENS_KEPT,
    private readonly maxAgeMs = VERIFIED_TOKEN_MAX_AGE_MS,
  ) {}

  /** The caller a token was verified as, while its entry lasts. */
  get(token: string, nowMs: number): Caller | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (nowMs >= entry.untilMs) {
      this.entries.delete(token);
      return undefined;
    }
    // Most recently used last (a Map keeps insertion order).
    this.entries.delete(token);
    this.entries.set(token, entry);
    return entry.caller;
  }

  /** Keeps a verified token until its `exp` (seconds since the epoch) or the maximum age. */
  set(token: string, caller: Caller, expSeconds: number, nowMs: number): void {
    const untilMs = Math.min(expSeconds * 1000, nowMs + this.maxAgeMs);
    if (!(untilMs > nowMs)) return;
    this.entries.delete(token);
    this.entries.set(token, { caller, untilMs });
    while (this.entries.size > this.capacity) {
      this.entries.delete(this.entries.keys().next().value!);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
