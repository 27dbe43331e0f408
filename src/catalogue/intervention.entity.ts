import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { bigintPence } from '../common/bigint.transformer';
import { PccAreaEntity } from '../reference/reference.entities';
import { FactorCode } from '../reference/factor-code';
import {
  Adaptation,
  DeliveryMode,
  ListingStatus,
  PriceUnit,
  RiskLevel,
  Sex,
  SupervisionType,
} from './catalogue.enums';
import { OrganisationEntity } from './organisation.entity';
import { SubcontractEntity } from '../supply-chains/subcontract.entity';

@Entity('intervention')
@Check('intervention_status_check', `"status" IN ('DRAFT', 'PUBLISHED', 'SUSPENDED', 'WITHDRAWN')`)
@Check('intervention_factors_check', `cardinality("factors") >= 1`)
@Check('intervention_capacity_check', `"capacity" >= 0`)
@Check('intervention_places_held_check', `"places_held" >= 0`)
@Check(
  'intervention_age_check',
  `"min_age" BETWEEN 10 AND 100 AND "max_age" BETWEEN 10 AND 100 AND "min_age" <= "max_age"`,
)
// Search indexes, made by the Search migration (TypeORM cannot describe GIN or expression indexes).
@Index('intervention_factors_gin_idx', { synchronize: false })
@Index('intervention_coverage_gin_idx', { synchronize: false })
@Index('intervention_venue_pcc_areas_gin_idx', { synchronize: false })
@Index('intervention_text_search_idx', { synchronize: false })
@Check('intervention_duration_check', `"duration_weeks" > 0 AND "session_count" > 0`)
@Check(
  'intervention_delivered_by_check',
  `("delivered_by_id" IS NULL) = ("subcontract_id" IS NULL)`,
)
export class InterventionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('intervention_provider_id_idx')
  @Column('uuid')
  providerId!: string;

  @ManyToOne(() => OrganisationEntity)
  @JoinColumn({ name: 'provider_id', foreignKeyConstraintName: 'intervention_provider_fkey' })
  provider?: OrganisationEntity;

  /**
   * The subcontractor delivering the listing for its provider (the prime), under `subcontractId`;
   * null when the provider delivers it itself. Set by SupplyChainsService only.
   */
  @Index('intervention_delivered_by_id_idx')
  @Column('uuid', { nullable: true })
  deliveredById!: string | null;

  @ManyToOne(() => OrganisationEntity)
  @JoinColumn({
    name: 'delivered_by_id',
    foreignKeyConstraintName: 'intervention_delivered_by_fkey',
  })
  deliveredBy?: OrganisationEntity;

  /** The subcontract the deliverer works under. */
  @Column('uuid', { nullable: true })
  subcontractId!: string | null;

  @ManyToOne(() => SubcontractEntity)
  @JoinColumn({ name: 'subcontract_id', foreignKeyConstraintName: 'intervention_subcontract_fkey' })
  subcontract?: SubcontractEntity;

  @Column('text')
  title!: string;

  @Column('text')
  summary!: string;

  @Column('text', { default: '' })
  description!: string;

  @Column('text', { array: true })
  factors!: FactorCode[];

  @Column('text', { array: true, default: '{}' })
  deliveryModes!: DeliveryMode[];

  @Column('boolean', { default: false })
  accredited!: boolean;

  /** Eligibility: an empty list or a null bound admits anyone. */
  @Column('text', { array: true, default: '{}' })
  sexes!: Sex[];

  @Column('int', { nullable: true })
  minAge!: number | null;

  @Column('int', { nullable: true })
  maxAge!: number | null;

  @Column('text', { array: true, default: '{}' })
  riskLevels!: RiskLevel[];

  @Column('text', { array: true, default: '{}' })
  supervisionTypes!: SupervisionType[];

  @Column('text', { nullable: true })
  eligibilityNotes!: string | null;

  @Column('text', { array: true, default: '{}' })
  adaptations!: Adaptation[];

  /** The need evidence and stakeholder feedback behind the listing (required on a CRC's rate card). */
  @Column('text', { nullable: true })
  rationale!: string | null;

  /** PCC area codes the intervention serves, including by outreach or online. */
  @Column('text', { array: true, default: '{}' })
  coverage!: string[];

  /**
   * The PCC areas of the listing's venues, kept by the database (the `venue_areas_keep` trigger
   * on venue) for the search's area filter: never written or read by the service.
   */
  @Column({
    type: 'text',
    array: true,
    default: '{}',
    select: false,
    insert: false,
    update: false,
  })
  venuePccAreas!: string[];

  @Column('boolean', { default: false })
  eveningSessions!: boolean;

  @Column('boolean', { default: false })
  weekendSessions!: boolean;

  @Column('int', { nullable: true })
  durationWeeks!: number | null;

  @Column('int', { nullable: true })
  sessionCount!: number | null;

  /** Places the provider can take on at once. */
  @Column('int', { default: 0 })
  capacity!: number;

  /** Places held by live referrals; kept by PlacesService in the purchase transaction. */
  @Column('int', { default: 0 })
  placesHeld!: number;

  @Column('date', { nullable: true })
  nextStartDate!: string | null;

  @Index('intervention_status_idx')
  @Column('text', { default: ListingStatus.DRAFT })
  status!: ListingStatus;

  /** When the supplier last attested the listing is current (editing and publishing count). */
  @Column('timestamptz')
  lastConfirmedAt!: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

@Entity('venue')
@Check('venue_lat_check', `"lat" BETWEEN 49.8 AND 60.9`)
@Check('venue_lng_check', `"lng" BETWEEN -8.7 AND 1.8`)
export class VenueEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('venue_intervention_id_idx')
  @Column('uuid')
  interventionId!: string;

  @ManyToOne(() => InterventionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'intervention_id', foreignKeyConstraintName: 'venue_intervention_fkey' })
  intervention?: InterventionEntity;

  @Column('text')
  name!: string;

  @Column('text')
  postcode!: string;

  @Column('double precision')
  lat!: number;

  @Column('double precision')
  lng!: number;

  @Index('venue_pcc_area_code_idx')
  @Column('text')
  pccAreaCode!: string;

  @ManyToOne(() => PccAreaEntity)
  @JoinColumn({ name: 'pcc_area_code', foreignKeyConstraintName: 'venue_pcc_area_fkey' })
  pccArea?: PccAreaEntity;

  /** Keeps venues in the order the supplier gave them. */
  @Column('int', { default: 0 })
  position!: number;
}

@Entity('intervention_price')
@Index('intervention_price_version_key', ['interventionId', 'effectiveFrom'], { unique: true })
@Check('intervention_price_amount_check', `"amount_pence" > 0`)
@Check('intervention_price_outcome_payment_check', `"outcome_payment_pence" >= 0`)
@Check('intervention_price_currency_check', `"currency" = 'GBP'`)
@Check(
  'intervention_price_unit_check',
  `"unit" IN ('PER_REFERRAL', 'PER_SESSION', 'PER_HOUR', 'PER_DAY')`,
)
@Check(
  'intervention_price_dates_check',
  `"effective_to" IS NULL OR "effective_to" >= "effective_from"`,
)
export class InterventionPriceEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  interventionId!: string;

  @ManyToOne(() => InterventionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'intervention_id',
    foreignKeyConstraintName: 'intervention_price_intervention_fkey',
  })
  intervention?: InterventionEntity;

  @Column('bigint', { transformer: bigintPence })
  amountPence!: number;

  @Column('text', { default: 'GBP' })
  currency!: string;

  /** Paid per desired outcome ACHIEVED (half, rounded down, when partly achieved); 0 for none. */
  @Column('bigint', { transformer: bigintPence, default: 0 })
  outcomePaymentPence!: number;

  @Column('text')
  unit!: PriceUnit;

  /** First day the price applies (Europe/London calendar). */
  @Column('date')
  effectiveFrom!: string;

  /** Last day it applies; null while it is the latest version. */
  @Column('date', { nullable: true })
  effectiveTo!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

/**
 * A listing's statuses over time: from when (inclusive) to when (exclusive; null while current).
 * Written with every status change in its transaction; what a past day's rate card reads.
 */
@Entity('listing_status_history')
@Check(
  'listing_status_history_status_check',
  `"status" IN ('DRAFT', 'PUBLISHED', 'SUSPENDED', 'WITHDRAWN')`,
)
@Check('listing_status_history_dates_check', `"valid_to" IS NULL OR "valid_to" >= "valid_from"`)
// One current row per listing: a partial unique index made by the migration.
@Index('listing_status_history_current_key', { synchronize: false })
export class ListingStatusHistoryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('listing_status_history_intervention_id_idx')
  @Column('uuid')
  interventionId!: string;

  @ManyToOne(() => InterventionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'intervention_id',
    foreignKeyConstraintName: 'listing_status_history_intervention_fkey',
  })
  intervention?: InterventionEntity;

  @Column('text')
  status!: ListingStatus;

  @Column('timestamptz')
  validFrom!: Date;

  @Column('timestamptz', { nullable: true })
  validTo!: Date | null;
}
