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
import { ContractPackageAreaEntity, PccAreaEntity } from '../reference/reference.entities';
import { OrganisationKind } from './catalogue.enums';

@Entity('organisation')
@Check(
  'organisation_kind_check',
  `"kind" IN ('CRC', 'VOLUNTARY_SECTOR', 'PRIVATE', 'PUBLIC_SECTOR', 'PCC', 'LOCAL_AUTHORITY', 'HEALTH')`,
)
@Check('organisation_pcc_area_check', `"pcc_area_code" IS NULL OR "kind" = 'PCC'`)
@Check(
  'organisation_crc_check',
  `("kind" = 'CRC') = ("crc_owner" IS NOT NULL AND "contract_package_area_code" IS NOT NULL)`,
)
// Names are unique whatever their case: created by the migration, invisible to the entity model.
@Index('organisation_name_lower_key', { synchronize: false })
@Index('organisation_name_search_idx', { synchronize: false })
// Charity and company numbers are unique where given (partial indexes, made by a migration).
@Index('organisation_charity_number_key', { synchronize: false })
@Index('organisation_company_number_key', { synchronize: false })
export class OrganisationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Index('organisation_kind_idx')
  @Column('text')
  kind!: OrganisationKind;

  /** The CRC's owning group; CRCs only. */
  @Column('text', { nullable: true })
  crcOwner!: string | null;

  /** Registered charity number (England and Wales), when the organisation is a charity. */
  @Column('text', { nullable: true })
  charityNumber!: string | null;

  /** Companies House number (8 characters, optional 2-letter prefix such as SC or NI). */
  @Column('text', { nullable: true })
  companyNumber!: string | null;

  @Column('text', { nullable: true })
  website!: string | null;

  @Column('text', { nullable: true })
  description!: string | null;

  /** The provider agrees its prices appear in the public Open Referral UK feed. */
  @Column('boolean', { default: false })
  publishPricesOpenly!: boolean;

  /** The CPA a CRC holds; CRCs only. */
  @Index('organisation_contract_package_area_code_idx')
  @Column('text', { nullable: true })
  contractPackageAreaCode!: string | null;

  @ManyToOne(() => ContractPackageAreaEntity)
  @JoinColumn({
    name: 'contract_package_area_code',
    foreignKeyConstraintName: 'organisation_cpa_fkey',
  })
  contractPackageArea?: ContractPackageAreaEntity;

  /** The PCC area a Police and Crime Commissioner serves; PCCs only, one each. */
  @Index('organisation_pcc_area_code_key', { unique: true })
  @Column('text', { nullable: true })
  pccAreaCode!: string | null;

  @ManyToOne(() => PccAreaEntity)
  @JoinColumn({ name: 'pcc_area_code', foreignKeyConstraintName: 'organisation_pcc_area_fkey' })
  pccArea?: PccAreaEntity;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
