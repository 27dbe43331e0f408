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
import { DivisionEntity, PccAreaEntity } from '../reference/reference.entities';
import { ReferralStatus } from './referral-status';

@Entity('referral')
@Index('referral_idempotency_key', ['createdBy', 'idempotencyKey'], { unique: true })
@Index('referral_division_status_idx', ['divisionCode', 'status'])
@Index('referral_pcc_area_created_idx', ['pccAreaCode', 'createdAt'])
@Check('referral_crn_check', `"crn" ~ '^[A-Z][0-9]{6}$'`)
@Check('referral_units_check', `"units" >= 1`)
@Check('referral_total_check', `"total_pence" = "price_amount_pence" * "units"`)
@Check('referral_attendance_check', `"sessions_attended" <= "sessions_offered"`)
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

  @Column('text')
  divisionCode!: string;

  @ManyToOne(() => DivisionEntity)
  @JoinColumn({ name: 'division_code', foreignKeyConstraintName: 'referral_division_fkey' })
  division?: DivisionEntity;

  /** Case reference number: the only identifier of the person on probation. */
  @Index('referral_crn_idx')
  @Column('text')
  crn!: string;

  @Column('text')
  personSex!: string;

  @Column('int')
  personAge!: number;

  @Column('text')
  personRiskLevel!: string;

  @Column('text')
  personSupervisionType!: string;

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

  @Column('int', { nullable: true })
  sessionsOffered!: number | null;

  @Column('int', { nullable: true })
  sessionsAttended!: number | null;

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

@Entity('division_budget')
@Check('division_budget_amounts_check', `"committed_pence" >= 0 AND "spent_pence" >= 0`)
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

  /** Paid for completed and ended-early referrals. */
  @Column('bigint', { transformer: bigintPence, default: 0 })
  spentPence!: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
