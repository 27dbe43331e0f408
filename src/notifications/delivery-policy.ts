import { isIP } from 'node:net';
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

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Loopback, private, link-local and unspecified addresses: never a receiver in production. */
function isInternalAddress(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal'))
    return true;
  if (isIP(host) === 4) {
    const [a, b] = host.split('.').map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  if (isIP(host) === 6) {
    return (
      host === '::' ||
      host === '::1' ||
      /^f[cd]/.test(host) ||
      /^fe[89ab]/.test(host) ||
      host.startsWith('::ffff:')
    );
  }
  return false;
}

/**
 * Why a receiver's URL is refused, or undefined when it is acceptable: HTTPS to a public host;
 * in development and tests also plain HTTP to this machine (a local receiver).
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
  const local = LOCAL_HOSTS.has(parsed.hostname);
  const relaxed = nodeEnv === 'development' || nodeEnv === 'test';
  if (parsed.protocol === 'http:' && relaxed && local) return undefined;
  if (parsed.protocol !== 'https:') {
    return relaxed
      ? 'url must use https (plain http only to localhost or 127.0.0.1 in development)'
      : 'url must use https';
  }
  if (!relaxed && isInternalAddress(parsed.hostname)) {
    return 'url must be a public address, not a local or private one';
  }
  return undefined;
}
