import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { AppConfig } from '../config/app-config';
import { ReportTurns } from './report-turns';

/** How often the instance's business is measured. */
const SAMPLE_MS = 100;

/** Busy: the event loop was working at least this share of the last SAMPLE_MS. */
const BUSY_UTILISATION = 0.5;

/**
 * The turns the national reports take on this instance (ReportTurns, one every REPORT_YIELD_MS
 * while busy), busy meaning its one JavaScript thread, which purchases also need, worked at
 * least half of the last 100 ms (event-loop utilisation).
 */
@Injectable()
export class ReportLane implements OnModuleDestroy {
  private readonly turns: ReportTurns;
  private readonly sampler: NodeJS.Timeout | undefined;
  private last = performance.eventLoopUtilization();
  private busyNow = false;

  constructor(config: AppConfig) {
    this.turns = new ReportTurns(config.reporting.yieldMs, () => this.isBusy());
    if (config.reporting.yieldMs > 0) {
      this.sampler = setInterval(() => this.sample(), SAMPLE_MS);
      this.sampler.unref();
    }
  }

  /** False when REPORT_YIELD_MS is 0: reports never wait. */
  get enabled(): boolean {
    return this.sampler !== undefined;
  }

  /** Undefined when a report may go now; otherwise its turn (rejected: REPORTS_BUSY). */
  turn(): Promise<void> | undefined {
    return this.turns.turn();
  }

  /** Reports waiting for their turn now. */
  get queued(): number {
    return this.turns.queued;
  }

  /** Whether the last sample found the instance busy. */
  isBusy(): boolean {
    return this.busyNow;
  }

  onModuleDestroy(): void {
    if (this.sampler) clearInterval(this.sampler);
    this.turns.releaseAll();
  }

  private sample(): void {
    const now = performance.eventLoopUtilization();
    this.busyNow = performance.eventLoopUtilization(now, this.last).utilization >= BUSY_UTILISATION;
    this.last = now;
  }
}
