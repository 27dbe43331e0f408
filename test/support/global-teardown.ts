import { Client } from 'pg';
import { EmbeddedDatabase } from '../../src/database/embedded-database';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { embeddedDatabase?: EmbeddedDatabase }).embeddedDatabase?.stop();
  const name = process.env.TEST_DATABASE_NAME;
  if (process.env.TEST_DATABASE_URL && name) {
    const admin = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}
