/**
 * npm run rollup — builds the daily rollups (searches, referrals, judgements) of every day that
 * is over and not built, then the monthly rollups of every month that is over and not built
 * (see docs/demand-rollups.md), now, and prints how many it built. Stop the service first when
 * it runs on the embedded database.
 */
import { runJob } from '../cli';
import { DemandRollupService } from './demand-rollup.service';

runJob(async (app) => {
  const built = await app.get(DemandRollupService).catchUp();
  const counted = (span: 'day' | 'month') => {
    const of = built.filter((b) => b.span === span);
    return `${of.length} ${span}s of rollups (${(['searches', 'referrals', 'judgements'] as const)
      .map((kind) => `${of.filter((b) => b.kind === kind).length} of ${kind}`)
      .join(', ')})`;
  };
  process.stdout.write(
    built.length > 0
      ? `Built ${counted('day')} and ${counted('month')}${built.some((b) => b.span === 'today') ? ", and today's searches so far" : ''}\n`
      : 'Every day and month that is over was already built\n',
  );
});
