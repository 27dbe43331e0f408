import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { QueryRunner } from 'typeorm';
import { PrivateQueryLogger } from './query-logger';

/** The response header that carries the count. */
export const SQL_STATEMENTS_HEADER = 'x-sql-statements';

const requestStatements = new AsyncLocalStorage<{ count: number }>();

/**
 * The service's query logger (failed queries, without parameters) that also counts every statement sent to the
 * database (transaction control included) against the HTTP request it runs for. Installed only
 * when SQL_STATEMENT_COUNT is on, for the benchmarks: it costs nothing otherwise.
 */
export class StatementCountingLogger extends PrivateQueryLogger {
  override logQuery(_query: string, _parameters?: unknown, _queryRunner?: QueryRunner): void {
    const store = requestStatements.getStore();
    if (store) store.count += 1;
  }
}

/** Counts statements sent outside TypeORM (the reports' own pool) against the current request. */
export function countStatements(n: number): void {
  const store = requestStatements.getStore();
  if (store) store.count += n;
}

/**
 * Express middleware: runs the rest of the request in its own count, and writes the count as a
 * header when the response's headers go out (after the resolvers, before the body).
 */
export function countSqlStatements(
  _req: IncomingMessage,
  res: ServerResponse,
  next: () => void,
): void {
  const store = { count: 0 };
  const writeHead = res.writeHead;
  const countingWriteHead = function (this: ServerResponse, ...args: unknown[]): ServerResponse {
    if (!this.headersSent) this.setHeader(SQL_STATEMENTS_HEADER, String(store.count));
    return Reflect.apply(writeHead, this, args) as ServerResponse;
  };
  res.writeHead = countingWriteHead;
  requestStatements.run(store, next);
}
