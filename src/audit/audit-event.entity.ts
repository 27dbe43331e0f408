import {
  Column,
  CreateDateColumn,
  Entity,
  Generated,
  Index,
  PrimaryGeneratedColumn,
} from 'typeorm';

/** Who changed what and when, with the state before and after. Written in the change's transaction. */
@Entity('audit_event')
@Index('audit_event_entity_idx', ['entityId', 'sequence'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Commit order: several events of one transaction share the same `at`. */
  @Generated('increment')
  @Column('bigint')
  sequence!: string;

  @Column('text')
  entityType!: string;

  @Column('uuid')
  entityId!: string;

  /** The organisation that owns the entity, for suppliers' access to their own trail. */
  @Index('audit_event_organisation_id_idx')
  @Column('uuid', { nullable: true })
  organisationId!: string | null;

  @Column('text')
  action!: string;

  @Column('text')
  actorId!: string;

  @Column('text')
  actorName!: string;

  @Column('text', { array: true })
  actorRoles!: string[];

  @Column('jsonb', { nullable: true })
  before!: Record<string, unknown> | null;

  @Column('jsonb', { nullable: true })
  after!: Record<string, unknown> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  at!: Date;
}
