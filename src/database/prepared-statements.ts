import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { asQueryFailed } from '../common/database-errors';
import { AppConfig } from '../config/app-config';
import { countStatements } from './sql-statement-counter';

/**
 * SQLSTATEs of a prepared statement's name already taken (42P05) or unknown (26000) in the
 * session: a connection pooler shares or swaps sessions behind the connection.
 */
const NOT_KEPT = new Set(['42P05', '26000']);

/** Distinct statements prepared by name at most (each connection holds a plan for each). */
const MAX_PREPARED = 100;

/** The name a statement is prepared under: a hash of its text (the benchmarks' floor uses it). */
export function preparedStatementName(sql: string): string {
  return `prepared_${createHash('sha256').update(sql).digest('hex').slice(0, 32)}`;
}

/**
 * Runs a hot statement (the search) as a named prepared statement on the service's own pool, so
 * that PostgreSQL parses and plans it once per connection rather than every time: after five
 * runs it keeps a generic plan when that costs no more than planning afresh. The name is a hash
 * of the SQL text, so each shape of the statement (which filters a search has) is its own
 * prepared statement, up to MAX_PREPARED shapes; the rest run unnamed, as they do with
 * DATABASE_PREPARED_STATEMENTS off and on the embedded database. Rows and errors are as
 * `DataSource.query` gives them (a failure is TypeORM's QueryFailedError). Should the database's
 * sessions not keep them (a pooler in transaction mode), the first refusal turns preparing off.
 */
@Injectable()
export class PreparedStatements {
  private readonly logger = new Logger(PreparedStatements.name);
  private readonly names = new Map<string, string>();
  /** Set when the database's sessions turned out not to keep prepared statements. */
  private unkept = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async query<T>(sql: string, parameters: unknown[]): Promise<T[]> {
    const name = this.nameOf(sql);
    if (name === undefined) return this.dataSource.query<T[]>(sql, parameters);
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool;
    if (this.config.sqlStatementCount) countStatements(1);
    try {
      const result = await pool.query({ name, text: sql, values: parameters });
      return result.rows as T[];
    } catch (error) {
      if (!NOT_KEPT.has((error as { code?: unknown }).code as string)) {
        throw asQueryFailed(sql, parameters, error);
      }
      // Behind a pooler that shares or swaps sessions, a name is already taken or already gone:
      // this instance stops preparing, and the statement runs unnamed.
      this.unkept = true;
      this.logger.warn(
        'Prepared statements are not kept by the database connection (a pooler in transaction mode?): running every statement unnamed; set DATABASE_PREPARED_STATEMENTS=false',
      );
      return this.dataSource.query<T[]>(sql, parameters);
    }
  }

  private nameOf(sql: string): string | undefined {
    if (!this.config.operations.preparedStatements || this.unkept) return undefined;
    let name = this.names.get(sql);
    if (name === undefined && this.names.size < MAX_PREPARED) {
      name = preparedStatementName(sql);
      this.names.set(sql, name);
    }
    return name;
  }
}
