/**
 * npm run seed:demo — fills an empty database with the demo market (the service does this by
 * itself on its first start on the embedded database). Stop the service first when embedded.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { DemoSeeder } from './demo-seeder';

async function main(): Promise<void> {
  process.env.SEED_DEMO_ON_FIRST_START = 'false';
  const app = await NestFactory.createApplicationContext(AppModule, {
    logger: ['error', 'warn', 'log'],
  });
  try {
    const seeder = app.get(DemoSeeder);
    if (await seeder.isEmpty()) await seeder.seed();
    else process.stdout.write('The database already holds market data: nothing seeded\n');
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
