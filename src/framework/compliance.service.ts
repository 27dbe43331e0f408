import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Clock } from '../common/clock';
import { addDays } from '../common/calendar';
import { ConflictError } from '../common/errors';
import { isExpired } from './application-rules';
import { DECLARATION_NAMES, DeclarationKind } from './framework.enums';
import { DeclarationsSnapshot, OrganisationDeclarationEntity } from './framework.entities';
import { Declaration, ExpiringDeclaration } from './framework.models';

/** Refused because the organisation's safeguarding declaration has run out. */
export class SafeguardingDeclarationExpiredError extends ConflictError {
  constructor(message: string) {
    super(message, 'SAFEGUARDING_DECLARATION_EXPIRED');
  }
}

/**
 * Declarations as live compliance. Kept apart from the rest of the framework so that the
 * catalogue (publishing) and referrals (accepting) can consult it without depending on it.
 */
@Injectable()
export class ComplianceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * CONFLICT naming the declaration when the organisation's safeguarding declaration has
   * expired; `doing` says what was refused ("publish a listing"). Organisations that never
   * declared (those added by an admin) are not held to it.
   */
  async assertSafeguardingInDate(
    manager: EntityManager,
    organisationId: string,
    doing: string,
  ): Promise<void> {
    const row = await manager.findOneBy(OrganisationDeclarationEntity, {
      organisationId,
      kind: DeclarationKind.SAFEGUARDING_POLICY,
    });
    if (row && isExpired(row.expiresOn, this.clock.today())) {
      throw new SafeguardingDeclarationExpiredError(
        `The organisation's ${DECLARATION_NAMES.SAFEGUARDING_POLICY} declaration (SAFEGUARDING_POLICY) expired on ${row.expiresOn}: renew it with renewDeclaration before you ${doing}`,
      );
    }
  }

  /** Stores declarations (all kinds given) for an organisation, in the caller's transaction. */
  async saveIn(
    manager: EntityManager,
    organisationId: string,
    declarations: Partial<DeclarationsSnapshot>,
  ): Promise<void> {
    const rows = Object.entries(declarations).map(([kind, d]) => ({
      organisationId,
      kind: kind as DeclarationKind,
      held: d.held,
      expiresOn: d.expiresOn,
    }));
    if (rows.length > 0)
      await manager.upsert(OrganisationDeclarationEntity, rows, ['organisationId', 'kind']);
  }

  async declarationsOf(organisationIds: readonly string[]): Promise<Map<string, Declaration[]>> {
    const today = this.clock.today();
    const rows = await this.dataSource.getRepository(OrganisationDeclarationEntity).find({
      where: { organisationId: In([...organisationIds]) },
      order: { kind: 'ASC' },
    });
    const byOrganisation = new Map<string, Declaration[]>(organisationIds.map((id) => [id, []]));
    for (const row of rows) byOrganisation.get(row.organisationId)?.push(toDeclaration(row, today));
    return byOrganisation;
  }

  /** Declarations that have expired or expire within `withinDays` days, soonest first. */
  async expiring(withinDays: number): Promise<Omit<ExpiringDeclaration, 'organisation'>[]> {
    const today = this.clock.today();
    const rows = await this.dataSource
      .getRepository(OrganisationDeclarationEntity)
      .createQueryBuilder('d')
      .where('d.expires_on <= :until', { until: addDays(today, withinDays) })
      .orderBy('d.expires_on', 'ASC')
      .addOrderBy('d.organisation_id', 'ASC')
      .addOrderBy('d.kind', 'ASC')
      .getMany();
    return rows.map((row) => ({
      ...toDeclaration(row, today),
      organisationId: row.organisationId,
    }));
  }
}

export function toDeclaration(
  row: { kind: DeclarationKind; held: boolean; expiresOn: string | null },
  today: string,
): Declaration {
  return {
    kind: row.kind,
    held: row.held,
    expiresOn: row.expiresOn,
    expired: isExpired(row.expiresOn, today),
  };
}
