import { bigintPence } from '../common/bigint.transformer';
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
import { DesiredOutcomeEntity } from '../reference/reference.entities';
import { ReferralEntity } from '../referrals/referral.entity';
import { Judgement } from './judgement';

/** The inspectorate's three judgements on a finished referral, made by the buying division. */
@Entity('outcome')
@Check(
  'outcome_judgements_check',
  `"risk_of_harm_focus" IN ('YES', 'NO', 'NOT_APPLICABLE') AND "information_for_review" IN ('YES', 'NO', 'NOT_APPLICABLE')`,
)
// A day's outcomes, read by time (the daily rollups, migration PurchaseRollups).
@Index('outcome_recorded_at_idx', ['recordedAt'])
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

  /** YES, NO or NOT_APPLICABLE (Judgement). */
  @Column('text')
  riskOfHarmFocus!: Judgement;

  /** YES, NO or NOT_APPLICABLE (Judgement). */
  @Column('text')
  informationForReview!: Judgement;

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
  `"sufficient" BETWEEN 0 AND "judged" AND "risk_of_harm_focus_sufficient" BETWEEN 0 AND "risk_of_harm_focus_applicable" AND "risk_of_harm_focus_applicable" BETWEEN 0 AND "outcomes" AND "information_for_review_sufficient" BETWEEN 0 AND "information_for_review_applicable" AND "information_for_review_applicable" BETWEEN 0 AND "outcomes"`,
)
@Check(
  'contribution_aggregate_reports_check',
  `"reports" >= 0 AND "achievement_rate_micros" BETWEEN 0 AND "reports"::bigint * 1000000`,
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

  /** Of those, outcomes where the risk of harm question applied (YES or NO). */
  @Column('int', { default: 0 })
  riskOfHarmFocusApplicable!: number;

  /** Of those, judged YES. */
  @Column('int', { default: 0 })
  riskOfHarmFocusSufficient!: number;

  /** Outcomes where the information for review question applied (YES or NO). */
  @Column('int', { default: 0 })
  informationForReviewApplicable!: number;

  /** Of those, judged YES. */
  @Column('int', { default: 0 })
  informationForReviewSufficient!: number;

  /** End-of-service reports counted (for a factor: those with an outcome of that factor). */
  @Column('int', { default: 0 })
  reports!: number;

  /**
   * Sum of those reports' achievement rates in millionths, each truncated to a whole millionth
   * (integer arithmetic), so that adding one by one and rebuilding give exactly the same sum.
   */
  @Column('bigint', { default: 0, transformer: bigintPence })
  achievementRateMicros!: number;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt!: Date;
}

/**
 * The provider's own account of a finished referral: how far each desired outcome was achieved.
 * One per referral; it settles the outcome payments and feeds the achievement rate.
 */
@Entity('end_of_service_report')
@Check('end_of_service_report_score_check', `"score_halves" BETWEEN 0 AND 2 * "outcomes"`)
export class EndOfServiceReportEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('end_of_service_report_referral_key', { unique: true })
  @Column('uuid')
  referralId!: string;

  @OneToOne(() => ReferralEntity)
  @JoinColumn({
    name: 'referral_id',
    foreignKeyConstraintName: 'end_of_service_report_referral_fkey',
  })
  referral?: ReferralEntity;

  /** Denormalised from the referral so that aggregates can be rebuilt from reports alone. */
  @Column('uuid')
  providerId!: string;

  @Column('uuid')
  interventionId!: string;

  @Column('text', { nullable: true })
  furtherInformation!: string | null;

  /** Desired outcomes reported on. */
  @Column('int')
  outcomes!: number;

  /** Twice the achievement score (ACHIEVED 2, PARTIALLY_ACHIEVED 1), kept whole. */
  @Column('int')
  scoreHalves!: number;

  /** Outcome payments it earned, in pence. */
  @Column('bigint', { transformer: bigintPence })
  earnedPence!: number;

  @Column('text')
  submittedBy!: string;

  @Column('timestamptz')
  submittedAt!: Date;
}

/** One desired outcome's row in an end-of-service report. */
@Entity('end_of_service_outcome')
@Check(
  'end_of_service_outcome_achievement_check',
  `"achievement" IN ('ACHIEVED', 'PARTIALLY_ACHIEVED', 'NOT_ACHIEVED')`,
)
export class EndOfServiceOutcomeEntity {
  @PrimaryColumn('uuid')
  reportId!: string;

  @ManyToOne(() => EndOfServiceReportEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'report_id', foreignKeyConstraintName: 'end_of_service_outcome_report_fkey' })
  report?: EndOfServiceReportEntity;

  @Index('end_of_service_outcome_desired_outcome_idx')
  @PrimaryColumn('uuid')
  desiredOutcomeId!: string;

  @ManyToOne(() => DesiredOutcomeEntity)
  @JoinColumn({
    name: 'desired_outcome_id',
    foreignKeyConstraintName: 'end_of_service_outcome_desired_outcome_fkey',
  })
  desiredOutcome?: DesiredOutcomeEntity;

  /** The desired outcome's factor, copied for per-factor aggregates. */
  @Column('text')
  factor!: string;

  @Column('text')
  achievement!: string;

  @Column('text', { nullable: true })
  progressComments!: string | null;

  /** Order of the rows as submitted. */
  @Column('int')
  position!: number;
}
