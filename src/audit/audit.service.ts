import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Caller, hasRole } from '../auth/caller';
import { Role } from '../auth/role';
import { ForbiddenError } from '../common/errors';
import { AuditEventEntity } from './audit-event.entity';
import { AuditEvent } from './audit.models';

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
  async trail(caller: Caller, entityId: string): Promise<AuditEvent[]> {
    const rows = await this.dataSource.getRepository(AuditEventEntity).find({
      where: { entityId },
      order: { sequence: 'ASC' },
    });
    if (!hasRole(caller, Role.ADMIN, Role.COMMISSIONER)) {
      if (rows.some((row) => row.organisationId !== caller.organisationId)) {
        throw new ForbiddenError(
          "Suppliers see only their own organisation's audit trail",
          'OUT_OF_SCOPE',
        );
      }
    }
    return rows.map((row) => ({
      id: row.id,
      at: row.at,
      entityType: row.entityType,
      entityId: row.entityId,
      action: row.action,
      actor: { id: row.actorId, name: row.actorName, roles: row.actorRoles as Role[] },
      before: row.before,
      after: row.after,
    }));
  }
}
