import {
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';
import {
  callersValueProblem,
  DUPLICATE_MESSAGE,
  duplicateProblem,
  isDatabaseUnavailable,
} from './database-errors';

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
      // A transaction's next query after TypeORM let its failed connection go.
      new QueryRunnerAlreadyReleasedError(),
      new QueryRunnerProviderAlreadyReleasedError(),
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

describe('duplicateProblem', () => {
  const unique = (constraint?: string) =>
    failed(
      Object.assign(pgError('duplicate key value violates unique constraint', '23505'), {
        constraint,
        detail: 'Key (name)=(secret) already exists.',
      }),
    );

  it('names what a known unique index guards, in words', () => {
    expect(duplicateProblem(unique('organisation_name_lower_key'))).toBe(
      'An organisation with this name already exists',
    );
    expect(duplicateProblem(unique('PK_fb7f86c72a96cf2d5d1a47c8c2c'))).toContain('budget');
  });

  it('says only that it duplicates a record for an index it does not know', () => {
    expect(duplicateProblem(unique('some_new_key'))).toBe(DUPLICATE_MESSAGE);
    expect(duplicateProblem(unique())).toBe(DUPLICATE_MESSAGE);
  });

  it('leaves every other error alone', () => {
    expect(duplicateProblem(failed(pgError('check violated', '23514')))).toBeUndefined();
    expect(duplicateProblem(new Error('boom'))).toBeUndefined();
  });
});
