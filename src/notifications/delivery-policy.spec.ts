import {
  answerFailure,
  ATTEMPT_FAILURES,
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

describe('recorded failures', () => {
  it("name the status of an answer only by its standard name, never the receiver's words", () => {
    expect(answerFailure(500)).toBe('The receiver answered 500 Internal Server Error');
    expect(answerFailure(302)).toBe('The receiver answered 302 Found');
    expect(answerFailure(599)).toBe('The receiver answered 599');
  });

  it('say nothing about the network (no error codes, addresses or ports)', () => {
    for (const words of Object.values(ATTEMPT_FAILURES)) {
      expect(words).not.toMatch(/\bE[A-Z]{3,}\b/);
      expect(words).not.toMatch(/\d|ssl|tls|refused|reset/i);
    }
  });
});

describe('webhook URLs', () => {
  it('accepts https to a public host everywhere', () => {
    for (const env of ['production', 'development', 'test'] as const) {
      expect(webhookUrlProblem('https://hooks.example.org/marketplace?k=1', env)).toBeUndefined();
    }
  });

  it('leaves plain http outside production to the address check (listed hosts only)', () => {
    for (const url of [
      'http://localhost:4000/x',
      'http://127.0.0.1:4000/x',
      'http://[::1]:4000/',
    ]) {
      expect(webhookUrlProblem(url, 'test')).toBeUndefined();
      expect(webhookUrlProblem(url, 'development')).toBeUndefined();
      expect(webhookUrlProblem(url, 'production')).toMatch(/https/);
    }
    expect(webhookUrlProblem('ftp://example.org/x', 'development')).toMatch(/https/);
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
