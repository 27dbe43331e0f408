import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { ReferralEntity } from '../referrals/referral.entity';

/** The inspectorate's three judgements on a finished referral, made by the buying division. */
@Entity('outcome')
export class OutcomeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('outcome_referral_key', { unique: true })
  @Column('uuid')
  referralId!: string;

  @OneToOne(() => ReferralEntity)
  @JoinColumn({ name: 'referral_id', foreignKeyConstraintName: 'outcome_referral_fkey' })
  referral?: ReferralEntity;

  /** Denormalised from the referral so that aggregates can be rebuilt from outcomes alone. */
  @Column('uuid')
  providerId!: string;

  @Column('uuid')
  interventionId!: string;

  @Column('boolean')
  riskOfHarmFocusSufficient!: boolean;

  @Column('boolean')
  informationForReviewSufficient!: boolean;

  @Column('text', { nullable: true })
  notes!: string | null;

  @Column('text')
  recordedBy!: string;

  @Column('timestamptz')
  recordedAt!: Date;

  @Column('timestamptz', { nullable: true })
  amendedAt!: Date | null;
}

/** "Did the provider contribute sufficiently?" for one of the referral's target factors. */
@Entity('outcome_factor_judgement')
export class FactorJudgementEntity {
  @PrimaryColumn('uuid')
  outcomeId!: string;

  @ManyToOne(() => OutcomeEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'outcome_id',
    foreignKeyConstraintName: 'outcome_factor_judgement_outcome_fkey',
  })
  outcome?: OutcomeEntity;

  @PrimaryColumn('text')
  factor!: string;

  @Column('boolean')
  sufficient!: boolean;
}

/**
 * Running totals behind contribution scores, per provider and per intervention, per factor and
 * overall (factor '*'). Changed by each outcome in its own transaction; rebuildable from outcomes.
 */
@Entity('contribution_aggregate')
@Check('contribution_aggregate_scope_check', `"scope" IN ('PROVIDER', 'INTERVENTION')`)
@Check(
  'contribution_aggregate_counts_check',
  `"sufficient" BETWEEN 0 AND "judged" AND "risk_of_harm_focus_sufficient" BETWEEN 0 AND "outcomes" AND "information_for_review_sufficient" BETWEEN 0 AND "outcomes"`,
)
export class ContributionAggregateEntity {
  @PrimaryColumn('text')
  scope!: 'PROVIDER' | 'INTERVENTION';

  @PrimaryColumn('uuid')
  scopeId!: string;

  /** A factor code, or '*' for all factors together. */
  @PrimaryColumn('text')
  factor!: string;

  @Column('int', { default: 0 })
  judged!: number;

  @Column('int', { default: 0 })
  sufficient!: number;

  /** Outcome records counted (each answers the two outcome-level questions once). */
  @Column('int', { default: 0 })
  outcomes!: number;

  @Column('int', { default: 0 })
  riskOfHarmFocusSufficient!: number;

  @Column('int', { default: 0 })
  informationForReviewSufficient!: number;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt!: Date;
}
