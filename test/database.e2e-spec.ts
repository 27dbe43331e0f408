import { spawn, ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { tokens } from './support/tokens';
import { startApp, TestApp } from './support/test-app';

describe('database schema', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('matches the entities exactly: migration:generate would find nothing to add', async () => {
    const pending = await t.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('reverts every migration and applies them again', async () => {
    const count = t.dataSource.migrations.length;
    for (let i = 0; i < count; i++) await t.dataSource.undoLastMigration({ transaction: 'each' });
    const [{ tables }] = await t.dataSource.query<{ tables: string }[]>(
      `SELECT count(*) AS tables FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`,
    );
    expect(Number(tables)).toBe(0);
    const applied = await t.dataSource.runMigrations({ transaction: 'each' });
    expect(applied).toHaveLength(count);
    const res = await t.gql<{ pccAreas: unknown[] }>(`{ pccAreas { code } }`, {
      token: await tokens.admin(),
    });
    expect(res.data!.pccAreas).toHaveLength(42);
  });
});

/** Runs the real service as a newcomer would, on its own embedded database in a temporary folder. */
class ServiceProcess {
  private output = '';
  readonly child: ChildProcess;
  /** How the process ended: Nest re-raises SIGTERM once it has shut down cleanly. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(dataDir: string) {
    // Not the test run's database: the service starts its own embedded one in dataDir.
    const { DATABASE_URL: _server, DB_POOL_SIZE: _pool, ...inherited } = process.env;
    const env = {
      ...inherited,
      DATA_DIR: dataDir,
      PORT: '0',
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
    };
    this.child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
      cwd: join(__dirname, '..'),
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => resolve({ code, signal })),
    );
  }

  /** Resolves with the first match of `pattern` in the service's output. */
  async waitFor(pattern: RegExp, timeoutMs = 150_000): Promise<RegExpMatchArray> {
    const started = Date.now();
    for (;;) {
      const match = this.output.match(pattern);
      if (match) return match;
      if (this.child.exitCode !== null || Date.now() - started > timeoutMs) {
        throw new Error(`Service output never matched ${pattern}:\n${this.output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Sends SIGTERM; resolves true when the service shut down cleanly rather than crashing. */
  async stop(): Promise<boolean> {
    this.child.kill('SIGTERM');
    const { code, signal } = await this.exited;
    return code === 0 || signal === 'SIGTERM';
  }
}

describe('the service on its embedded database', () => {
  // A first start seeds the demo market before it listens: seconds on a quiet machine, more
  // than a minute on a loaded one; a test starts the service up to twice.
  jest.setTimeout(400_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'marketplace-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  async function start(): Promise<{ service: ServiceProcess; api: string; db: string }> {
    const service = new ServiceProcess(dataDir);
    const [, api] = await service.waitFor(/GraphQL API at (http:\/\/\S+\/graphql)/);
    const [, db] = await service.waitFor(/served on (postgresql:\/\/\S+)"/);
    return { service, api: api.replace('[::1]', '127.0.0.1'), db };
  }

  it('keeps its data across a graceful stop (SIGTERM) and a restart', async () => {
    const first = await start();
    const res = await fetch(first.api, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await tokens.admin()}`,
      },
      body: JSON.stringify({ query: '{ divisions { code } }' }),
    });
    expect(((await res.json()) as { data: { divisions: unknown[] } }).data.divisions).toHaveLength(
      7,
    );
    const client = new Client({ connectionString: first.db });
    await client.connect();
    await client.query(
      `CREATE TABLE restart_probe (value int); INSERT INTO restart_probe VALUES (42)`,
    );
    await client.end();
    expect(existsSync(join(dataDir, 'pglite.lock'))).toBe(true);
    expect(await first.service.stop()).toBe(true);
    expect(existsSync(join(dataDir, 'pglite.lock'))).toBe(false);

    const second = await start();
    const again = new Client({ connectionString: second.db });
    await again.connect();
    const { rows } = await again.query<{ value: number }>(`SELECT value FROM restart_probe`);
    await again.end();
    expect(rows).toEqual([{ value: 42 }]);
    expect(await second.service.stop()).toBe(true);
  });

  it('refuses to open a database that another running service holds', async () => {
    const first = await start();
    const second = new ServiceProcess(dataDir);
    await second.waitFor(/in use by process \d+/);
    expect((await second.exited).code).toBe(1);
    expect(await first.service.stop()).toBe(true);
  });
});
