/**
 * npm run retention [-- --dry-run] — runs the retention job once, now: anonymises referrals
 * closed more than RETENTION_YEARS ago and deletes stale framework applications (see
 * docs/data-protection.md); with --dry-run only counts them. Prints counts only. Stop the
 * service first when it runs on the embedded database.
 */
import { runJob } from '../cli';
import { RetentionService } from './retention.service';

runJob(async (app) => {
  const dryRun = process.argv.includes('--dry-run');
  const report = await app.get(RetentionService).run({ dryRun });
  process.stdout.write(
    `${dryRun ? 'Dry run: would anonymise' : 'Anonymised'} ${report.referralsAnonymised} referrals closed before ${report.cutoff.toISOString()}; ${dryRun ? 'would delete' : 'deleted'} ${report.applicationsDeleted} framework applications decided before ${report.applicationsCutoff.toISOString()}\n`,
  );
});
