/**
 * npm run check:consistency — recomputes places held, budgets and contribution aggregates from
 * the rows they summarise and lists every disagreement (exit code 1 when there is one). Read-only;
 * on the embedded database stop the service first.
 */
import { loadConfig } from '../config/app-config';
import { openDataSource } from '../database/open-data-source';
import { findInconsistencies } from './consistency';

async function main(): Promise<void> {
  const { dataSource, close } = await openDataSource(loadConfig());
  try {
    const problems = await findInconsistencies(dataSource);
    for (const p of problems) {
      process.stdout.write(
        `${p.rule} ${p.subject}: recorded ${p.recorded}, expected ${p.expected}\n`,
      );
    }
    process.stdout.write(
      problems.length === 0 ? 'Consistent\n' : `${problems.length} inconsistencies\n`,
    );
    process.exitCode = problems.length === 0 ? 0 : 1;
  } finally {
    await close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(2);
});
