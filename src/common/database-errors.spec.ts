import { QueryFailedError } from 'typeorm';
import { callersValueProblem, isDatabaseUnavailable } from './database-errors';

const failed = (driverError: Error & { code?: string }) =>
  new QueryFailedError('SELECT 1', [], driverError);
const pgError = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it('recognises a dropped or refused connection', () => {
    for (const error of [
      failed(pgError('terminating connection due to administrator command', '57P01')),
      failed(pgError('connection failure', '08006')),
      pgError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      new Error('Connection terminated unexpectedly'),
      pgError('database "x" is not currently accepting connections', '55000'),
    ]) {
      expect(isDatabaseUnavailable(error)).toBe(true);
    }
  });

  it('leaves the request’s own mistakes and bugs alone', () => {
    for (const error of [
      failed(pgError('invalid input syntax for type uuid', '22P02')),
      failed(pgError('duplicate key value violates unique constraint', '23505')),
      new Error('Cannot read properties of undefined'),
      'text',
    ]) {
      expect(isDatabaseUnavailable(error)).toBe(false);
    }
  });
});

describe('callersValueProblem', () => {
  it('names the caller’s value that PostgreSQL refused, and nothing else', () => {
    expect(
      callersValueProblem(failed(pgError('invalid byte sequence for encoding', '22021'))),
    ).toMatch(/NUL/);
    expect(
      callersValueProblem(failed(pgError('invalid input syntax for type uuid', '22P02'))),
    ).toMatch(/UUID/);
    expect(
      callersValueProblem(failed(pgError('relation "x" does not exist', '42P01'))),
    ).toBeUndefined();
    expect(callersValueProblem(new Error('x'))).toBeUndefined();
  });
});
