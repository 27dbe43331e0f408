/**
 * The peer for the benchmarks: PostGraphile 5 (Amber preset) serving the same tables of the
 * benchmark database, in its own process like our service. Started by bench/peer.ts:
 *   node -r @swc-node/register bench/peer-server.ts <port>
 *
 * PostGraphile's built-in `condition` filters only test equality, so the list query is a SQL
 * function bench/peer.ts creates in the benchmark database (published listings for a factor and
 * an area), and the price in force today a computed column (`currentPrice`): the usual way to
 * give PostGraphile a query it has no filter for.
 */
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { BENCH_DATABASE_URL } from './bench-database';

// PostGraphile 5 targets Node 22, whose Promise.withResolvers() it uses; Node 20 lacks it.
const promiseStatics = Promise as unknown as { withResolvers?: () => unknown };
promiseStatics.withResolvers ??= () => {
  let resolve!: (value: unknown) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

const port = Number(process.argv[2] ?? 3200);
const preset: GraphileConfig.Preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [
    makePgService({
      connectionString: BENCH_DATABASE_URL,
      schemas: ['public'],
      poolConfig: { max: 10 },
    }),
  ],
  grafserv: { port, graphiql: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.on('error', (error) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
serv
  .addTo(server)
  .then(() => server.listen(port, '127.0.0.1', () => process.stdout.write(`listening ${port}\n`)))
  .catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  });
process.on('SIGTERM', () => {
  server.close();
  void Promise.resolve(pgl.release()).then(() => process.exit(0));
});
