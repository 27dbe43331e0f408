/**
 * npm run migration:run                 apply pending migrations
 * npm run migration:revert              undo the latest one
 * npm run migration:generate -- <Name>  write migrations/<timestamp>-<Name>.ts from the entities'
 *                                       difference to the database, and list it in migrations/index.ts
 * Works on the PostgreSQL server (DATABASE_URL) or the embedded database (stop the service first).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../config/app-config';
import { openDataSource } from './open-data-source';

const MIGRATIONS_DIR = resolve(__dirname, '../../migrations');
const ENTITY_FILES = [resolve(__dirname, '..') + '/**/*.{entity,entities}.{ts,js}'];

function escape(sql: string): string {
  return sql.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
}

async function generate(name: string): Promise<void> {
  if (!/^[A-Z][A-Za-z0-9]*$/.test(name))
    throw new Error('Name the migration in PascalCase, e.g. AddReferrals');
  const { dataSource, close } = await openDataSource(loadConfig(), { entities: ENTITY_FILES });
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    const sql = await dataSource.driver.createSchemaBuilder().log();
    if (sql.upQueries.length === 0) {
      process.stdout.write('The entities match the database: no migration needed\n');
      return;
    }
    const timestamp = Date.now();
    const className = `${name}${timestamp}`;
    const up = sql.upQueries.map((q) => `    await queryRunner.query(\`${escape(q.query)}\`);`);
    const down = sql.downQueries
      .reverse()
      .map((q) => `    await queryRunner.query(\`${escape(q.query)}\`);`);
    const file = `${timestamp}-${name}`;
    writeFileSync(
      join(MIGRATIONS_DIR, `${file}.ts`),
      `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${up.join('\n')}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${down.join('\n')}
  }
}
`,
    );
    const indexPath = join(MIGRATIONS_DIR, 'index.ts');
    const lines = readFileSync(indexPath, 'utf8').split('\n');
    const lastImport = lines.map((line) => line.startsWith('import ')).lastIndexOf(true);
    lines.splice(lastImport + 1, 0, `import { ${className} } from './${file}';`);
    const index = lines
      .join('\n')
      .replace(/(export const migrations = \[[^\]]*?),?(\s*)\];/, `$1, ${className}$2];`);
    writeFileSync(indexPath, index);
    process.stdout.write(
      `Wrote migrations/${file}.ts and listed it in migrations/index.ts: read it, then run it\n`,
    );
  } finally {
    await close();
  }
}

async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  if (command === 'generate') return generate(name ?? '');
  const { dataSource, close } = await openDataSource(loadConfig());
  try {
    if (command === 'run') {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      process.stdout.write(
        `Applied ${applied.length} migration(s)${applied.map((m) => `\n  ${m.name}`).join('')}\n`,
      );
    } else if (command === 'revert') {
      await dataSource.undoLastMigration({ transaction: 'each' });
      process.stdout.write('Reverted the latest migration\n');
    } else {
      throw new Error('Usage: migration.cli.ts run | revert | generate <Name>');
    }
  } finally {
    await close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
