import { pathOnly, privateError, withoutCrns } from './logging.module';

describe('what the log keeps of a request', () => {
  it('keeps a path without its query string', () => {
    expect(pathOnly('/graphql?query=%7B%20referrals(filter%3A%7Bcrn%3A%22X123456%22%7D)')).toBe(
      '/graphql',
    );
    expect(pathOnly('/oruk/services')).toBe('/oruk/services');
    expect(pathOnly(undefined)).toBeUndefined();
  });

  it('replaces anything shaped like a CRN', () => {
    expect(withoutCrns('{"msg":"crn X123456 and Y654321, not AB123456 or X1234567"}')).toBe(
      '{"msg":"crn [CRN] and [CRN], not AB123456 or X1234567"}',
    );
  });

  it('keeps a failed query without its parameters or the values PostgreSQL quotes', () => {
    const logged = privateError({
      type: 'QueryFailedError',
      message: 'invalid input syntax for type uuid: "X123456"',
      stack: 'QueryFailedError: invalid input syntax for type uuid: "X123456"\n    at query',
      query: 'SELECT 1 WHERE id = $1',
      parameters: ['X123456'],
      driverError: { code: '22P02', detail: 'X123456' },
    });
    expect(logged).toEqual({
      type: 'QueryFailedError',
      code: '22P02',
      message: 'invalid input syntax for type uuid: "…"',
      stack: 'QueryFailedError: invalid input syntax for type uuid: "…"\n    at query',
    });
    const other = { type: 'TypeError', message: 'x is undefined', stack: 'TypeError: ...' };
    expect(privateError(other)).toBe(other);
  });
});
