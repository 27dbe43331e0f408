import { Logger as NestLogger } from '@nestjs/common';
import { Logger, QueryRunner } from 'typeorm';
import { withoutQuotedValues } from '../common/database-errors';

/**
 * TypeORM's log, through the service's logger (JSON lines, pino), without what would put
 * personal data in it: never a query's parameters (a CRN, a name, a case note), and PostgreSQL's
 * messages with the values they quote left out. Only failed and slow queries are logged, with
 * the statement (parameterised, so it holds no values) shortened.
 */
export class PrivateQueryLogger implements Logger {
  protected readonly logger = new NestLogger('Database');

  logQuery(_query: string, _parameters?: unknown, _queryRunner?: QueryRunner): void {}

  logQueryError(error: string | Error, query: string): void {
    const message = error instanceof Error ? error.message : error;
    const code = (error as { code?: unknown }).code;
    this.logger.error(
      `Query failed${typeof code === 'string' ? ` (${code})` : ''}: ${withoutQuotedValues(message)} in ${shortened(query)}`,
    );
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`Slow query (${time} ms): ${shortened(query)}`);
  }

  logSchemaBuild(message: string): void {
    this.logger.log(message);
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    const text = withoutQuotedValues(String(message));
    if (level === 'warn') this.logger.warn(text);
    else this.logger.log(text);
  }
}

function shortened(query: string): string {
  const oneLine = query.replace(/\s+/g, ' ').trim();
  return oneLine.length > 300 ? `${oneLine.slice(0, 300)}...` : oneLine;
}
