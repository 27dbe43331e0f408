import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CronJob } from 'cron';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../auth/caller';
import { Clock } from '../common/clock';
import { inTransaction } from '../common/transaction';
import { AppConfig } from '../config/app-config';
import { APPLICATION_RETENTION_YEARS, CLOSED_STATUSES, retentionCutoff } from './anonymise';
import { AnonymiserService } from './anonymiser.service';

/** What a run did, or would do on a dry run: counts only. */
export interface RetentionReport {
  dryRun: boolean;
  /** Referrals closed before this instant are anonymised. */
  cutoff: Date;
  referralsAnonymised: number;
  /** Framework applications rejected or left with changes asked for before this instant go. */
  applicationsCutoff: Date;
  applicationsDeleted: number;
}

/** Who the retention job's audit events name. */
export const RETENTION_ACTOR: Caller = { id: 'system:retention', name: 'Retention job', roles: [] };

/** Referrals anonymised per transaction: a long backlog never holds many locks for long. */
const BATCH = 200;

/** A referral's closing instant: completion, or its last status change (declined, cancelled). */
const CLOSED_AT = `COALESCE(r.completed_at,
  (SELECT max(h.at) FROM referral_status_change h WHERE h.referral_id = r.id))`;
const DUE = `r.anonymised_at IS NULL AND r.status = ANY($1::text[])
  AND NOT r.end_of_service_report_due AND ${CLOSED_AT} < $2`;
/** The outbox events about a framework application (keyed `application:<id>`). */
const FRAMEWORK_APPLICATION_EVENTS = [
  'FRAMEWORK_APPLICATION_SUBMITTED',
  'FRAMEWORK_APPLICATION_RESUBMITTED',
  'FRAMEWORK_APPLICATION_CHANGES_REQUESTED',
  'FRAMEWORK_APPLICATION_APPROVED',
  'FRAMEWORK_APPLICATION_REJECTED',
];
const STALE_APPLICATIONS = `status IN ('REJECTED', 'CHANGES_REQUESTED') AND decided_at < $1`;

/**
 * The retention job: anonymises referrals closed more than RETENTION_YEARS ago (see
 * AnonymiserService for what that replaces and keeps) and deletes framework applications
 * rejected, or left with changes asked for, over a year ago, with their audit events (they hold
 * the applicant's name and contact) and the emails about them (sent to that contact). Time
 * comes from the Clock. Scheduled by RETENTION_CRON; `npm run retention` runs it by hand. Each
 * batch commits with an audit event of its counts. Concurrent runs (several instances) skip each
 * other's rows.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RetentionService.name);
  private job?: CronJob;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly anonymiser: AnonymiserService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const { cron, dryRun } = this.config.retention;
    if (!cron) return;
    this.job = CronJob.from({
      cronTime: cron,
      timeZone: 'Europe/London',
      start: true,
      onTick: async () => {
        try {
          const report = await this.run({ dryRun });
          this.logger.log(
            `Retention${report.dryRun ? ' (dry run)' : ''}: ${report.referralsAnonymised} referrals anonymised, ${report.applicationsDeleted} framework applications deleted`,
          );
        } catch (error) {
          this.logger.error(`Retention run failed: ${String(error)}`);
        }
      },
    });
  }

  onApplicationShutdown(): void {
    void this.job?.stop();
  }

  async run({ dryRun = false }: { dryRun?: boolean } = {}): Promise<RetentionReport> {
    const now = this.clock.now();
    const cutoff = retentionCutoff(now, this.config.retention.years);
    const applicationsCutoff = retentionCutoff(now, APPLICATION_RETENTION_YEARS);
    const runId = randomUUID();
    const report: RetentionReport = {
      dryRun,
      cutoff,
      referralsAnonymised: 0,
      applicationsCutoff,
      applicationsDeleted: 0,
    };
    if (dryRun) {
      const [referrals] = await this.dataSource.query<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM referral r WHERE ${DUE}`,
        [CLOSED_STATUSES, cutoff],
      );
      const [applications] = await this.dataSource.query<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM framework_application WHERE ${STALE_APPLICATIONS}`,
        [applicationsCutoff],
      );
      return {
        ...report,
        referralsAnonymised: referrals.count,
        applicationsDeleted: applications.count,
      };
    }
    for (;;) {
      const done = await inTransaction(this.dataSource, async (manager) => {
        const rows = await manager.query<{ id: string }[]>(
          `SELECT r.id FROM referral r WHERE ${DUE} ORDER BY r.id LIMIT ${BATCH}
             FOR UPDATE SKIP LOCKED`,
          [CLOSED_STATUSES, cutoff],
        );
        const ids = rows.map((r) => r.id);
        if (ids.length === 0) return 0;
        await this.anonymiser.anonymise(manager, ids, now);
        await this.audit.record(manager, RETENTION_ACTOR, {
          entityType: 'Retention',
          entityId: runId,
          organisationId: null,
          action: 'REFERRALS_ANONYMISED',
          before: null,
          after: { referrals: ids.length, closedBefore: cutoff.toISOString() },
        });
        return ids.length;
      });
      report.referralsAnonymised += done;
      if (done < BATCH) break;
    }
    report.applicationsDeleted = await inTransaction(this.dataSource, async (manager) => {
      const rows = await manager.query<{ id: string }[]>(
        `DELETE FROM framework_application WHERE ${STALE_APPLICATIONS} RETURNING id`,
        [applicationsCutoff],
      );
      // DELETE ... RETURNING answers [rows, count] through TypeORM's postgres driver.
      const ids = (Array.isArray(rows[0]) ? (rows[0] as { id: string }[]) : rows).map((r) => r.id);
      if (ids.length === 0) return 0;
      await manager.query(
        `DELETE FROM audit_event WHERE entity_type = 'FrameworkApplication' AND entity_id = ANY($1::uuid[])`,
        [ids],
      );
      // And the emails about them (the decision went to the applicant's contact address), with
      // the development mailbox's copies. Their events are found by type and ordering key.
      const events = [FRAMEWORK_APPLICATION_EVENTS, ids.map((id) => `application:${id}`)];
      const about = `SELECT e.id FROM email e JOIN outbox o ON o.id = e.outbox_id
                      WHERE o.type = ANY($1::text[]) AND o.ordering_key = ANY($2::text[])`;
      await manager.query(`DELETE FROM mailbox_message WHERE email_id IN (${about})`, events);
      await manager.query(`DELETE FROM email WHERE id IN (${about})`, events);
      await this.audit.record(manager, RETENTION_ACTOR, {
        entityType: 'Retention',
        entityId: runId,
        organisationId: null,
        action: 'APPLICATIONS_DELETED',
        before: null,
        after: { applications: ids.length, decidedBefore: applicationsCutoff.toISOString() },
      });
      return ids.length;
    });
    return report;
  }
}
