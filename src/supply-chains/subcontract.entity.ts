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
import { OrganisationEntity } from '../catalogue/organisation.entity';
import { bigintPence } from '../common/bigint.transformer';
import { FactorCode } from '../reference/factor-code';

/**
 * A subcontract: a prime provider (a CRC or any provider) passes delivery of some of its
 * listings to a subcontractor, for the needs and PCC areas it covers, between two dates. Its
 * status is derived from the dates (see `subcontractStatus` in supply-chain-rules.ts).
 */
@Entity('subcontract')
@Check('subcontract_parties_check', `"prime_id" <> "subcontractor_id"`)
@Check('subcontract_dates_check', `"ends_on" >= "starts_on"`)
@Check('subcontract_ended_check', `"ended_on" IS NULL OR "ended_on" <= "ends_on"`)
@Check(
  'subcontract_coverage_check',
  `cardinality("factors") >= 1 AND cardinality("pcc_area_codes") >= 1`,
)
@Check('subcontract_value_check', `"annual_value_pence" >= 0`)
export class SubcontractEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('subcontract_prime_id_idx')
  @Column('uuid')
  primeId!: string;

  @ManyToOne(() => OrganisationEntity)
  @JoinColumn({ name: 'prime_id', foreignKeyConstraintName: 'subcontract_prime_fkey' })
  prime?: OrganisationEntity;

  @Index('subcontract_subcontractor_id_idx')
  @Column('uuid')
  subcontractorId!: string;

  @ManyToOne(() => OrganisationEntity)
  @JoinColumn({
    name: 'subcontractor_id',
    foreignKeyConstraintName: 'subcontract_subcontractor_fkey',
  })
  subcontractor?: OrganisationEntity;

  /** The prime's own reference for the contract. */
  @Column('text')
  reference!: string;

  /** First day it runs (Europe/London calendar). */
  @Column('date')
  startsOn!: string;

  /** Last day it runs, as agreed. */
  @Column('date')
  endsOn!: string;

  /** Set when the prime ends it before `endsOn`: from this day it is ENDED. */
  @Column('date', { nullable: true })
  endedOn!: string | null;

  /** The needs (factor codes) it covers. */
  @Column('text', { array: true })
  factors!: FactorCode[];

  /** The PCC areas it covers. */
  @Column('text', { array: true })
  pccAreaCodes!: string[];

  /** The value committed each year, in pence. */
  @Column('bigint', { transformer: bigintPence })
  annualValuePence!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
