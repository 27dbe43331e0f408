/**
 * npm run rollup — builds the daily rollups (searches, referrals, judgements) of every day that
 * is over and not built (see
 * docs/demand-rollups.md), now, and prints how many days it built. Stop the service first when
 * it runs on the embedded database.
 */
import { runJob } from '../cli';
import { DemandRollupService } from './demand-rollup.service';

runJob(async (app) => {
  const days = await app.get(DemandRollupService).catchUp();
  process.stdout.write(
    days.length > 0
      ? `Built ${days.length} days of rollups: ${(['searches', 'referrals', 'judgements'] as const)
          .map((kind) => `${days.filter((d) => d.kind === kind).length} of ${kind}`)
          .join(', ')}\n`
      : 'Every day that is over was already built\n',
  );
});
