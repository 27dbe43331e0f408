import { Check, Column, Entity, Generated, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Who read which referral's personal data, when, which fields and through what: apart from the
 * change audit (`audit_event`), and never holding the data itself. Written in batches by
 * `AccessLogService`; no foreign key, so the record of a read outlives nothing it names.
 */
@Entity('personal_data_access')
@Index('personal_data_access_referral_idx', ['referralId', 'sequence'])
@Index('personal_data_access_actor_idx', ['actorId', 'sequence'])
@Check('personal_data_access_via_check', `"via" IN ('API', 'SUBJECT_ACCESS_EXPORT')`)
export class PersonalDataAccessEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'personal_data_access_pkey' })
  id!: string;

  /** Write order (newest first is how it is read). */
  @Generated('increment')
  @Column('bigint')
  sequence!: string;

  @Column('timestamptz')
  at!: Date;

  /** The reader's token subject. */
  @Column('text')
  actorId!: string;

  @Column('text', { array: true })
  actorRoles!: string[];

  @Column('uuid')
  referralId!: string;

  /** Which of the referral's personal fields were read: crn, person, notes, caseNotes... */
  @Column('text', { array: true })
  fields!: string[];

  /** API (a query or a page) or SUBJECT_ACCESS_EXPORT. */
  @Column('text')
  via!: string;
}
