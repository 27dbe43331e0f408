import { Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { DatabaseServer } from './database-server';
import { ReportingDatabase } from './reporting-database';
import { countSqlStatements, StatementCountingLogger } from './sql-statement-counter';

/** Where the database is, and the reports' own connections to it (or to a read replica). */
@Global()
@Module({
  providers: [DatabaseServer, ReportingDatabase],
  exports: [DatabaseServer, ReportingDatabase],
})
class DatabaseServerModule {}

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      imports: [DatabaseServerModule],
      inject: [AppConfig, DatabaseServer],
      useFactory: async (config: AppConfig, server: DatabaseServer) => ({
        ...dataSourceOptions(await server.url(), config.dbPoolSize),
        autoLoadEntities: true,
        migrationsRun: true,
        ...(config.sqlStatementCount ? { logger: new StatementCountingLogger() } : {}),
      }),
    }),
  ],
})
export class DatabaseModule implements NestModule {
  constructor(private readonly config: AppConfig) {}

  /** SQL_STATEMENT_COUNT (benchmarks): every response says how many statements it ran. */
  configure(consumer: MiddlewareConsumer): void {
    if (this.config.sqlStatementCount) consumer.apply(countSqlStatements).forRoutes('{*splat}');
  }
}
