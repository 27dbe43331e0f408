import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  Unique,
} from 'typeorm';

// Reference data is keyed by its published codes (never by surrogate ids): it is seeded by
// migration, never edited through the API, and other tables refer to it by those codes.
// Constraint names match the migration so that `migration:generate` sees no difference.

@Entity('factor')
@Unique('factor_display_order_key', ['displayOrder'])
export class FactorEntity {
  @PrimaryColumn('text')
  code!: string;

  @Column('text')
  name!: string;

  @Column('int')
  displayOrder!: number;
}

@Entity('division')
@Unique('division_name_key', ['name'])
export class DivisionEntity {
  @PrimaryColumn('text')
  code!: string;

  @Column('text')
  name!: string;
}

@Entity('contract_package_area')
@Unique('contract_package_area_name_key', ['name'])
export class ContractPackageAreaEntity {
  @PrimaryColumn('text')
  code!: string;

  @Column('text')
  name!: string;

  @Column('text')
  crcOwner!: string;

  @Index('contract_package_area_division_code_idx')
  @Column('text')
  divisionCode!: string;

  @ManyToOne(() => DivisionEntity)
  @JoinColumn({
    name: 'division_code',
    foreignKeyConstraintName: 'contract_package_area_division_code_fkey',
  })
  division?: DivisionEntity;
}

@Entity('pcc_area')
@Unique('pcc_area_name_key', ['name'])
@Check('pcc_area_centroid_lat_check', '"centroid_lat" BETWEEN -90 AND 90')
@Check('pcc_area_centroid_lng_check', '"centroid_lng" BETWEEN -180 AND 180')
export class PccAreaEntity {
  @PrimaryColumn('text')
  code!: string;

  @Column('text')
  name!: string;

  @Column('double precision')
  centroidLat!: number;

  @Column('double precision')
  centroidLng!: number;

  @Index('pcc_area_contract_package_area_code_idx')
  @Column('text')
  contractPackageAreaCode!: string;

  @ManyToOne(() => ContractPackageAreaEntity)
  @JoinColumn({
    name: 'contract_package_area_code',
    foreignKeyConstraintName: 'pcc_area_contract_package_area_code_fkey',
  })
  contractPackageArea?: ContractPackageAreaEntity;
}

/**
 * A desired outcome of a factor, in plain words ("Secures suitable accommodation"): what a
 * referral aims at and what the end-of-service report answers. Seeded by migration; retired
 * (never deleted) when no longer offered, so old referrals keep pointing at them.
 */
@Entity('desired_outcome')
@Unique('desired_outcome_factor_position_key', ['factorCode', 'position'])
export class DesiredOutcomeEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  factorCode!: string;

  @ManyToOne(() => FactorEntity)
  @JoinColumn({ name: 'factor_code', foreignKeyConstraintName: 'desired_outcome_factor_code_fkey' })
  factor?: FactorEntity;

  @Column('text')
  description!: string;

  /** Order within its factor. */
  @Column('int')
  position!: number;

  /** When it stopped being offered to new referrals; null while current. */
  @Column('date', { nullable: true })
  retiredOn!: string | null;
}
