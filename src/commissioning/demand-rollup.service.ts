import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CronJob } from 'cron';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { sqlState } from '../common/database-errors';
import { AppConfig } from '../config/app-config';
import { rollUpToday } from './demand-rollups';
import { BuiltRollup, rollUpNext } from './purchase-rollups';
import { RunSql } from './rollup-days';

const HOUR_MS = 3_600_000;

/** SQLSTATE of a lock not granted within lock_timeout. */
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * The rollup job: builds the daily rollups (searches, referrals, judgements) of every day that
 * is over and marked (see demand-rollups.ts and purchase-rollups.ts), then the monthly rollups
 * of every month that is over and marked (monthly-rollups.ts), then today's searches so far (up
 * to the start of the hour), one transaction each. Runs at start and on DEMAND_ROLLUP_CRON
 * (hourly by default, off in tests); `npm run rollup` runs it by hand. Idempotent: a day or
 * month is rebuilt whole, and only while marked.
 */
@Injectable()
export class DemandRollupService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DemandRollupService.name);
  private job?: CronJob;
  private running?: Promise<BuiltRollup[]>;
  private stopping = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const cron = this.config.reporting.rollupCron;
    if (!cron) return;
    this.job = CronJob.from({
      cronTime: cron,
      timeZone: 'Europe/London',
      start: true,
      runOnInit: true,
      onTick: async () => {
        try {
          const built = (await this.catchUp()).filter((b) => b.span !== 'today');
          const days = built.filter((b) => b.span === 'day');
          const months = built.length - days.length;
          if (built.length > 0) {
            const first = days[0] ?? built[0];
            const last = days[days.length - 1] ?? built[built.length - 1];
            this.logger.log(
              `Rollups built for ${days.length} days and ${months} months (${first.kind} ${first.day} to ${last.kind} ${last.day})`,
            );
          }
        } catch (error) {
          this.logger.error(`Demand rollups stopped: ${(error as Error).message}`);
        }
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    // The day being built commits or rolls back; the rest wait for the next run.
    this.stopping = true;
    await this.job?.stop();
    await this.running?.catch(() => undefined);
  }

  /**
   * Builds every marked day before today (London), oldest first, then every marked month that
   * is over, then today's searches so far; answers what it built. One run at a time in this
   * process; other instances take other days and months.
   */
  catchUp(): Promise<BuiltRollup[]> {
    this.running ??= this.buildAll().finally(() => (this.running = undefined));
    return this.running;
  }

  private async buildAll(): Promise<BuiltRollup[]> {
    const today = this.clock.today();
    const now = this.clock.now();
    const built: BuiltRollup[] = [];
    for (;;) {
      if (this.stopping) return built;
      const next = await this.inTransaction((run) => rollUpNext(run, today));
      if (next === undefined) return built;
      if (next === null) break;
      built.push(next);
    }
    // Then today's searches so far, up to the start of this hour (London's hours start with
    // UTC's): reports read them rolled up, and one by one only since then.
    const upto = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
    const soFar = await this.inTransaction((run) => rollUpToday(run, today, upto));
    if (soFar) built.push({ kind: 'searches', span: 'today', day: today });
    return built;
  }

  /**
   * Runs one step of the job in its own transaction; undefined when the day's writes held its
   * lock for longer than the job waits (the next run goes on).
   */
  private async inTransaction<T>(step: (run: RunSql) => Promise<T>): Promise<T | undefined> {
    try {
      return await this.dataSource.transaction((manager) =>
        step((sql, params) => manager.query(sql, params)),
      );
    } catch (error) {
      if (sqlState(error) !== LOCK_NOT_AVAILABLE) throw error;
      this.logger.warn(`Rollups wait for the next run: the day's writes held its lock`);
      return undefined;
    }
  }
}
