/**
 * npm run rollup — builds the demand rollups of every day that is over and not built (see
 * docs/demand-rollups.md), now, and prints how many days it built. Stop the service first when
 * it runs on the embedded database.
 */
import { runJob } from '../cli';
import { DemandRollupService } from './demand-rollup.service';

runJob(async (app) => {
  const days = await app.get(DemandRollupService).catchUp();
  process.stdout.write(
    days.length > 0
      ? `Built the demand rollups of ${days.length} days (${days[0]} to ${days[days.length - 1]})\n`
      : 'Every day that is over was already built\n',
  );
});
