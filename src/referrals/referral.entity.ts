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
  UpdateDateColumn,
} from 'typeorm';
import { InterventionEntity } from '../catalogue/intervention.entity';
import { OrganisationEntity } from '../catalogue/organisation.entity';
import { bigintPence } from '../common/bigint.transformer';
import {
  DesiredOutcomeEntity,
  DivisionEntity,
  PccAreaEntity,
} from '../reference/reference.entities';
import { FundingPotEntity } from './funding-pot.entity';
import { ReferralStatus } from './referral-status';

@Entity('referral')
@Index('referral_idempotency_key', ['createdBy', 'idempotencyKey'], { unique: true })
@Index('referral_division_status_idx', ['divisionCode', 'status'])
@Index('referral_pcc_area_created_idx', ['pccAreaCode', 'createdAt'])
// A day's referrals, read by time (the daily rollups, migration PurchaseRollups).
@Index('referral_created_at_idx', ['createdAt'])
@Check('referral_crn_check', `"crn" ~ '^[A-Z][0-9]{6}$' OR "crn" ~ '^ANON-[0-9a-f]{8}$'`)
@Check('referral_units_check', `"units" >= 1`)
@Check('referral_total_check', `"total_pence" = "price_amount_pence" * "units"`)
@Check('referral_attendance_check', `"sessions_attended" <= "sessions_offered"`)
@Check(
  'referral_outcome_payment_check',
  `"outcome_payment_pence" >= 0 AND "outcome_payment_max_pence" >= 0 AND ("outcome_payment_earned_pence" IS NULL OR "outcome_payment_earned_pence" BETWEEN 0 AND "outcome_payment_max_pence")`,
)
@Check('referral_complexity_check', `"complexity" IN ('LOW', 'MEDIUM', 'HIGH')`)
@Check(
  'referral_status_check',
  `"status" IN ('SUBMITTED', 'ACCEPTED', 'DECLINED', 'STARTED', 'COMPLETED', 'ENDED_EARLY', 'CANCELLED')`,
)
export class ReferralEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('referral_intervention_id_idx')
  @Column('uuid')
  interventionId!: string;

  @ManyToOne(() => InterventionEntity)
  @JoinColumn({ name: 'intervention_id', foreignKeyConstraintName: 'referral_intervention_fkey' })
  intervention?: InterventionEntity;

  @Index('referral_provider_id_idx')
  @Column('uuid')
  providerId!: string;

  @ManyToOne(() => OrganisationEntity)
  @JoinColumn({ name: 'provider_id', foreignKeyConstraintName: 'referral_provider_fkey' })
  provider?: OrganisationEntity;

  /**
   * The subcontractor delivering it for the provider (the listing's deliverer when bought), whose
   * suppliers see and deliver it too; null when the provider delivers it itself.
   */
  @Index('referral_delivered_by_id_idx')
  @Column('uuid', { nullable: true })
  deliveredById!: string | null;

  @ManyToOne(() => OrganisationEntity)
  @JoinColumn({ name: 'delivered_by_id', foreignKeyConstraintName: 'referral_delivered_by_fkey' })
  deliveredBy?: OrganisationEntity;

  @Column('text')
  divisionCode!: string;

  @ManyToOne(() => DivisionEntity)
  @JoinColumn({ name: 'division_code', foreignKeyConstraintName: 'referral_division_fkey' })
  division?: DivisionEntity;

  /** Case reference number: the only identifier of the person on probation. */
  @Index('referral_crn_idx')
  @Column('text')
  crn!: string;

  /** The person's details: null once the referral is anonymised (retention or erasure). */
  @Column('text', { nullable: true })
  personSex!: string | null;

  @Column('int', { nullable: true })
  personAge!: number | null;

  @Column('text', { nullable: true })
  personRiskLevel!: string | null;

  @Column('text', { nullable: true })
  personSupervisionType!: string | null;

  @Column('text', { array: true })
  targetFactors!: string[];

  /** Where the person is supervised: the area the commissioners' reports count it in. */
  @Column('text')
  pccAreaCode!: string;

  @ManyToOne(() => PccAreaEntity)
  @JoinColumn({ name: 'pcc_area_code', foreignKeyConstraintName: 'referral_pcc_area_fkey' })
  pccArea?: PccAreaEntity;

  @Column('int')
  units!: number;

  /** The price in force when bought, kept whatever the rate card does later. */
  @Column('bigint', { transformer: bigintPence })
  priceAmountPence!: number;

  @Column('text')
  priceUnit!: string;

  @Column('bigint', { transformer: bigintPence })
  totalPence!: number;

  /** The financial year whose budget was charged (April-March, by start year). */
  @Column('int')
  financialYear!: number;

  /**
   * The funding pot that paid (committed at purchase, settled at the end); null when the
   * division's own budget paid. Never changes after the purchase.
   */
  @Index('referral_funding_pot_id_idx')
  @Column('uuid', { nullable: true })
  fundingPotId!: string | null;

  @ManyToOne(() => FundingPotEntity)
  @JoinColumn({ name: 'funding_pot_id', foreignKeyConstraintName: 'referral_funding_pot_fkey' })
  fundingPot?: FundingPotEntity;

  @Column('text')
  status!: ReferralStatus;

  @Column('text', { nullable: true })
  notes!: string | null;

  /** The purchaser's token subject. */
  @Column('text')
  createdBy!: string;

  @Column('text')
  idempotencyKey!: string;

  /** Hash of the purchase input, to tell a retry from a different purchase under the same key. */
  @Column('text')
  requestHash!: string;

  @Column('timestamptz', { nullable: true })
  acceptedAt!: Date | null;

  @Column('date', { nullable: true })
  startedOn!: string | null;

  /** When it completed or ended early. */
  @Column('timestamptz', { nullable: true })
  completedAt!: Date | null;

  /** Sessions with feedback recorded: kept by the session feedback step, never typed in. */
  @Column('int', { nullable: true })
  sessionsOffered!: number | null;

  /** Of those, the ones the person attended (on time or late). */
  @Column('int', { nullable: true })
  sessionsAttended!: number | null;

  /** LOW, MEDIUM or HIGH; null for referrals bought before complexity was asked. */
  @Column('text', { nullable: true })
  complexity!: string | null;

  /** Outcome payment per desired outcome ACHIEVED, from the price version bought (pence). */
  @Column('bigint', { transformer: bigintPence, default: 0 })
  outcomePaymentPence!: number;

  /** The most outcome payments can come to (per outcome x desired outcomes), committed at purchase. */
  @Column('bigint', { transformer: bigintPence, default: 0 })
  outcomePaymentMaxPence!: number;

  /** Outcome payments earned by the end-of-service report (spent); null until it is submitted. */
  @Column('bigint', { transformer: bigintPence, nullable: true })
  outcomePaymentEarnedPence!: number | null;

  /** When the end-of-service report was submitted. */
  @Column('timestamptz', { nullable: true })
  endOfServiceReportAt!: Date | null;

  /** Ended by the purchaser's withdrawal after it started, and no end-of-service report yet. */
  @Column('boolean', { default: false })
  endOfServiceReportDue!: boolean;

  /** The provider's coded reason, when declined. */
  @Column('text', { nullable: true })
  declineReason!: string | null;

  /** The purchaser's coded reason, when withdrawn. */
  @Column('text', { nullable: true })
  withdrawalReason!: string | null;

  /** When its personal data was replaced (retention or lawful erasure); null while held. */
  @Column('timestamptz', { nullable: true })
  anonymisedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

@Entity('referral_status_change')
@Index('referral_status_change_referral_idx', ['referralId', 'sequence'])
export class ReferralStatusChangeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Generated('increment')
  @Column('bigint')
  sequence!: string;

  @Column('uuid')
  referralId!: string;

  @ManyToOne(() => ReferralEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'referral_id',
    foreignKeyConstraintName: 'referral_status_change_referral_fkey',
  })
  referral?: ReferralEntity;

  @Column('text')
  status!: ReferralStatus;

  @Column('timestamptz')
  at!: Date;

  /** Token subject of who made the change. */
  @Column('text')
  by!: string;

  @Column('text', { nullable: true })
  reason!: string | null;
}

/** The desired outcomes a referral aims at (at least one per target factor). */
@Entity('referral_desired_outcome')
export class ReferralDesiredOutcomeEntity {
  @PrimaryColumn('uuid')
  referralId!: string;

  @ManyToOne(() => ReferralEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'referral_id',
    foreignKeyConstraintName: 'referral_desired_outcome_referral_fkey',
  })
  referral?: ReferralEntity;

  @Index('referral_desired_outcome_desired_outcome_idx')
  @PrimaryColumn('uuid')
  desiredOutcomeId!: string;

  @ManyToOne(() => DesiredOutcomeEntity)
  @JoinColumn({
    name: 'desired_outcome_id',
    foreignKeyConstraintName: 'referral_desired_outcome_desired_outcome_fkey',
  })
  desiredOutcome?: DesiredOutcomeEntity;

  /** Its factor, copied so that reports group by factor without a join. */
  @Column('text')
  factor!: string;
}

/**
 * Everything that happened to a referral, in order, written in each step's own transaction: the
 * one feed a client shows as is, and the one place a notification hook would read.
 */
@Entity('referral_timeline_event')
@Index('referral_timeline_event_referral_idx', ['referralId', 'sequence'])
export class ReferralTimelineEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Generated('increment')
  @Column('bigint')
  sequence!: string;

  @Column('uuid')
  referralId!: string;

  @ManyToOne(() => ReferralEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'referral_id',
    foreignKeyConstraintName: 'referral_timeline_event_referral_fkey',
  })
  referral?: ReferralEntity;

  @Column('timestamptz')
  at!: Date;

  /** Token subject of who did it. */
  @Column('text')
  by!: string;

  @Column('text')
  type!: string;

  @Column('text')
  summary!: string;

  /** Machine-readable facts of the step (ids, codes, flags such as notifyPurchaser). */
  @Column('jsonb', { nullable: true })
  details!: Record<string, unknown> | null;
}

@Entity('division_budget')
@Check('division_budget_amounts_check', `"committed_pence" >= 0 AND "spent_pence" >= 0`)
@Check(
  'division_budget_outcome_payments_check',
  `"outcome_payments_spent_pence" BETWEEN 0 AND "spent_pence"`,
)
@Check(
  'division_budget_not_overdrawn_check',
  `"committed_pence" + "spent_pence" <= "allocated_pence"`,
)
export class DivisionBudgetEntity {
  @PrimaryColumn('text')
  divisionCode!: string;

  @ManyToOne(() => DivisionEntity)
  @JoinColumn({ name: 'division_code', foreignKeyConstraintName: 'division_budget_division_fkey' })
  division?: DivisionEntity;

  @PrimaryColumn('int')
  financialYear!: number;

  @Column('bigint', { transformer: bigintPence })
  allocatedPence!: number;

  /** Held by live referrals (submitted, accepted, started). */
  @Column('bigint', { transformer: bigintPence, default: 0 })
  committedPence!: number;

  /** Paid for completed and ended-early referrals: fees and outcome payments. */
  @Column('bigint', { transformer: bigintPence, default: 0 })
  spentPence!: number;

  /** The part of spent that is outcome payments earned by end-of-service reports. */
  @Column('bigint', { transformer: bigintPence, default: 0 })
  outcomePaymentsSpentPence!: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
