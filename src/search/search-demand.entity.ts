import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One search, recorded as demand: what was looked for, where, by whom, and what it found. The
 * commissioners' gap report counts these, including searches that found nothing.
 */
@Entity('search_demand')
@Index('search_demand_pcc_area_at_idx', ['pccAreaCode', 'at'])
export class SearchDemandEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('timestamptz')
  at!: Date;

  /** The searcher's own division (purchasers and division commissioners). */
  @Index('search_demand_division_code_idx')
  @Column('text', { nullable: true })
  divisionCode!: string | null;

  @Column('text', { array: true })
  callerRoles!: string[];

  @Column('text', { array: true, default: '{}' })
  factors!: string[];

  /** The PCC area searched: the one named, or the one whose centre is nearest the point searched around. */
  @Column('text', { nullable: true })
  pccAreaCode!: string | null;

  @Column('text', { nullable: true })
  contractPackageAreaCode!: string | null;

  @Column('text', { nullable: true })
  areaDivisionCode!: string | null;

  /** Every filter used, as given. */
  @Column('jsonb')
  filters!: object;

  @Column('int')
  resultCount!: number;

  /** Results with a place free: the inspectorate's "an intervention was available". */
  @Column('int')
  availableCount!: number;
}
