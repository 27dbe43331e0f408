import {
  isDelivered,
  MAX_RETRY_DELAY_MS,
  retryDelayMs,
  webhookUrlProblem,
} from './delivery-policy';

describe('retry delays', () => {
  it('doubles from the base after each failure, with at most 10% jitter, capped at an hour', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 1000, () => 0))).toEqual([
      1000, 2000, 4000, 8000,
    ]);
    expect(retryDelayMs(3, 1000, () => 1)).toBe(4400);
    expect(retryDelayMs(40, 1000, () => 0)).toBe(MAX_RETRY_DELAY_MS);
  });

  it('counts only a 2xx answer as delivered (redirects are not followed)', () => {
    expect([200, 204, 299].every(isDelivered)).toBe(true);
    expect([null, 199, 301, 400, 410, 500].some(isDelivered)).toBe(false);
  });
});

describe('webhook URLs', () => {
  it('accepts https to a public host everywhere', () => {
    for (const env of ['production', 'development', 'test'] as const) {
      expect(webhookUrlProblem('https://hooks.example.org/marketplace?k=1', env)).toBeUndefined();
    }
  });

  it('accepts plain http to this machine in development and tests only', () => {
    for (const url of [
      'http://localhost:4000/x',
      'http://127.0.0.1:4000/x',
      'http://[::1]:4000/',
    ]) {
      expect(webhookUrlProblem(url, 'test')).toBeUndefined();
      expect(webhookUrlProblem(url, 'development')).toBeUndefined();
      expect(webhookUrlProblem(url, 'production')).toMatch(/https/);
    }
    expect(webhookUrlProblem('http://example.org/x', 'development')).toMatch(/https/);
  });

  it('refuses local and private addresses in production', () => {
    for (const host of [
      'localhost',
      '127.0.0.1',
      '10.1.2.3',
      '192.168.0.1',
      '172.20.0.1',
      '169.254.169.254',
      '[::1]',
      '[fd00::1]',
      'db.internal',
    ]) {
      expect(webhookUrlProblem(`https://${host}/x`, 'production')).toMatch(/public/);
    }
    expect(webhookUrlProblem('https://172.32.0.1/x', 'production')).toBeUndefined();
  });

  it('refuses what is not a plain URL', () => {
    for (const url of [
      'not a url',
      'ftp://example.org/x',
      'https://u:p@example.org/x',
      'https://example.org/#x',
      `https://example.org/${'a'.repeat(2000)}`,
    ]) {
      expect(webhookUrlProblem(url, 'production')).toBeDefined();
    }
  });
});
