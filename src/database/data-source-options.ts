import { types } from 'pg';
import { DataSourceOptions } from 'typeorm';
import { migrations } from '../../migrations';
import { PrivateQueryLogger } from './query-logger';
import { SnakeNamingStrategy } from './snake-naming.strategy';

// A `date` is a day in the Europe/London calendar, not an instant: keep it as 'YYYY-MM-DD'
// rather than letting pg turn it into a midnight in the server's time zone.
const PG_DATE_OID = 1082;
types.setTypeParser(PG_DATE_OID, (value) => value);

/** Options shared by the service and the migration/seed commands, so both see one schema. */
export function dataSourceOptions(url: string, poolSize: number): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // gen_random_uuid() is core PostgreSQL (13+): no extension to install at connect time.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    namingStrategy: new SnakeNamingStrategy(),
    extra: {
      max: poolSize,
      connectionTimeoutMillis: 10_000,
      // No JIT compilation: for the commissioners' reports it cost more than the query itself
      // (1.9 s of compiling for 0.7 s of work on the national gap report; see BENCHMARKS.md),
      // and the API's other statements are too short to gain from it.
      options: '-c jit=off',
    },
    logging: ['error'],
    // Failed queries through the service's log, without their parameters (personal data).
    logger: new PrivateQueryLogger(),
  };
}
