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
import { OrganisationKind } from '../catalogue/catalogue.enums';
import { OrganisationEntity } from '../catalogue/organisation.entity';
import { FactorCode } from '../reference/factor-code';
import { ApplicationStatus, DeclarationKind } from './framework.enums';

/** What an applicant declares, per kind, as stored on the application until approval. */
export type DeclarationsSnapshot = Record<
  DeclarationKind,
  { held: boolean; expiresOn: string | null }
>;

/** A request to join the dynamic framework, from a signed-in user with no organisation yet. */
@Entity('framework_application')
@Check(
  'framework_application_status_check',
  `"status" IN ('SUBMITTED', 'CHANGES_REQUESTED', 'APPROVED', 'REJECTED')`,
)
@Check(
  'framework_application_kind_check',
  `"kind" IN ('VOLUNTARY_SECTOR', 'PRIVATE', 'PUBLIC_SECTOR')`,
)
@Check(
  'framework_application_approved_check',
  `("status" = 'APPROVED') = ("organisation_id" IS NOT NULL)`,
)
@Index('framework_application_open_key', ['applicantId'], {
  unique: true,
  where: `"status" IN ('SUBMITTED', 'CHANGES_REQUESTED')`,
})
export class FrameworkApplicationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The applicant's token `sub`. */
  @Index('framework_application_applicant_id_idx')
  @Column('text')
  applicantId!: string;

  @Column('text')
  applicantName!: string;

  @Index('framework_application_status_idx')
  @Column('text')
  status!: ApplicationStatus;

  @Column('text')
  organisationName!: string;

  @Column('text')
  kind!: OrganisationKind;

  @Column('text', { nullable: true })
  charityNumber!: string | null;

  @Column('text', { nullable: true })
  companyNumber!: string | null;

  @Column('text', { nullable: true })
  website!: string | null;

  @Column('text', { nullable: true })
  description!: string | null;

  @Column('text')
  contactEmail!: string;

  @Column('text', { array: true, default: '{}' })
  pccAreaCodes!: string[];

  @Column('text', { array: true, default: '{}' })
  factors!: FactorCode[];

  @Column('jsonb')
  declarations!: DeclarationsSnapshot;

  /** The commissioner's latest note: the changes asked for, or the reason for rejection. */
  @Column('text', { nullable: true })
  decisionNote!: string | null;

  /** The organisation created on approval. */
  @Index('framework_application_organisation_id_idx')
  @Column('uuid', { nullable: true })
  organisationId!: string | null;

  @ManyToOne(() => OrganisationEntity)
  @JoinColumn({
    name: 'organisation_id',
    foreignKeyConstraintName: 'framework_application_organisation_fkey',
  })
  organisation?: OrganisationEntity;

  @Column('timestamptz')
  submittedAt!: Date;

  @Column('timestamptz', { nullable: true })
  decidedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** A person (token `sub`) who acts for an organisation; the approved applicant is the first. */
@Entity('organisation_member')
export class OrganisationMemberEntity {
  @PrimaryColumn('uuid')
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity)
  @JoinColumn({
    name: 'organisation_id',
    foreignKeyConstraintName: 'organisation_member_organisation_fkey',
  })
  organisation?: OrganisationEntity;

  @Index('organisation_member_subject_idx')
  @PrimaryColumn('text')
  subject!: string;

  @Column('text')
  name!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  joinedAt!: Date;
}

/** An organisation's current declaration of one kind (safeguarding policy, insurance...). */
@Entity('organisation_declaration')
@Check(
  'organisation_declaration_kind_check',
  `"kind" IN ('SAFEGUARDING_POLICY', 'INSURANCE', 'DATA_PROTECTION', 'VETTED_STAFF')`,
)
export class OrganisationDeclarationEntity {
  @PrimaryColumn('uuid')
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity)
  @JoinColumn({
    name: 'organisation_id',
    foreignKeyConstraintName: 'organisation_declaration_organisation_fkey',
  })
  organisation?: OrganisationEntity;

  @PrimaryColumn('text')
  kind!: DeclarationKind;

  @Column('boolean')
  held!: boolean;

  /** Last day the declaration is good for; null when it does not expire. */
  @Index('organisation_declaration_expires_on_idx')
  @Column('date', { nullable: true })
  expiresOn!: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
