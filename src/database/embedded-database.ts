import { PGlite } from '@electric-sql/pglite';
import { cube } from '@electric-sql/pglite/contrib/cube';
import { earthdistance } from '@electric-sql/pglite/contrib/earthdistance';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { mkdirSync } from 'node:fs';
import { acquireLock } from './lock-file';

/**
 * PostgreSQL compiled to WebAssembly (PGlite), served over the wire protocol on a loopback
 * port so that `pg` and TypeORM talk to it exactly as they talk to a PostgreSQL server.
 */
export class EmbeddedDatabase {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    private readonly release: () => void,
  ) {}

  /**
   * @param dataDir a directory to persist to, or `memory://` for a throwaway database.
   * @param port 0 lets the operating system choose a free port.
   */
  static async start(dataDir: string, port = 0): Promise<EmbeddedDatabase> {
    let release = () => {};
    if (!dataDir.startsWith('memory://')) {
      mkdirSync(dataDir, { recursive: true });
      release = acquireLock(`${dataDir}.lock`);
    }
    try {
      const db = await PGlite.create({ dataDir, extensions: { cube, earthdistance, pg_trgm } });
      // The service holds one connection; a few spare ones let a developer's psql attach while
      // it runs (PGlite queues their statements).
      const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections: 4 });
      await server.start();
      return new EmbeddedDatabase(db, server, release);
    } catch (error) {
      release();
      throw error;
    }
  }

  get url(): string {
    return `postgresql://postgres:postgres@${this.server.getServerConn()}/postgres?sslmode=disable`;
  }

  async stop(): Promise<void> {
    try {
      await this.server.stop();
      await this.db.close();
    } finally {
      this.release();
    }
  }
}
