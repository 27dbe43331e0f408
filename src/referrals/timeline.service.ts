import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { groupByKey } from '../common/request-loaders';
import { TimelineEventType } from './referral-codes';
import { ReferralTimelineEventEntity } from './referral.entity';
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

/**
 * The one writer of referral timelines. Every step of the delivery flow calls `record` inside its
 * own transaction, so the timeline and the change it describes commit together or not at all.
 * This is the single place to hang further reactions to the domain events (e.g. an outbox row
 * for notifications): they would commit with the step too.
 */
@Injectable()
export class TimelineService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(manager: EntityManager, entry: TimelineEntry): Promise<void> {
    await manager.save(ReferralTimelineEventEntity, {
      referralId: entry.referralId,
      type: entry.type,
      by: entry.by,
      at: entry.at,
      summary: entry.summary,
      details: entry.details ?? null,
    });
  }

  /** Timelines of many referrals, oldest event first (for a request-scoped loader). */
  async forReferrals(referralIds: readonly string[]): Promise<TimelineEvent[][]> {
    const rows = await this.dataSource.getRepository(ReferralTimelineEventEntity).find({
      where: { referralId: In([...referralIds]) },
      order: { sequence: 'ASC' },
    });
    return groupByKey(referralIds, rows, (r) => r.referralId).map((events) =>
      events.map((e) => ({
        at: e.at,
        by: e.by,
        type: e.type as TimelineEventType,
        summary: e.summary,
      })),
    );
  }
}
