import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { Pool, PoolClient } from 'pg';
import { asQueryFailed, sqlState, withoutQuotedValues } from '../common/database-errors';
import { Clock } from '../common/clock';
import { ServiceUnavailableError } from '../common/errors';
import { AppConfig } from '../config/app-config';
import { DatabaseServer } from './database-server';
import { Semaphore } from './semaphore';
import type { PoolCounts } from '../metrics/metrics.service';
import { countStatements } from './sql-statement-counter';

/**
 * Where a read runs: the reporting pool (`ReportingDatabase`) or the service's own database (a
 * TypeORM DataSource or EntityManager), for reads that serve both reports and purchases.
 */
export interface SqlReader {
  query<T>(sql: string, parameters?: unknown[]): Promise<T>;
}

/** How the reports' connections name themselves to PostgreSQL (pg_stat_activity). */
export const REPORTING_APPLICATION_NAME = 'marketplace-reporting';

/** How long a report waits for a turn when REPORTS_MAX_CONCURRENT are running. */
const TURN_WAIT_MS = 5_000;

/** PostgreSQL's "canceling statement due to statement timeout". */
const QUERY_CANCELED = '57014';

export class ReportTimedOutError extends ServiceUnavailableError {
  constructor(limitMs: number) {
    super(
      `The report took longer than its limit of ${limitMs} ms and was stopped: narrow it (a division, an area, a shorter period) or try again later`,
      'REPORT_TIMED_OUT',
    );
  }
}

export class ReportsBusyError extends ServiceUnavailableError {
  constructor() {
    super(
      'Too many reports are running or waiting at the moment: try again shortly',
      'REPORTS_BUSY',
    );
  }
}

/**
 * Where the commissioners' reports run: a pool of their own (REPORTING_POOL_SIZE connections to
 * REPORTING_DATABASE_URL, a read replica, or else the service's own database), never the
 * purchases' pool, so a slow report cannot hold the connections a purchase needs. Each report
 * runs in a read-only transaction with a statement timeout (REPORT_STATEMENT_TIMEOUT_MS) and, on
 * the service's own database, without parallel workers (one core each), and at most
 * REPORTS_MAX_CONCURRENT run at once. The same report asked again within
 * REPORT_CACHE_SECONDS (same SQL, same parameters: the same scope, period and filters) gets the
 * same answer without running again, and identical reports asked while one runs wait for it:
 * a dashboard many commissioners keep open costs the database one report at a time.
 *
 * On the embedded database (PGlite) there is one backend behind the socket: the pool is separate
 * but the database is not, so a report still takes its turn with purchases there. PGlite ignores
 * `statement_timeout`; the limit is then kept here, by answering REPORT_TIMED_OUT and closing the
 * report's connection (PGlite finishes the statement and rolls its transaction back).
 */

/** A report's answer: shared while it runs, then kept until `until` (ms). */
interface CachedAnswer {
  until: number;
  rows: Promise<unknown>;
}

/** Distinct report requests kept at once (the oldest go first). */
const MAX_CACHED_ANSWERS = 200;

/** Freezes rows and every array and plain object in them (a report's rows are read, not changed). */
function deepFreeze<T>(value: T): T {
  if (
    value !== null &&
    typeof value === 'object' &&
    !ArrayBuffer.isView(value) &&
    !Object.isFrozen(value)
  ) {
    Object.freeze(value);
    if (Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype) {
      for (const inner of Object.values(value)) deepFreeze(inner);
    }
  }
  return value;
}

/** The same SQL with the same parameters (scope, period, filters) is the same report. */
function answerKey(sql: string, parameters: unknown[]): string | undefined {
  try {
    return JSON.stringify([sql, parameters]);
  } catch {
    return undefined;
  }
}

@Injectable()
export class ReportingDatabase implements BeforeApplicationShutdown, SqlReader {
  private readonly logger = new Logger(ReportingDatabase.name);
  private readonly turns: Semaphore;
  private opening?: Promise<Pool>;
  /** The pool once open, for its counts. */
  private opened?: Pool;

  /** Answers by report request (REPORT_CACHE_SECONDS), oldest first. */
  private readonly answers = new Map<string, CachedAnswer>();

  constructor(
    private readonly config: AppConfig,
    private readonly server: DatabaseServer,
    private readonly clock: Clock,
  ) {
    this.turns = new Semaphore(config.reporting.maxConcurrent);
  }

  /**
   * The rows of one report's SELECT (parameters as `$1`...), as TypeORM's `query` answers them;
   * a failure as TypeORM's QueryFailedError, so it is answered as any other query's.
   */
  async query<T>(sql: string, parameters: unknown[] = []): Promise<T> {
    const seconds = this.config.reporting.cacheSeconds;
    const key = seconds > 0 ? answerKey(sql, parameters) : undefined;
    if (key === undefined) return this.queryNow<T>(sql, parameters);
    const now = this.clock.now().getTime();
    let answer = this.answers.get(key);
    if (!answer || answer.until <= now) {
      const entry: CachedAnswer = {
        until: Number.POSITIVE_INFINITY,
        // Shared by every caller until it expires: frozen, so that none can change another's.
        rows: this.queryNow<unknown>(sql, parameters).then(deepFreeze),
      };
      answer = entry;
      this.answers.delete(key);
      this.answers.set(key, entry);
      for (const oldest of this.answers.keys()) {
        if (this.answers.size <= MAX_CACHED_ANSWERS) break;
        this.answers.delete(oldest);
      }
      entry.rows.then(
        () => (entry.until = this.clock.now().getTime() + seconds * 1000),
        () => {
          if (this.answers.get(key) === entry) this.answers.delete(key);
        },
      );
    }
    return (await answer.rows) as T;
  }

  private async queryNow<T>(sql: string, parameters: unknown[]): Promise<T> {
    const release = await this.turns.acquire(TURN_WAIT_MS);
    if (!release) throw new ReportsBusyError();
    try {
      return await this.run<T>(sql, parameters);
    } finally {
      release();
    }
  }

  /**
   * The pool's connections as `pg` counts them (for `db_pool_connections{pool="reporting"}`):
   * all zero until the first report or readiness check opens it.
   */
  counts(): PoolCounts {
    const pool = this.opened;
    return pool
      ? { totalCount: pool.totalCount, idleCount: pool.idleCount, waitingCount: pool.waitingCount }
      : { totalCount: 0, idleCount: 0, waitingCount: 0 };
  }

  /**
   * Readiness: `SELECT 1` on one of the pool's own connections (no new connection beside the
   * pool, and no report's turn taken), failing after `timeoutMs`. When every connection is busy
   * with a report, the database is answering those reports: up, without waiting for a turn.
   */
  async ping(timeoutMs: number): Promise<void> {
    const pool = await this.pool();
    if (pool.totalCount >= this.config.reporting.poolSize && pool.idleCount === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error('The reporting database did not answer')),
        timeoutMs,
      );
    });
    const work = (async () => {
      const client = await pool.connect();
      let healthy = false;
      try {
        await client.query('SELECT 1');
        healthy = true;
      } finally {
        client.release(!healthy);
      }
    })();
    work.catch(() => undefined);
    try {
      await Promise.race([work, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    const opening = this.opening;
    this.opening = undefined;
    this.opened = undefined;
    if (opening) await (await opening.catch(() => undefined))?.end();
  }

  private async run<T>(sql: string, parameters: unknown[]): Promise<T> {
    const limitMs = this.config.reporting.statementTimeoutMs;
    const startedAt = Date.now();
    let client: PoolClient;
    try {
      client = await (await this.pool()).connect();
    } catch (error) {
      // The reports' database cannot be reached: answered as any database outage.
      throw asQueryFailed(sql, parameters, error);
    }
    let timer: NodeJS.Timeout | undefined;
    let healthy = false;
    try {
      const work = this.inTransaction(client, sql, parameters, limitMs);
      // Whichever ends first; the loser's outcome is of no interest (its connection is closed).
      work.catch(() => undefined);
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new ReportTimedOutError(limitMs)),
          Math.max(0, limitMs - (Date.now() - startedAt)),
        );
      });
      const rows = await Promise.race([work, late]);
      healthy = true;
      return rows as T;
    } catch (error) {
      if (error instanceof ReportTimedOutError) throw error;
      if (sqlState(error) === QUERY_CANCELED) throw new ReportTimedOutError(limitMs);
      this.logger.error(
        `Report query failed (${sqlState(error) ?? 'no SQLSTATE'}): ${withoutQuotedValues(error instanceof Error ? error.message : String(error))}`,
      );
      throw asQueryFailed(sql, parameters, error);
    } finally {
      clearTimeout(timer);
      // A connection whose report failed or ran late may still be busy or in its transaction:
      // closed, never handed to the next report.
      client.release(!healthy);
    }
  }

  private async inTransaction(
    client: PoolClient,
    sql: string,
    parameters: unknown[],
    limitMs: number,
  ): Promise<unknown[]> {
    // One round trip; SET LOCAL ends with the transaction, so nothing lingers on the connection
    // (on the embedded database the session is shared with the purchases' connection).
    // On the purchases' own database, a report runs on one of its cores, never in parallel
    // workers on the others (a national report would otherwise take every core for a moment); on
    // a read replica of their own, as PostgreSQL plans it.
    const oneCore =
      this.config.reporting.databaseUrl === undefined
        ? '; SET LOCAL max_parallel_workers_per_gather = 0'
        : '';
    await client.query(
      `BEGIN TRANSACTION READ ONLY; SET LOCAL statement_timeout = ${Math.trunc(limitMs)}; SET LOCAL application_name = '${REPORTING_APPLICATION_NAME}'${oneCore}`,
    );
    const result = await client.query(sql, parameters);
    await client.query('COMMIT');
    // SQL_STATEMENT_COUNT (benchmarks): BEGIN and its SETs, the report, COMMIT.
    if (this.config.sqlStatementCount) countStatements(oneCore ? 6 : 5);
    return result.rows as unknown[];
  }

  private pool(): Promise<Pool> {
    this.opening ??= (async () => {
      const { databaseUrl, poolSize } = this.config.reporting;
      const pool = new Pool({
        connectionString: databaseUrl ?? (await this.server.url()),
        max: poolSize,
        connectionTimeoutMillis: 10_000,
        idleTimeoutMillis: 10_000,
        application_name: REPORTING_APPLICATION_NAME,
        // As the service's own pool: no JIT (see data-source-options.ts).
        options: '-c jit=off',
      });
      // An idle connection dropped by the server: the pool replaces it; nothing to answer.
      pool.on('error', (error) =>
        this.logger.warn(`Reporting connection lost: ${withoutQuotedValues(error.message)}`),
      );
      this.opened = pool;
      return pool;
    })();
    return this.opening;
  }
}
