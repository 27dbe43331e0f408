import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { DatabaseServer } from './database-server';

@Global()
@Module({
  providers: [DatabaseServer],
  exports: [DatabaseServer],
})
class DatabaseServerModule {}

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      imports: [DatabaseServerModule],
      inject: [AppConfig, DatabaseServer],
      useFactory: async (config: AppConfig, server: DatabaseServer) => ({
        ...dataSourceOptions(await server.url(), config.dbPoolSize),
        autoLoadEntities: true,
        migrationsRun: true,
      }),
    }),
  ],
})
export class DatabaseModule {}
