import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { EmbeddedDatabase } from './embedded-database';

/** Where the service's PostgreSQL is: the configured server, or the embedded one it starts. */
@Injectable()
export class DatabaseServer implements OnApplicationShutdown {
  private readonly logger = new Logger(DatabaseServer.name);
  private embedded?: EmbeddedDatabase;

  constructor(
    private readonly config: AppConfig,
    private readonly moduleRef: ModuleRef,
  ) {}

  async url(): Promise<string> {
    if (this.config.databaseUrl) return this.config.databaseUrl;
    if (!this.embedded) {
      const dir = this.config.embeddedDatabaseDir;
      this.embedded = await EmbeddedDatabase.start(dir);
      this.logger.log(`Embedded PostgreSQL (PGlite) at ${dir}, served on ${this.embedded.url}`);
    }
    return this.embedded.url;
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.embedded) return;
    // Close the pool before the database under it, so PGlite shuts down cleanly and keeps its data.
    const dataSource = this.moduleRef.get(DataSource, { strict: false });
    if (dataSource.isInitialized) await dataSource.destroy();
    await this.embedded.stop();
    this.embedded = undefined;
    this.logger.log('Embedded PostgreSQL stopped');
  }
}
