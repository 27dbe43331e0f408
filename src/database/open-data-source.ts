import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { EmbeddedDatabase } from './embedded-database';

/**
 * A data source for the commands (migrations), on the configured server or on the embedded
 * database, which it starts and stops itself.
 */
export async function openDataSource(
  config: AppConfig,
  extra: Partial<DataSourceOptions> = {},
): Promise<{ dataSource: DataSource; close: () => Promise<void> }> {
  const embedded = config.databaseUrl
    ? undefined
    : await EmbeddedDatabase.start(config.embeddedDatabaseDir);
  const url = config.databaseUrl ?? embedded!.url;
  const dataSource = new DataSource({
    ...dataSourceOptions(url, 1),
    ...extra,
  } as DataSourceOptions);
  try {
    await dataSource.initialize();
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  return {
    dataSource,
    close: async () => {
      await dataSource.destroy();
      await embedded?.stop();
    },
  };
}
