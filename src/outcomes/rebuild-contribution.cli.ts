/**
 * npm run contribution:rebuild — recomputes every contribution aggregate from the recorded
 * outcomes (after a data repair, or to check the running figures). Stop the service first when
 * it runs on the embedded database.
 */
import { runJob } from '../cli';
import { OutcomesService } from './outcomes.service';

runJob(async (app) => {
  const rows = await app.get(OutcomesService).rebuildAggregates();
  process.stdout.write(`Rebuilt ${rows} contribution aggregate rows from the outcomes\n`);
});
