import { HttpException, Logger } from '@nestjs/common';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { QueryFailedError } from 'typeorm';
import {
  callersValueProblem,
  DATABASE_UNAVAILABLE_MESSAGE,
  duplicateProblem,
  describeDatabaseError,
  isDatabaseUnavailable,
} from './database-errors';
import { DomainError, errorCodeOfStatus, reasonOfHttpCode } from './errors';

const logger = new Logger('GraphQL');

/** Apollo's own codes for a request the client got wrong. */
const CLIENT_MISTAKES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * Apollo's automatic persisted queries: the client sends a hash, and on PERSISTED_QUERY_NOT_FOUND
 * (message `PersistedQueryNotFound`) sends the document again with it. Apollo Client's persisted
 * query link looks for exactly these, so they pass through unchanged.
 */
const PERSISTED_QUERY_CODES = new Set([
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/** graphql-js's hints at names the caller may have meant. */
export function withoutSuggestions(message: string): string {
  return message.replace(/ ?Did you mean [^?]*\?/g, '');
}

/** graphql-js's token limit message (with its typo) in plain words. */
function clearer(message: string): string {
  const tokens = /Document contains more that (\d+) tokens/.exec(message);
  return tokens
    ? `The document has more than ${tokens[1]} tokens (GRAPHQL_MAX_TOKENS): ask for less at once.`
    : message;
}

/**
 * Maps every error to one of the documented `extensions.code` values. Domain errors keep their
 * message (and field errors); anything unexpected is logged and reported as a bare
 * INTERNAL_SERVER_ERROR, with its stack only when `exposeDetails` (development).
 */
export function formatGraphQLError(
  formatted: GraphQLFormattedError,
  error: unknown,
  exposeDetails: boolean,
): GraphQLFormattedError {
  const original =
    error instanceof GraphQLError && error.originalError ? error.originalError : error;
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

  if (original instanceof DomainError) {
    const fieldErrors = 'fieldErrors' in original ? original.fieldErrors : undefined;
    return {
      ...base,
      message: original.message,
      extensions: { code: original.code, reason: original.reason, fieldErrors },
    };
  }
  const httpCode =
    original instanceof HttpException && original.getStatus() < 500
      ? errorCodeOfStatus(original.getStatus())
      : undefined;
  if (original instanceof HttpException && httpCode) {
    const reason = reasonOfHttpCode(httpCode);
    return { ...base, message: original.message, extensions: { code: httpCode, reason } };
  }
  // A value the caller typed reached a typed column (an id that is not a UUID, a NUL in text).
  const valueProblem = callersValueProblem(original);
  if (valueProblem) {
    return {
      ...base,
      message: valueProblem,
      extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_INPUT' },
    };
  }
  // Two requests raced past a service's own check: the unique index decided, not a bug.
  const duplicate = duplicateProblem(original);
  if (duplicate) {
    return { ...base, message: duplicate, extensions: { code: 'CONFLICT', reason: 'DUPLICATE' } };
  }
  if (isDatabaseUnavailable(original)) {
    logger.warn(`Database unavailable: ${original instanceof Error ? original.message : ''}`);
    return {
      ...base,
      message: DATABASE_UNAVAILABLE_MESSAGE,
      extensions: { code: 'SERVICE_UNAVAILABLE', reason: 'DATABASE_UNAVAILABLE' },
    };
  }
  const apolloCode = formatted.extensions?.code;
  if (typeof apolloCode === 'string' && PERSISTED_QUERY_CODES.has(apolloCode)) {
    return { ...base, extensions: { code: apolloCode } };
  }
  if (typeof apolloCode === 'string' && CLIENT_MISTAKES.has(apolloCode)) {
    // Outside development no "Did you mean ...?" (it would reveal the schema without
    // introspection); Apollo strips it from validation errors, this from variables' errors too.
    const message = clearer(exposeDetails ? base.message : withoutSuggestions(base.message));
    return { ...base, message, extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_INPUT' } };
  }

  // PostgreSQL's own words quote the values they failed on (a CRN, a name): never sent to the
  // client, development included, and logged with the quoted values left out.
  if (original instanceof QueryFailedError) {
    logger.error(describeDatabaseError(original));
    return {
      ...base,
      message: 'Internal server error (a database error; the service log has its SQLSTATE)',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  }

  logger.error(original instanceof Error ? (original.stack ?? original.message) : String(original));
  return {
    ...base,
    message: exposeDetails ? formatted.message : 'Internal server error',
    extensions: {
      code: 'INTERNAL_SERVER_ERROR',
      ...(exposeDetails && original instanceof Error
        ? { stacktrace: original.stack?.split('\n') }
        : {}),
    },
  };
}
