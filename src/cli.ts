/**
 * What the service's command-line jobs share (`npm run seed:demo`, `contribution:rebuild`,
 * `retention`, `rollup`): the service's modules without HTTP, with the demo seed and the
 * scheduled jobs off in this process (the run is the job), closed at the end; a failure prints
 * its stack and exits 1.
 */
import 'reflect-metadata';
import { INestApplicationContext, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';

export function runJob(
  job: (app: INestApplicationContext) => Promise<void>,
  logger: LogLevel[] = ['error', 'warn'],
): void {
  process.env.SEED_DEMO_ON_FIRST_START = 'false';
  process.env.RETENTION_CRON = 'off';
  process.env.DEMAND_ROLLUP_CRON = 'off';
  (async () => {
    const app = await NestFactory.createApplicationContext(AppModule, { logger });
    try {
      await job(app);
    } finally {
      await app.close();
    }
  })().catch((error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
}
