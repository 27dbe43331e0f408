import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CronJob } from 'cron';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { sqlState } from '../common/database-errors';
import { AppConfig } from '../config/app-config';
import { BuiltRollup, rollUpNext } from './purchase-rollups';

/** SQLSTATE of a lock not granted within lock_timeout. */
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * The rollup job: builds the daily rollups (searches, referrals, judgements) of every day that
 * is over and marked (see demand-rollups.ts and purchase-rollups.ts), then the monthly rollups
 * of every month that is over and marked (monthly-rollups.ts), one transaction per day or
 * month. Runs at start and on DEMAND_ROLLUP_CRON (hourly by default, off in tests); `npm run
 * rollup` runs it by hand. Idempotent: a day or month is rebuilt whole, and only while marked.
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
          const built = await this.catchUp();
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
   * is over; answers what it built. One run at a time in this process; other instances take
   * other days and months.
   */
  catchUp(): Promise<BuiltRollup[]> {
    this.running ??= this.buildAll().finally(() => (this.running = undefined));
    return this.running;
  }

  private async buildAll(): Promise<BuiltRollup[]> {
    const today = this.clock.today();
    const built: BuiltRollup[] = [];
    while (!this.stopping) {
      let next: BuiltRollup | null;
      try {
        next = await this.dataSource.transaction((manager) =>
          rollUpNext((sql, params) => manager.query(sql, params), today),
        );
      } catch (error) {
        // Searches were being written for longer than the lock may wait: the next run goes on.
        if (sqlState(error) !== LOCK_NOT_AVAILABLE) throw error;
        this.logger.warn(`Rollups wait for the next run: the day's writes held its lock`);
        break;
      }
      if (!next) break;
      built.push(next);
    }
    return built;
  }
}
