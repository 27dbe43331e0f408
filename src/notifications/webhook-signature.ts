import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The header carrying the signature of a delivery. */
export const SIGNATURE_HEADER = 'X-Marketplace-Signature';
/** The header naming the event type. */
export const EVENT_HEADER = 'X-Marketplace-Event';
/** The header carrying the delivery's id: the same on every retry, for receivers to de-duplicate. */
export const DELIVERY_HEADER = 'X-Marketplace-Delivery';
/** The header numbering the attempt (1 for the first). */
export const ATTEMPT_HEADER = 'X-Marketplace-Attempt';

/** A new webhook secret: 32 random bytes, prefixed so that it is recognisable in a leak scan. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

function hmac(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/**
 * The signature header's value: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
 * Signing the timestamp with the body lets a receiver refuse replays of old deliveries.
 */
export function signatureHeader(secret: string, body: string, at: Date): string {
  const timestamp = Math.floor(at.getTime() / 1000);
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;
}

/**
 * Whether `header` is a valid signature of `body` made within `toleranceSeconds` of `now`:
 * what a receiver does (the README shows the same in a few lines).
 */
export function verifySignature(
  secret: string,
  body: string,
  header: string,
  now = new Date(),
  toleranceSeconds = 300,
): boolean {
  const parts = new Map(
    header.split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const timestamp = Number(parts.get('t'));
  const given = parts.get('v1') ?? '';
  if (!Number.isInteger(timestamp) || !/^[0-9a-f]{64}$/.test(given)) return false;
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return false;
  return timingSafeEqual(
    Buffer.from(hmac(secret, timestamp, body), 'hex'),
    Buffer.from(given, 'hex'),
  );
}
