import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Caller } from '../auth/caller';
import { groupByKey, requestLoader } from '../common/request-loaders';
import { DomainEventType, referralEvent } from '../notifications/domain-event';
import { OutboxService } from '../notifications/outbox.service';
import { TimelineEventType } from './referral-codes';
import { ReferralParties, timelineAsSeenBy } from './referral.policy';
import { ReferralEntity, ReferralTimelineEventEntity } from './referral.entity';
import { TimelineEvent } from './referrals.models';

export interface TimelineEntry {
  referralId: string;
  type: TimelineEventType;
  /** Token subject of who did it. */
  by: string;
  at: Date;
  summary: string;
  /** Machine-readable facts (ids, codes, notify flags) for hooks and clients. */
  details?: Record<string, unknown>;
}

/** The timeline events that are also sent to webhooks, and the event each one is. */
const ANNOUNCED: Partial<Record<TimelineEventType, DomainEventType>> = {
  REFERRAL_SENT: DomainEventType.REFERRAL_SENT,
  REFERRAL_ACCEPTED: DomainEventType.REFERRAL_ACCEPTED,
  REFERRAL_DECLINED: DomainEventType.REFERRAL_DECLINED,
  REFERRAL_STARTED: DomainEventType.REFERRAL_STARTED,
  REFERRAL_COMPLETED: DomainEventType.REFERRAL_COMPLETED,
  REFERRAL_ENDED_EARLY: DomainEventType.REFERRAL_ENDED_EARLY,
  REFERRAL_WITHDRAWN: DomainEventType.REFERRAL_WITHDRAWN,
  SESSION_MISSED: DomainEventType.SESSION_MISSED,
  SESSION_CONCERNS_RAISED: DomainEventType.SESSION_FEEDBACK_CONCERNS,
  ACTION_PLAN_SUBMITTED: DomainEventType.ACTION_PLAN_SUBMITTED,
  END_OF_SERVICE_REPORT_SUBMITTED: DomainEventType.END_OF_SERVICE_REPORT_SUBMITTED,
  OUTCOME_RECORDED: DomainEventType.OUTCOME_RECORDED,
};

/**
 * The one writer of referral timelines. Every step of the delivery flow calls `record` inside its
 * own transaction, so the timeline and the change it describes commit together or not at all;
 * the steps webhooks hear about are written to the notifications outbox in the same breath.
 */
@Injectable()
export class TimelineService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  async record(manager: EntityManager, entry: TimelineEntry): Promise<void> {
    await manager.save(ReferralTimelineEventEntity, {
      referralId: entry.referralId,
      type: entry.type,
      by: entry.by,
      at: entry.at,
      summary: entry.summary,
      details: entry.details ?? null,
    });
    const announced = ANNOUNCED[entry.type];
    if (announced) {
      const referral = await manager.findOneOrFail(ReferralEntity, {
        where: { id: entry.referralId },
        select: { id: true, providerId: true, divisionCode: true, crn: true },
      });
      // A decline carries its coded reason (never the free-text comments): emails name it.
      const facts: Record<string, string> =
        entry.type === TimelineEventType.REFERRAL_DECLINED &&
        typeof entry.details?.reason === 'string'
          ? { declineReason: entry.details.reason }
          : {};
      await this.outbox.enqueue(manager, referralEvent(announced, referral, entry.at, facts));
    }
  }

  /** A referral's timeline as the caller may read it (batched per request). */
  async timelineFor(
    caller: Caller,
    referral: ReferralParties & { id: string },
    req: object,
  ): Promise<TimelineEvent[]> {
    const events = await requestLoader(req, 'referralTimeline', (ids: readonly string[]) =>
      this.forReferrals(ids),
    ).load(referral.id);
    return timelineAsSeenBy(caller, referral, events);
  }

  /** Timelines of many referrals, oldest event first (for a request-scoped loader). */
  async forReferrals(referralIds: readonly string[]): Promise<TimelineEvent[][]> {
    const rows = await this.dataSource.getRepository(ReferralTimelineEventEntity).find({
      where: { referralId: In([...referralIds]) },
      order: { sequence: 'ASC' },
    });
    return groupByKey(referralIds, rows, (r) => r.referralId).map((events) =>
      events.map((e) => ({
        id: e.id,
        at: e.at,
        by: e.by,
        type: e.type as TimelineEventType,
        summary: e.summary,
      })),
    );
  }
}
