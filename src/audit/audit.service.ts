import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Caller, hasRole } from '../auth/caller';
import { Role } from '../auth/role';
import { isCursorSequence } from '../common/cursor';
import { ForbiddenError } from '../common/errors';
import { keysetPage, readKeyset, readPage } from '../common/paging';
import { AuditEventEntity } from './audit-event.entity';
import { AuditTrailArgs } from './audit.inputs';
import { AuditEvent, AuditEventConnection } from './audit.models';

/** An entity's trail is paged oldest first, 100 events at a time (at most 500). */
const AUDIT_PAGES = {
  size: 100,
  max: 500,
  list: 'this audit trail',
  valid: (values: unknown[]) => values.length === 2 && isCursorSequence(values[0]),
};

export interface AuditEntry {
  entityType: string;
  entityId: string;
  /** The organisation owning the entity, whose suppliers may read the trail. */
  organisationId: string | null;
  action: string;
  before: object | null;
  after: object | null;
}

/** JSON-safe copy of an entity's state (dates as ISO strings, no relations). */
export function snapshot(state: object | null): Record<string, unknown> | null {
  return state === null ? null : (JSON.parse(JSON.stringify(state)) as Record<string, unknown>);
}

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Writes one event in the caller's transaction, so the trail and the change commit together. */
  async record(manager: EntityManager, caller: Caller, entry: AuditEntry): Promise<void> {
    await manager.save(
      manager.create(AuditEventEntity, {
        ...entry,
        before: snapshot(entry.before),
        after: snapshot(entry.after),
        actorId: caller.id,
        actorName: caller.name,
        actorRoles: caller.roles,
      }),
    );
  }

  /**
   * The entity's events, oldest first, with no role check: for a module that has already decided
   * the caller may see the entity (an applicant reading their own application's history).
   */
  async events(manager: EntityManager, entityId: string): Promise<AuditEventEntity[]> {
    return manager.find(AuditEventEntity, { where: { entityId }, order: { sequence: 'ASC' } });
  }

  /** The entity's trail, oldest first: ADMIN and COMMISSIONER see all, a supplier only its own. */
  async trail(caller: Caller, args: AuditTrailArgs): Promise<AuditEventConnection> {
    const { entityId } = args;
    const page = readPage<[string, string]>(args, AUDIT_PAGES);
    const events = this.dataSource.getRepository(AuditEventEntity);
    if (!hasRole(caller, Role.ADMIN, Role.COMMISSIONER)) {
      // Over the whole trail, not just this page: one event of another organisation's refuses it.
      const others = events.createQueryBuilder('e').where('e.entity_id = :entityId', { entityId });
      if (caller.organisationId) {
        others.andWhere('e.organisation_id IS DISTINCT FROM :organisationId', {
          organisationId: caller.organisationId,
        });
      }
      if (await others.getExists()) {
        throw new ForbiddenError(
          "Suppliers see only their own organisation's audit trail",
          'OUT_OF_SCOPE',
        );
      }
    }
    const query = events.createQueryBuilder('e').where('e.entity_id = :entityId', { entityId });
    const rows = await readKeyset(query, page, [
      ['e.sequence', '::bigint'],
      ['e.id', '::uuid'],
    ]);
    return keysetPage(
      rows,
      page,
      (row) => [row.sequence, row.id],
      (row): AuditEvent => ({
        id: row.id,
        at: row.at,
        entityType: row.entityType,
        entityId: row.entityId,
        action: row.action,
        actor: { id: row.actorId, name: row.actorName, roles: row.actorRoles as Role[] },
        before: row.before,
        after: row.after,
      }),
    );
  }
}
