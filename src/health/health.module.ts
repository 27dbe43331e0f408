import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AppConfig } from '../config/app-config';
import { ReportingDatabase } from '../database/reporting-database';
import {
  HealthController,
  InfoController,
  PING_TIMEOUT_MS,
  REPORTING_DATABASE_CHECK,
  ReportingDatabaseCheck,
} from './health.controller';

@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController, InfoController],
  providers: [
    {
      // When REPORTING_DATABASE_URL names another database, readiness pings it through the
      // reports' own pool rather than opening a connection of its own on every check.
      provide: REPORTING_DATABASE_CHECK,
      inject: [AppConfig, ReportingDatabase],
      useFactory: (
        config: AppConfig,
        reporting: ReportingDatabase,
      ): ReportingDatabaseCheck | null =>
        config.operations.reportingDatabaseUrl ? () => reporting.ping(PING_TIMEOUT_MS) : null,
    },
  ],
})
export class HealthModule {}
