import { createHmac } from 'node:crypto';
import { newWebhookSecret, signatureHeader, verifySignature } from './webhook-signature';

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body = '{"type":"REFERRAL_SENT"}';
  const at = new Date('2026-06-01T12:00:00Z');

  it('signs the timestamp and the raw body with HMAC-SHA256, as the README documents', () => {
    const t = at.getTime() / 1000;
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(signatureHeader(secret, body, at)).toEqual(`t=${t},v1=${expected}`);
  });

  it('verifies its own signature within the tolerance, and nothing else', () => {
    const header = signatureHeader(secret, body, at);
    const later = new Date(at.getTime() + 299_000);
    expect(verifySignature(secret, body, header, later)).toBe(true);
    expect(verifySignature(secret, `${body} `, header, later)).toBe(false);
    expect(verifySignature('whsec_other', body, header, later)).toBe(false);
    expect(verifySignature(secret, body, header, new Date(at.getTime() + 301_000))).toBe(false);
    expect(verifySignature(secret, body, 'garbage', later)).toBe(false);
    expect(verifySignature(secret, body, header.replace(/v1=.{4}/, 'v1=0000'), later)).toBe(false);
  });

  it('makes a different, unguessable secret each time', () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[\w-]{43}$/);
    expect(newWebhookSecret()).not.toEqual(a);
  });
});
