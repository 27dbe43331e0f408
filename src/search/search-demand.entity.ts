import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One search, recorded as demand: what was looked for, where, by whom, and what it found. The
 * commissioners' gap report counts these, including searches that found nothing.
 */
@Entity('search_demand')
@Index('search_demand_pcc_area_at_idx', ['pccAreaCode', 'at'])
// The days not rolled up yet are read by time (migration DemandRollups).
@Index('search_demand_at_idx', ['at'])
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

  /** Results with a place free (any factor, anywhere the search reached): the search hit rate. */
  @Column('int')
  availableCount!: number;

  /** Who searched (the token subject): a need is one purchaser's, counted once a day. */
  @Column('text', { nullable: true })
  searchedBy!: string | null;

  /**
   * The factors searched for that the search found available: a PUBLISHED listing addressing
   * the factor, serving the PCC area searched, with a place free, admitting the person when one
   * was given. Null on searches recorded before this was (they count in no availability).
   */
  @Column('text', { array: true, nullable: true })
  availableFactors!: string[] | null;

  /** The person's sex, when the search gave one (eligibility profile only). */
  @Column('text', { nullable: true })
  personSex!: string | null;

  /** The person's supervision type, when the search gave one. */
  @Column('text', { nullable: true })
  personSupervisionType!: string | null;
}
