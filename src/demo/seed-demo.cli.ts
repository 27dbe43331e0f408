/**
 * npm run seed:demo — fills an empty database with the demo market (the service does this by
 * itself on its first start on the embedded database). Stop the service first when embedded.
 */
import { runJob } from '../cli';
import { DemoSeeder } from './demo-seeder';

runJob(
  async (app) => {
    const seeder = app.get(DemoSeeder);
    if (await seeder.isEmpty()) await seeder.seed();
    else process.stdout.write('The database already holds market data: nothing seeded\n');
  },
  ['error', 'warn', 'log'],
);
