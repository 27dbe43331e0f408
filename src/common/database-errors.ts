import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';

/** PostgreSQL's SQLSTATE of a failed query, when there is one. */
export function sqlState(error: unknown): string | undefined {
  const driverError: unknown = error instanceof QueryFailedError ? error.driverError : error;
  const code = (driverError as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
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
  // next query then finds it released.
  if (error instanceof QueryRunnerAlreadyReleasedError) return true;
  const code = sqlState(error);
  if (code && (code.startsWith('08') || /^57P0[123]$/.test(code) || code === '53300')) return true;
  if (code && UNAVAILABLE_NODE_CODES.has(code)) return true;
  const driverError: unknown = error instanceof QueryFailedError ? error.driverError : error;
  const message = driverError instanceof Error ? driverError.message : '';
  return UNAVAILABLE_MESSAGES.test(message);
}

export const DATABASE_UNAVAILABLE_MESSAGE =
  'The database is unavailable for a moment: try again shortly';
