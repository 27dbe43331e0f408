import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { ReferralEntity } from '../referrals/referral.entity';

/** One version of a referral's action plan; a new submission supersedes, history is kept. */
@Entity('action_plan')
@Unique('action_plan_referral_version_key', ['referralId', 'version'])
@Check('action_plan_version_check', `"version" >= 1`)
@Check('action_plan_planned_sessions_check', `"planned_sessions" BETWEEN 1 AND 500`)
export class ActionPlanEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  referralId!: string;

  @ManyToOne(() => ReferralEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'referral_id', foreignKeyConstraintName: 'action_plan_referral_fkey' })
  referral?: ReferralEntity;

  @Column('int')
  version!: number;

  @Column('text', { array: true })
  activities!: string[];

  @Column('int')
  plannedSessions!: number;

  @Column('text')
  submittedBy!: string;

  @Column('timestamptz')
  submittedAt!: Date;
}

/** A session of a referral: scheduled by the provider, then its feedback recorded once. */
@Entity('delivery_session')
@Index('delivery_session_referral_idx', ['referralId', 'startsAt'])
@Check('delivery_session_duration_check', `"duration_minutes" BETWEEN 5 AND 720`)
@Check('delivery_session_attended_check', `"attended" IN ('YES', 'LATE', 'NO')`)
@Check(
  'delivery_session_no_session_reason_check',
  `"no_session_reason" IN ('PERSON_ACCEPTABLE', 'PERSON_UNACCEPTABLE', 'LOGISTICS')`,
)
export class DeliverySessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  referralId!: string;

  @ManyToOne(() => ReferralEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'referral_id', foreignKeyConstraintName: 'delivery_session_referral_fkey' })
  referral?: ReferralEntity;

  @Column('timestamptz')
  startsAt!: Date;

  @Column('int')
  durationMinutes!: number;

  @Column('text')
  deliveryMode!: string;

  @Column('text', { nullable: true })
  venue!: string | null;

  @Column('text')
  scheduledBy!: string;

  @Column('timestamptz')
  scheduledAt!: Date;

  /** Feedback: null until recorded. */
  @Column('text', { nullable: true })
  attended!: string | null;

  @Column('boolean', { nullable: true })
  sessionHappened!: boolean | null;

  @Column('text', { nullable: true })
  noSessionReason!: string | null;

  @Column('text', { nullable: true })
  summary!: string | null;

  @Column('text', { nullable: true })
  response!: string | null;

  @Column('text', { nullable: true })
  concerns!: string | null;

  @Column('boolean', { nullable: true })
  notifyPurchaser!: boolean | null;

  @Column('text', { nullable: true })
  feedbackBy!: string | null;

  @Column('timestamptz', { nullable: true })
  feedbackAt!: Date | null;
}

/** One move of a session's time, with why and at whose request. */
@Entity('delivery_session_reschedule')
@Index('delivery_session_reschedule_session_idx', ['sessionId', 'at'])
@Check(
  'delivery_session_reschedule_requested_by_check',
  `"requested_by" IN ('PERSON_ON_PROBATION', 'PROVIDER')`,
)
export class SessionRescheduleEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  sessionId!: string;

  @ManyToOne(() => DeliverySessionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'session_id',
    foreignKeyConstraintName: 'delivery_session_reschedule_session_fkey',
  })
  session?: DeliverySessionEntity;

  @Column('timestamptz')
  fromStartsAt!: Date;

  @Column('timestamptz')
  toStartsAt!: Date;

  @Column('text')
  reason!: string;

  @Column('text')
  requestedBy!: string;

  @Column('text')
  by!: string;

  @Column('timestamptz')
  at!: Date;
}

/** A note on a referral by either side (the purchaser's division or the provider). */
@Entity('case_note')
@Index('case_note_referral_idx', ['referralId', 'at'])
@Check('case_note_side_check', `"side" IN ('PURCHASER', 'PROVIDER')`)
export class CaseNoteEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  referralId!: string;

  @ManyToOne(() => ReferralEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'referral_id', foreignKeyConstraintName: 'case_note_referral_fkey' })
  referral?: ReferralEntity;

  @Column('text')
  subject!: string;

  @Column('text')
  body!: string;

  @Column('boolean')
  notifyOtherSide!: boolean;

  /** PURCHASER or PROVIDER: which side wrote it. */
  @Column('text')
  side!: string;

  @Column('text')
  by!: string;

  @Column('timestamptz')
  at!: Date;
}
