import {
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';

/** PostgreSQL's SQLSTATE of a failed query, when there is one. */
export function sqlState(error: unknown): string | undefined {
  const driverError: unknown = error instanceof QueryFailedError ? error.driverError : error;
  const code = (driverError as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * A query's failure through `pg` directly, as TypeORM reports a failed query (QueryFailedError),
 * so that the error formatters treat it alike.
 */
export function asQueryFailed(sql: string, parameters: unknown[], error: unknown): unknown {
  if (error instanceof QueryFailedError || error === null || typeof error !== 'object')
    return error;
  return new QueryFailedError(sql, parameters, error as Error);
}

const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|connection error|not currently accepting connections|timeout exceeded when trying to connect|the database system is (starting up|shutting down)|Client was closed/i;

/**
 * True when a request failed because the database could not be reached or dropped its
 * connection (a restart, a failover, connections killed by an administrator), rather than
 * because of the request: the client may retry. PostgreSQL's connection exceptions (class 08),
 * administrator and crash shutdowns (57P01-57P03), too many connections (53300), and the
 * driver's own connection failures (and TypeORM's, once it has let such a connection go).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  // TypeORM releases a transaction's connection when the connection fails; the transaction's
  // next query then finds it released (through the query runner, or through its manager).
  if (
    error instanceof QueryRunnerAlreadyReleasedError ||
    error instanceof QueryRunnerProviderAlreadyReleasedError
  ) {
    return true;
  }
  const code = sqlState(error);
  if (code && (code.startsWith('08') || /^57P0[123]$/.test(code) || code === '53300')) return true;
  if (code && UNAVAILABLE_NODE_CODES.has(code)) return true;
  const driverError: unknown = error instanceof QueryFailedError ? error.driverError : error;
  const message = driverError instanceof Error ? driverError.message : '';
  return UNAVAILABLE_MESSAGES.test(message);
}

export const DATABASE_UNAVAILABLE_MESSAGE =
  'The database is unavailable for a moment: try again shortly';

/**
 * PostgreSQL's data exceptions that only a caller's value can cause, with what to tell them:
 * text where a typed value was expected (an id that is not a UUID), characters PostgreSQL text
 * cannot hold (NUL), a date or time out of its range. The caller's mistake, whichever query the
 * value reached (the transaction is rolled back).
 */
const CALLERS_VALUES: Record<string, string> = {
  '22P02': 'A value is not in the expected format (an id must be a UUID)',
  '22021': 'A text value contains a character that cannot be stored (such as a NUL)',
  '22P05': 'A text value contains a character that cannot be stored (such as a NUL)',
  '22008': 'A date or time is out of range',
};

/** The message for a database error caused by a value the caller sent, if it is one. */
export function callersValueProblem(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const code = sqlState(error);
  return code ? CALLERS_VALUES[code] : undefined;
}

/** True when a statement broke the named unique constraint or index (SQLSTATE 23505). */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const driverError: unknown = error instanceof QueryFailedError ? error.driverError : error;
  return (
    sqlState(error) === '23505' &&
    (driverError as { constraint?: unknown } | null)?.constraint === constraint
  );
}

/**
 * What each unique index or key guards, in words a caller can act on. Never PostgreSQL's own
 * detail, which quotes the values (a name, an email, a key).
 */
const DUPLICATES: Record<string, string> = {
  organisation_name_lower_key: 'An organisation with this name already exists',
  organisation_charity_number_key: 'An organisation with this charity number already exists',
  organisation_company_number_key: 'An organisation with this company number already exists',
  intervention_price_version_key: 'The listing already has a price version starting on this date',
  referral_idempotency_key: 'This idempotency key was already used',
  outcome_referral_key: 'An outcome is already recorded for this referral',
  REL_49ae22550a643355f0821ec534: 'An outcome is already recorded for this referral',
  end_of_service_report_referral_key:
    'An end-of-service report is already submitted for this referral',
  REL_8d3666dfd1b3981a1b9d32af1e: 'An end-of-service report is already submitted for this referral',
  framework_application_open_key: 'The applicant already has an open application',
  action_plan_referral_version_key:
    'Someone changed this action plan at the same moment: reload and try again',
  desired_outcome_factor_position_key: 'Another desired outcome of the factor has this position',
  webhook_delivery_event_key: 'The event is already queued for this webhook',
  PK_fb7f86c72a96cf2d5d1a47c8c2c:
    "Someone set this division's budget for the year at the same moment: reload and try again",
  PK_3808300e746d0d911b8c4efc87d: 'The person is already a member of the organisation',
  PK_07fa3eee783454c6c92f908095d: 'The organisation already has this declaration',
};

export const DUPLICATE_MESSAGE = 'This duplicates a record that already exists';

/**
 * For a unique violation (SQLSTATE 23505, whichever query raised it: typically two requests
 * racing past the service's own check), what was duplicated, in words; undefined otherwise.
 */
export function duplicateProblem(error: unknown): string | undefined {
  if (sqlState(error) !== '23505') return undefined;
  const driverError: unknown = error instanceof QueryFailedError ? error.driverError : error;
  const constraint = (driverError as { constraint?: unknown } | null)?.constraint;
  return (typeof constraint === 'string' && DUPLICATES[constraint]) || DUPLICATE_MESSAGE;
}

/**
 * A failed query for the log: its SQLSTATE and PostgreSQL's message with every quoted value
 * replaced (`invalid input syntax for type uuid: "X123456"`), never its parameters or detail.
 */
export function describeDatabaseError(error: Error): string {
  const stack = (error.stack ?? '').split('\n').slice(1).join('\n');
  return `Database error ${sqlState(error) ?? 'without SQLSTATE'}: ${withoutQuotedValues(error.message)}\n${stack}`;
}

/** PostgreSQL's message with the values it quotes replaced; names of tables, columns... kept. */
export function withoutQuotedValues(message: string): string {
  return message
    .replace(
      /(\b(?:relation|column|constraint|table|index|function|type|schema)\s+)?"(?:[^"]|"")*"/g,
      (quoted, name?: string) => (name ? quoted : '"…"'),
    )
    .replace(/'(?:[^']|'')*'/g, "'…'")
    .slice(0, 500);
}
