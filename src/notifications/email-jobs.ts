import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { staleSql } from '../catalogue/listing-rules';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { DomainEvent, DomainEventType } from './domain-event';
import { OutboxService } from './outbox.service';

/** Serialises the jobs across instances (pg_advisory_xact_lock key). */
const JOBS_LOCK = 20_2001;

/** How many events each job raised in one run. */
export interface EmailJobsRun {
  declarationsExpiring: number;
  reportsOverdue: number;
  staleDigests: number;
}

/** The ISO week ('2026-W23') of a date ('YYYY-MM-DD'): the stale-listings digest's key. */
export function isoWeek(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const weekday = (date.getUTCDay() + 6) % 7; // Monday 0
  const thursday = new Date(date.getTime() + (3 - weekday) * 86_400_000);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.floor((thursday.getTime() - yearStart) / (7 * 86_400_000)) + 1;
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/**
 * The events nothing else raises, because they happen by the passing of time: a declaration
 * about to expire, an end-of-service report overdue, the weekly stale-listings digest. Each run
 * writes, through the outbox (so they reach webhooks and emails alike), the ones not raised yet:
 * each has a key (its ordering key) and is raised once per key, whatever the number of runs or
 * instances (one run at a time, under an advisory lock). Runs every EMAIL_JOBS_INTERVAL_MS.
 */
@Injectable()
export class EmailJobs implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(EmailJobs.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    const { jobsIntervalMs } = this.config.emails;
    if (jobsIntervalMs <= 0) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.runOnce()
        .catch((error: unknown) => this.logger.error(`Email jobs failed: ${String(error)}`))
        .finally(() => (this.running = undefined));
    }, jobsIntervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One run of every job, in one transaction. */
  async runOnce(): Promise<EmailJobsRun> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock($1)`, [JOBS_LOCK]);
      return {
        declarationsExpiring: await this.declarationsExpiring(manager),
        reportsOverdue: await this.reportsOverdue(manager),
        staleDigests: await this.staleDigest(manager),
      };
    });
  }

  /** Held declarations expiring within EMAIL_DECLARATION_WARNING_DAYS: once per expiry date. */
  private async declarationsExpiring(manager: EntityManager): Promise<number> {
    const rows = await manager.query<
      { organisation_id: string; kind: string; expires_on: string; key: string }[]
    >(
      `SELECT d.organisation_id, d.kind, d.expires_on::text AS expires_on,
              'declaration-expiring:' || d.organisation_id || ':' || d.kind || ':' || d.expires_on AS key
         FROM organisation_declaration d
        WHERE d.held AND d.expires_on >= $1::date AND d.expires_on <= $1::date + $2::int
          AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.type = $3
                 AND o.ordering_key = 'declaration-expiring:' || d.organisation_id || ':' || d.kind || ':' || d.expires_on)`,
      [
        this.clock.today(),
        this.config.emails.declarationWarningDays,
        DomainEventType.DECLARATION_EXPIRING,
      ],
    );
    for (const row of rows) {
      await this.raise(manager, {
        type: DomainEventType.DECLARATION_EXPIRING,
        referralId: null,
        organisationId: row.organisation_id,
        divisionCode: null,
        orderingKey: row.key,
        payload: { declarationKind: row.kind, expiresOn: row.expires_on },
      });
    }
    return rows.length;
  }

  /** End-of-service reports owed more than EMAIL_REPORT_OVERDUE_DAYS after the referral ended. */
  private async reportsOverdue(manager: EntityManager): Promise<number> {
    const rows = await manager.query<
      { id: string; provider_id: string; division_code: string; crn: string }[]
    >(
      `SELECT r.id, r.provider_id, r.division_code, r.crn
         FROM referral r
        WHERE r.end_of_service_report_due AND r.end_of_service_report_at IS NULL
          AND r.completed_at < $1::timestamptz - make_interval(days => $2::int)
          AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.type = $3 AND o.referral_id = r.id)`,
      [
        this.clock.now(),
        this.config.emails.reportOverdueDays,
        DomainEventType.END_OF_SERVICE_REPORT_OVERDUE,
      ],
    );
    for (const row of rows) {
      await this.raise(manager, {
        type: DomainEventType.END_OF_SERVICE_REPORT_OVERDUE,
        referralId: row.id,
        organisationId: row.provider_id,
        divisionCode: row.division_code,
        payload: { crn: row.crn },
      });
    }
    return rows.length;
  }

  /** Once per ISO week, when some published listing is stale: how many. */
  private async staleDigest(manager: EntityManager): Promise<number> {
    const week = isoWeek(this.clock.today());
    const key = `stale-listings:${week}`;
    const [{ stale, raised }] = await manager.query<{ stale: number; raised: boolean }[]>(
      `SELECT (SELECT count(*)::int FROM intervention i
                WHERE i.status = 'PUBLISHED' AND ${staleSql('i', '$1::timestamptz', '$2::int')}) AS stale,
              EXISTS (SELECT 1 FROM outbox o WHERE o.type = $3 AND o.ordering_key = $4) AS raised`,
      [this.clock.now(), this.config.staleAfterDays, DomainEventType.STALE_LISTINGS_DIGEST, key],
    );
    if (raised || stale === 0) return 0;
    await this.raise(manager, {
      type: DomainEventType.STALE_LISTINGS_DIGEST,
      referralId: null,
      organisationId: null,
      divisionCode: null,
      orderingKey: key,
      payload: { staleListings: stale, week },
    });
    return 1;
  }

  private raise(manager: EntityManager, event: DomainEvent): Promise<void> {
    return this.outbox.enqueue(manager, event);
  }
}
