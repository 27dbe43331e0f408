import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CronJob } from 'cron';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { sqlState } from '../common/database-errors';
import { AppConfig } from '../config/app-config';
import { rollUpNext, RollupKind } from './purchase-rollups';

/** A day the job built, and of which rollup. */
export interface BuiltDay {
  kind: RollupKind;
  day: string;
}

/** SQLSTATE of a lock not granted within lock_timeout. */
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * The rollup job: builds the daily rollups (searches, referrals, judgements) of every day that
 * is over and marked (see demand-rollups.ts and purchase-rollups.ts), one transaction per day. Runs at start and on DEMAND_ROLLUP_CRON (hourly
 * by default, off in tests); `npm run rollup` runs it by hand. Idempotent: a day is rebuilt
 * whole, and only while marked.
 */
@Injectable()
export class DemandRollupService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DemandRollupService.name);
  private job?: CronJob;
  private running?: Promise<BuiltDay[]>;
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
          const days = await this.catchUp();
          if (days.length > 0) {
            this.logger.log(
              `Rollups built for ${days.length} days (${days[0].kind} ${days[0].day} to ${days[days.length - 1].kind} ${days[days.length - 1].day})`,
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
   * Builds every marked day before today (London), oldest first; answers the days built. One
   * run at a time in this process; other instances take other days.
   */
  catchUp(): Promise<BuiltDay[]> {
    this.running ??= this.buildAll().finally(() => (this.running = undefined));
    return this.running;
  }

  private async buildAll(): Promise<BuiltDay[]> {
    const today = this.clock.today();
    const built: BuiltDay[] = [];
    while (!this.stopping) {
      let day: BuiltDay | null;
      try {
        day = await this.dataSource.transaction((manager) =>
          rollUpNext((sql, params) => manager.query(sql, params), today),
        );
      } catch (error) {
        // Searches were being written for longer than the lock may wait: the next run goes on.
        if (sqlState(error) !== LOCK_NOT_AVAILABLE) throw error;
        this.logger.warn(`Rollups wait for the next run: the day's writes held its lock`);
        break;
      }
      if (!day) break;
      built.push(day);
    }
    return built;
  }
}
