/**
 * npm run contribution:rebuild — recomputes every contribution aggregate from the recorded
 * outcomes (after a data repair, or to check the running figures). Stop the service first when
 * it runs on the embedded database.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { OutcomesService } from './outcomes.service';

async function main(): Promise<void> {
  process.env.SEED_DEMO_ON_FIRST_START = 'false';
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
  try {
    const rows = await app.get(OutcomesService).rebuildAggregates();
    process.stdout.write(`Rebuilt ${rows} contribution aggregate rows from the outcomes\n`);
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
