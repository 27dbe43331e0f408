import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Generated,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { OrganisationEntity } from '../catalogue/organisation.entity';
import { DivisionEntity } from '../reference/reference.entities';

/**
 * The transactional outbox: every domain event, written in the transaction of the change it
 * reports, so an event exists if and only if its change committed.
 */
@Entity('outbox')
@Index('outbox_sequence_key', ['sequence'], { unique: true })
@Index('outbox_type_ordering_key_idx', ['type', 'orderingKey'])
export class OutboxEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Write order; deliveries of events with one ordering key follow it. */
  @Generated('increment')
  @Column('bigint')
  sequence!: string;

  @Column('text')
  type!: string;

  @Column('uuid', { nullable: true })
  referralId!: string | null;

  /** Events with the same key reach each webhook in sequence order (the referral by default). */
  @Column('text')
  orderingKey!: string;

  @Column('uuid', { nullable: true })
  organisationId!: string | null;

  @Column('text', { nullable: true })
  divisionCode!: string | null;

  @Column('timestamptz')
  occurredAt!: Date;

  @Column('jsonb')
  payload!: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

/** A receiver registered by a provider organisation or by a division, for some event types. */
@Entity('webhook')
@Check('webhook_owner_check', `("organisation_id" IS NULL) <> ("division_code" IS NULL)`)
@Check('webhook_events_check', `cardinality("events") > 0`)
export class WebhookEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('webhook_organisation_id_idx')
  @Column('uuid', { nullable: true })
  organisationId!: string | null;

  @ManyToOne(() => OrganisationEntity)
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'webhook_organisation_fkey' })
  organisation?: OrganisationEntity;

  @Index('webhook_division_code_idx')
  @Column('text', { nullable: true })
  divisionCode!: string | null;

  @ManyToOne(() => DivisionEntity)
  @JoinColumn({ name: 'division_code', foreignKeyConstraintName: 'webhook_division_fkey' })
  division?: DivisionEntity;

  @Column('text')
  url!: string;

  @Column('text', { array: true })
  events!: string[];

  /** The HMAC key deliveries are signed with; shown to the registrant once. */
  @Column('text')
  secret!: string;

  @Column('text', { nullable: true })
  description!: string | null;

  @Column('boolean', { default: true })
  active!: boolean;

  @Column('text')
  createdBy!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { nullable: true })
  deactivatedAt!: Date | null;
}

export enum DeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
}

/** One event owed to one webhook: created with the event, retried until delivered or given up. */
@Entity('webhook_delivery')
@Index('webhook_delivery_event_key', ['webhookId', 'outboxId'], { unique: true })
@Index('webhook_delivery_webhook_sequence_idx', ['webhookId', 'eventSequence'])
@Index('webhook_delivery_due_idx', ['nextAttemptAt'], { where: `"status" = 'PENDING'` })
@Index('webhook_delivery_queue_idx', ['webhookId', 'orderingKey', 'eventSequence'], {
  where: `"status" = 'PENDING'`,
})
@Check(
  'webhook_delivery_status_check',
  `"status" IN ('PENDING', 'DELIVERED', 'FAILED', 'CANCELLED')`,
)
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  webhookId!: string;

  @ManyToOne(() => WebhookEntity)
  @JoinColumn({ name: 'webhook_id', foreignKeyConstraintName: 'webhook_delivery_webhook_fkey' })
  webhook?: WebhookEntity;

  @Index('webhook_delivery_outbox_id_idx')
  @Column('uuid')
  outboxId!: string;

  @ManyToOne(() => OutboxEventEntity)
  @JoinColumn({ name: 'outbox_id', foreignKeyConstraintName: 'webhook_delivery_outbox_fkey' })
  event?: OutboxEventEntity;

  /** Copied from the event, so the queue can be ordered without a join. */
  @Column('bigint')
  eventSequence!: string;

  @Column('text')
  orderingKey!: string;

  @Column('text')
  status!: DeliveryStatus;

  @Column('int', { default: 0 })
  attempts!: number;

  /** When it may next be tried; while an attempt is in flight, when that attempt's lease ends. */
  @Column('timestamptz')
  nextAttemptAt!: Date;

  @Column('timestamptz', { nullable: true })
  lastAttemptAt!: Date | null;

  @Column('int', { nullable: true })
  lastHttpStatus!: number | null;

  @Column('text', { nullable: true })
  lastError!: string | null;

  @Column('timestamptz', { nullable: true })
  deliveredAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

/** One try at a delivery: what the receiver answered, or why it could not be reached. */
@Entity('webhook_delivery_attempt')
export class WebhookDeliveryAttemptEntity {
  @PrimaryColumn('uuid')
  deliveryId!: string;

  @ManyToOne(() => WebhookDeliveryEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'delivery_id',
    foreignKeyConstraintName: 'webhook_delivery_attempt_delivery_fkey',
  })
  delivery?: WebhookDeliveryEntity;

  @PrimaryColumn('int')
  number!: number;

  @Column('timestamptz')
  at!: Date;

  @Column('int', { nullable: true })
  httpStatus!: number | null;

  @Column('text', { nullable: true })
  error!: string | null;

  @Column('int')
  durationMs!: number;
}
