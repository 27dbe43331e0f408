import { Logger } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { QueryFailedError } from 'typeorm';
import { BadUserInputError, ConflictError } from './errors';
import { describeDatabaseError } from './database-errors';
import { formatGraphQLError, withoutSuggestions } from './graphql-errors';

const formatted = (error: GraphQLError) => error.toJSON();

describe('formatGraphQLError', () => {
  beforeAll(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));

  it('keeps a domain error message, code and field errors', () => {
    const original = new BadUserInputError('The input is not valid', [
      { field: 'input.title', message: 'too long' },
    ]);
    const error = new GraphQLError('x', { originalError: original });
    expect(formatGraphQLError(formatted(error), error, false).extensions).toEqual({
      code: 'BAD_USER_INPUT',
      reason: 'INVALID_INPUT',
      fieldErrors: [{ field: 'input.title', message: 'too long' }],
    });
    const conflict = new GraphQLError('x', {
      originalError: new ConflictError('No places left', 'NO_PLACES_LEFT'),
    });
    expect(formatGraphQLError(formatted(conflict), conflict, false)).toMatchObject({
      message: 'No places left',
      extensions: { code: 'CONFLICT', reason: 'NO_PLACES_LEFT' },
    });
  });

  it('hides an unexpected error behind INTERNAL_SERVER_ERROR outside development', () => {
    const error = new GraphQLError('relation "x" does not exist', {
      originalError: new Error('relation "x" does not exist'),
    });
    const result = formatGraphQLError(formatted(error), error, false);
    expect(result.message).toBe('Internal server error');
    expect(result.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  });

  it('shows the stack of an unexpected error in development', () => {
    const error = new GraphQLError('boom', { originalError: new Error('boom') });
    const result = formatGraphQLError(formatted(error), error, true);
    expect(result.extensions).toMatchObject({
      code: 'INTERNAL_SERVER_ERROR',
      stacktrace: expect.any(Array),
    });
  });

  it("maps Apollo's validation codes to BAD_USER_INPUT", () => {
    const error = new GraphQLError('Cannot query field', {
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    expect(formatGraphQLError(formatted(error), error, false).extensions).toEqual({
      code: 'BAD_USER_INPUT',
      reason: 'INVALID_INPUT',
    });
  });

  it('answers a unique violation as CONFLICT/DUPLICATE naming what, never the stored values', () => {
    const driverError = Object.assign(new Error('duplicate key value violates unique constraint'), {
      code: '23505',
      constraint: 'organisation_name_lower_key',
      detail: 'Key (lower(name))=(acme secret ltd) already exists.',
    });
    const error = new GraphQLError('x', {
      originalError: new QueryFailedError('INSERT ...', [], driverError),
    });
    const result = formatGraphQLError(formatted(error), error, false);
    expect(result).toMatchObject({
      message: 'An organisation with this name already exists',
      extensions: { code: 'CONFLICT', reason: 'DUPLICATE' },
    });
    expect(JSON.stringify(result)).not.toContain('acme');
  });

  it('drops graphql-js suggestions of names', () => {
    expect(
      withoutSuggestions(
        'Value "CHARITEE" does not exist in "OrganisationKind" enum. Did you mean the enum value "CHARITY"?',
      ),
    ).toBe('Value "CHARITEE" does not exist in "OrganisationKind" enum.');
    expect(withoutSuggestions('Cannot query field "divisons" on type "Query".')).toBe(
      'Cannot query field "divisons" on type "Query".',
    );
  });
});

describe('database errors', () => {
  const failed = (message: string, code: string) =>
    new QueryFailedError(
      'SELECT 1 WHERE crn = $1',
      ['X123456'],
      Object.assign(new Error(message), { code }),
    );

  it('are never shown to the client, in development either', () => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const original = failed('invalid input syntax for type timestamp with time zone: "1"', '22007');
    const error = new GraphQLError(original.message, { originalError: original });
    const result = formatGraphQLError(formatted(error), error, true);
    expect(result.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(JSON.stringify(result)).not.toMatch(/syntax|timestamp|SELECT/);
  });

  it('are logged with their SQLSTATE, without the values they quote or the parameters', () => {
    const text = describeDatabaseError(
      failed('invalid input syntax for type uuid: "X123456"', '22P02'),
    );
    expect(text).toMatch(/^Database error 22P02: invalid input syntax for type uuid: "…"/);
    expect(text).not.toContain('X123456');
    expect(describeDatabaseError(failed('relation "referral" does not exist', '42P01'))).toContain(
      'relation "referral" does not exist',
    );
  });
});
