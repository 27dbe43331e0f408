import { Client } from 'pg';
import { EmbeddedDatabase } from '../../src/database/embedded-database';
import { TEST_JWT_SECRET } from './test-secret';

/**
 * One fresh database per run: a new database on the PostgreSQL server when TEST_DATABASE_URL is
 * set, otherwise an in-memory embedded one. Started here, in Jest's own process, because PGlite
 * cannot load inside a test's VM; test files reach it through DATABASE_URL.
 */
export default async function globalSetup(): Promise<void> {
  process.env.NODE_ENV = 'test';
  // NODE_ENV=test never falls back to the development secret: the tests sign with their own.
  process.env.JWT_SECRET = TEST_JWT_SECRET;
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const name = `marketplace_test_${Date.now()}_${process.pid}`;
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    process.env.DATABASE_URL = url.toString();
    process.env.TEST_DATABASE_NAME = name;
    process.stdout.write(`\nTests on PostgreSQL server, fresh database ${name}\n`);
  } else {
    const embedded = await EmbeddedDatabase.start('memory://');
    process.env.DATABASE_URL = embedded.url;
    process.env.DB_POOL_SIZE = '1';
    // The reports' own pool: one more connection to the socket (it takes four at most).
    process.env.REPORTING_POOL_SIZE = '1';
    // One session behind the socket for every connection of every test file's service: a
    // statement one prepares by name, another would prepare again (as `npm start` never does).
    process.env.DATABASE_PREPARED_STATEMENTS = 'false';
    (globalThis as { embeddedDatabase?: EmbeddedDatabase }).embeddedDatabase = embedded;
    process.stdout.write('\nTests on the embedded database (PGlite, in memory)\n');
  }
}
