import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DataSource,
  EntityManager,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';
import { Clock } from '../common/clock';
import {
  DomainEvent,
  DomainEventType,
  referralEvent,
  ReferralRef,
  referralStatusEvent,
} from './domain-event';
import { DeliveryStatus } from './notifications.entities';

/** Writes the emails an event owes in its transaction; answers how many. */
export type EmailFanOut = (
  manager: EntityManager,
  outboxId: string,
  event: DomainEvent,
) => Promise<number>;

/** The channel a committed event is announced on, to wake dispatchers on other instances. */
export const OUTBOX_CHANNEL = 'marketplace_outbox';

/**
 * The one way into the outbox. Every module that changes something worth announcing calls
 * {@link enqueue} with its own transaction's manager: the event and the deliveries it owes to
 * the registered webhooks commit or roll back with the change.
 */
@Injectable()
export class OutboxService implements EntitySubscriberInterface {
  /** Transactions that enqueued something, to wake the dispatcher once they commit. */
  private readonly pending = new WeakSet<QueryRunner>();
  private readonly listeners = new Set<() => void>();
  private emailFanOut?: EmailFanOut;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly clock: Clock,
  ) {
    dataSource.subscribers.push(this);
  }

  /**
   * Writes `event` in `manager`'s transaction and, in the same statement, one PENDING delivery
   * for each active webhook of the event's organisation or division that asked for its type.
   * Fanning out here (not at dispatch) means a delivery exists exactly when its event committed,
   * with no cursor over sequence numbers that commit out of order.
   */
  async enqueue(manager: EntityManager, event: DomainEvent): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive) {
      // An event outside a transaction could outlive a change that failed: refuse it loudly.
      throw new Error('OutboxService.enqueue must be called inside the change’s transaction');
    }
    const [{ id, sequence }] = await manager.query<{ id: string; sequence: string }[]>(
      `INSERT INTO outbox (type, referral_id, ordering_key, organisation_id, division_code, occurred_at, payload)
       VALUES ($1, $2, coalesce($3, gen_random_uuid()::text), $4, $5, $6, $7)
       RETURNING id, sequence`,
      [
        event.type,
        event.referralId,
        event.orderingKey ?? event.referralId,
        event.organisationId,
        event.divisionCode,
        event.occurredAt ?? this.clock.now(),
        JSON.stringify(event.payload ?? {}),
      ],
    );
    const fannedOut = await manager.query<{ id: string }[]>(
      `INSERT INTO webhook_delivery (webhook_id, outbox_id, event_sequence, ordering_key, status, next_attempt_at)
       SELECT w.id, o.id, o.sequence, o.ordering_key, $2, now()
         FROM outbox o JOIN webhook w
           ON w.active AND o.type = ANY (w.events)
          AND (w.organisation_id = o.organisation_id OR w.division_code = o.division_code)
        WHERE o.id = $1
       RETURNING id`,
      [id, DeliveryStatus.PENDING],
    );
    const emails = this.emailFanOut ? await this.emailFanOut(manager, id, event) : 0;
    if (fannedOut.length > 0 || emails > 0) {
      this.pending.add(manager.queryRunner);
      // Delivered to listeners only if the transaction commits.
      await manager.query(`SELECT pg_notify($1, $2)`, [OUTBOX_CHANNEL, sequence]);
    }
  }

  /**
   * Announces that a referral reached its current `status` (REFERRAL_SENT for SUBMITTED,
   * REFERRAL_WITHDRAWN for CANCELLED...); statuses with no event are ignored.
   */
  async referralStatusChanged(
    manager: EntityManager,
    referral: ReferralRef & { status: string },
    at?: Date,
  ): Promise<void> {
    const type = referralStatusEvent(referral.status);
    if (type) await this.enqueue(manager, referralEvent(type, referral, at));
  }

  /** Announces that the buying division recorded a referral's outcome. */
  async outcomeRecorded(manager: EntityManager, referral: ReferralRef, at?: Date): Promise<void> {
    await this.enqueue(manager, referralEvent(DomainEventType.OUTCOME_RECORDED, referral, at));
  }

  /**
   * Registers what writes the emails an event owes, in the event's own transaction (the email
   * module's {@link EmailFanOut}; kept as a hook so the outbox does not depend on it).
   */
  setEmailFanOut(fanOut: EmailFanOut): void {
    this.emailFanOut = fanOut;
  }

  /** Calls `listener` after each commit that owes a webhook (or an email) something. Returns the unsubscribe. */
  onCommitted(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    if (!this.pending.has(event.queryRunner)) return;
    this.pending.delete(event.queryRunner);
    for (const listener of this.listeners) listener();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    this.pending.delete(event.queryRunner);
  }
}
