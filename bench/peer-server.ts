/**
 * The peer for the benchmarks: PostGraphile 5 (Amber preset) serving the same tables of the
 * benchmark database, in its own process like our service. Started by bench/peer.ts:
 *   node -r @swc-node/register bench/peer-server.ts <port>
 *
 * PostGraphile's built-in `condition` filters only test equality, so the list query is a SQL
 * function bench/peer.ts creates in the benchmark database (published listings for a factor and
 * an area), and the price in force today a computed column (`currentPrice`): the usual way to
 * give PostGraphile a query it has no filter for.
 *
 * PostGraphile is the benchmarks' dependency, not the service's: bench/package.json, installed
 * into bench/node_modules by `npm run bench:install` (the bench scripts run it). So the service's
 * `npm install` never fetches it (its dependency tamedevil refuses Node 20), and this file types
 * the little it uses itself, so the project typechecks without it.
 */
import { createServer, Server } from 'node:http';
import { BENCH_DATABASE_URL } from './bench-database';

interface PostGraphileInstance {
  createServ(grafserv: unknown): { addTo(server: Server): Promise<void> };
  release(): Promise<void> | void;
}
/* eslint-disable @typescript-eslint/no-require-imports */
const { postgraphile } = require('postgraphile') as {
  postgraphile(preset: unknown): PostGraphileInstance;
};
const { makePgService } = require('postgraphile/adaptors/pg') as {
  makePgService(options: {
    connectionString: string;
    schemas: string[];
    poolConfig: { max: number };
  }): unknown;
};
const { grafserv } = require('postgraphile/grafserv/node') as { grafserv: unknown };
const { PostGraphileAmberPreset } = require('postgraphile/presets/amber') as {
  PostGraphileAmberPreset: unknown;
};
/* eslint-enable @typescript-eslint/no-require-imports */

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
const preset = {
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
