import { STATUS_CODES } from 'node:http';
import { NodeEnv } from '../config/app-config';

/** The longest wait between two attempts, however many have failed. */
export const MAX_RETRY_DELAY_MS = 3_600_000;

/**
 * How long to wait before attempt `failedAttempts + 1`: the base, doubled for each failure
 * after the first, capped at an hour, plus up to 10% jitter so that receivers coming back after
 * an outage are not hit by every sender at the same instant.
 */
export function retryDelayMs(failedAttempts: number, baseMs: number, random = Math.random): number {
  const exponential = Math.min(baseMs * 2 ** Math.max(0, failedAttempts - 1), MAX_RETRY_DELAY_MS);
  return Math.round(exponential * (1 + 0.1 * random()));
}

/** Whether a receiver's answer counts as delivered: any 2xx (redirects are not followed). */
export function isDelivered(httpStatus: number | null): boolean {
  return httpStatus !== null && httpStatus >= 200 && httpStatus < 300;
}

/**
 * Every way an attempt is recorded as failed, in words that say nothing about the network behind
 * the receiver's address (no error codes: ECONNREFUSED against ECONNRESET would tell a caller
 * which ports are open, TLS errors what answers there).
 */
export const ATTEMPT_FAILURES = {
  ADDRESS_NOT_ALLOWED: 'Address not allowed: the receiver is not at a public address',
  COULD_NOT_CONNECT: 'Could not connect to the receiver',
  TIMED_OUT: 'The receiver did not answer in time',
} as const;

/** What is recorded for a receiver's answer that is not a 2xx: the status and its standard name only. */
export function answerFailure(httpStatus: number): string {
  const name = STATUS_CODES[httpStatus];
  return `The receiver answered ${httpStatus}${name ? ` ${name}` : ''}`;
}

/**
 * Why a receiver's URL is refused before its host is looked up, or undefined when its form is
 * acceptable: an absolute https URL (outside production also plain http, which the address
 * check then allows only to hosts listed in WEBHOOK_ALLOWED_HOSTS), no credentials, no fragment.
 */
export function webhookUrlProblem(url: string, nodeEnv: NodeEnv): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'url must be an absolute URL, e.g. https://example.org/hooks/marketplace';
  }
  if (url.length > 2000) return 'url must be at most 2,000 characters';
  if (parsed.username || parsed.password) return 'url must not carry a user name or password';
  if (parsed.hash) return 'url must not have a #fragment';
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol === 'http:' && nodeEnv !== 'production') return undefined;
  return nodeEnv === 'production'
    ? 'url must use https'
    : 'url must use https (plain http only to a host listed in WEBHOOK_ALLOWED_HOSTS)';
}
