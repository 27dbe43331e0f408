import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { OrganisationEntity } from '../catalogue/organisation.entity';
import { bigintPence } from '../common/bigint.transformer';
import { DivisionEntity } from '../reference/reference.entities';

/**
 * A funding pot (joint commissioning): money that co-funders (a Police and Crime Commissioner, a
 * local authority, a health body) put in for one division's purchases in one financial year,
 * limited to some needs and PCC areas (empty: any). Purchases draw from the most specific
 * matching pot before the division's own budget (see settlement.ts). Like the budget, money moves
 * only by conditional updates; the CHECKs make overdrawing impossible whatever the concurrency.
 */
@Entity('funding_pot')
@Index('funding_pot_division_year_idx', ['divisionCode', 'financialYear'])
@Check('funding_pot_amounts_check', `"committed_pence" >= 0 AND "spent_pence" >= 0`)
@Check(
  'funding_pot_outcome_payments_check',
  `"outcome_payments_spent_pence" BETWEEN 0 AND "spent_pence"`,
)
@Check('funding_pot_not_overdrawn_check', `"committed_pence" + "spent_pence" <= "total_pence"`)
export class FundingPotEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  divisionCode!: string;

  @ManyToOne(() => DivisionEntity)
  @JoinColumn({ name: 'division_code', foreignKeyConstraintName: 'funding_pot_division_fkey' })
  division?: DivisionEntity;

  @Column('int')
  financialYear!: number;

  /** The factors (needs) it may pay for; empty: any. */
  @Column('text', { array: true, default: () => "'{}'" })
  needs!: string[];

  /** The PCC areas it may pay for; empty: any. */
  @Column('text', { array: true, default: () => "'{}'" })
  pccAreaCodes!: string[];

  /** What the co-funders put in together (the sum of funding_pot_funder.amount_pence). */
  @Column('bigint', { transformer: bigintPence })
  totalPence!: number;

  /** Held by live referrals paid from this pot. */
  @Column('bigint', { transformer: bigintPence, default: 0 })
  committedPence!: number;

  /** Paid for finished referrals paid from this pot: fees and outcome payments. */
  @Column('bigint', { transformer: bigintPence, default: 0 })
  spentPence!: number;

  /** The part of spent that is outcome payments. */
  @Column('bigint', { transformer: bigintPence, default: 0 })
  outcomePaymentsSpentPence!: number;

  @Column('text')
  createdBy!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** One co-funder of a pot and what it put in. */
@Entity('funding_pot_funder')
@Check('funding_pot_funder_amount_check', `"amount_pence" >= 0`)
export class FundingPotFunderEntity {
  @PrimaryColumn('uuid')
  potId!: string;

  @ManyToOne(() => FundingPotEntity)
  @JoinColumn({ name: 'pot_id', foreignKeyConstraintName: 'funding_pot_funder_pot_fkey' })
  pot?: FundingPotEntity;

  /** Pots are found by their funder (a co-funder's commissioner sees its own). */
  @Index('funding_pot_funder_organisation_id_idx')
  @PrimaryColumn('uuid')
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity)
  @JoinColumn({
    name: 'organisation_id',
    foreignKeyConstraintName: 'funding_pot_funder_organisation_fkey',
  })
  organisation?: OrganisationEntity;

  @Column('bigint', { transformer: bigintPence })
  amountPence!: number;
}
