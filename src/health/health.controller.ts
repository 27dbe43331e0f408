import { Controller, Get, Inject, Optional } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorFunction,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { Client } from 'pg';
import { Public } from '../auth/roles.decorator';
import { AppConfig } from '../config/app-config';
import { BuildInfo, readBuildInfo } from './build-info';

/**
 * How readiness checks the reporting database, when the reports' own pool provides it (a
 * provider under this token, given by HealthModule when REPORTING_DATABASE_URL names another
 * database); without one, readiness connects to REPORTING_DATABASE_URL itself.
 */
export const REPORTING_DATABASE_CHECK = Symbol('REPORTING_DATABASE_CHECK');
export type ReportingDatabaseCheck = () => Promise<void>;

/** How long readiness waits for each database. */
export const PING_TIMEOUT_MS = 2000;

/** Connects to `url`, runs `SELECT 1` and disconnects, within PING_TIMEOUT_MS. */
async function pingUrl(url: string): Promise<void> {
  const client = new Client({
    connectionString: url,
    connectionTimeoutMillis: PING_TIMEOUT_MS,
    query_timeout: PING_TIMEOUT_MS,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Health as platforms expect it, open to anyone and never rate limited: liveness (the process
 * answers; no database), readiness (the database answers a ping, and the reporting database
 * when REPORTING_DATABASE_URL names another), and `/health` as readiness.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly config: AppConfig,
    @Optional()
    @Inject(REPORTING_DATABASE_CHECK)
    private readonly reportingCheck?: ReportingDatabaseCheck,
  ) {}

  /** 200 when the databases answer, 503 otherwise: for load balancers and orchestrators. */
  @Get()
  @Public()
  @SkipThrottle()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.readiness();
  }

  /** 200 while the process answers HTTP: restart it when this fails. Touches no database. */
  @Get('liveness')
  @Public()
  @SkipThrottle()
  liveness(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** 200 when the instance can serve (its databases answer), 503 otherwise: send it no traffic. */
  @Get('readiness')
  @Public()
  @SkipThrottle()
  @HealthCheck()
  readiness(): Promise<HealthCheckResult> {
    const checks: HealthIndicatorFunction[] = [
      () => this.database.pingCheck('database', { timeout: PING_TIMEOUT_MS }),
    ];
    const reportingUrl = this.config.operations.reportingDatabaseUrl;
    if (this.reportingCheck || reportingUrl) {
      checks.push(async () => {
        const session = this.indicators.check('reportingDatabase');
        try {
          await (this.reportingCheck ? this.reportingCheck() : pingUrl(reportingUrl!));
          return session.up();
        } catch {
          return session.down({ message: 'The reporting database does not answer' });
        }
      });
    }
    return this.health.check(checks);
  }
}

/** What is running: version, commit and build time. Open to anyone (no secrets in it). */
@Controller('info')
export class InfoController {
  private readonly info: BuildInfo;

  constructor(config: AppConfig) {
    this.info = readBuildInfo(config.operations.gitCommit);
  }

  @Get()
  @Public()
  @SkipThrottle()
  get(): BuildInfo {
    return this.info;
  }
}
