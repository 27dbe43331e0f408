import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Clock } from '../common/clock';
import { addDays } from '../common/calendar';
import { ConflictError } from '../common/errors';
import { ConnectionShape, keysetPage, readKeyset, readPage } from '../common/paging';
import { isExpired } from './application-rules';
import { DECLARATION_NAMES, DeclarationKind } from './framework.enums';
import { DeclarationsSnapshot, OrganisationDeclarationEntity } from './framework.entities';
import { ExpiringDeclarationsArgs } from './framework.inputs';
import { Declaration, ExpiringDeclaration } from './framework.models';

/** Expiring declarations are paged soonest first, 100 at a time (at most 500). */
const EXPIRING_PAGES = {
  size: 100,
  max: 500,
  list: 'expiring declarations',
  valid: ([expiresOn, kind, ...rest]: unknown[]) =>
    rest.length === 1 &&
    typeof expiresOn === 'string' &&
    /^\d{4}-\d{2}-\d{2}$/.test(expiresOn) &&
    Object.values(DeclarationKind).includes(kind as DeclarationKind),
};

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
  async expiring(
    args: ExpiringDeclarationsArgs,
  ): Promise<ConnectionShape<Omit<ExpiringDeclaration, 'organisation'>>> {
    const page = readPage<[string, DeclarationKind, string]>(args, EXPIRING_PAGES);
    const today = this.clock.today();
    const query = this.dataSource
      .getRepository(OrganisationDeclarationEntity)
      .createQueryBuilder('d')
      .where('d.expires_on <= :until', { until: addDays(today, args.withinDays) });
    // Soonest first, then by organisation and kind; the cursor holds the organisation's id last.
    const rows = await readKeyset(
      query,
      page,
      [
        ['d.expires_on', '::date'],
        ['d.organisation_id', '::uuid'],
        ['d.kind', '::text'],
      ],
      false,
      ([expiresOn, kind, organisationId]) => [expiresOn, organisationId, kind],
    );
    return keysetPage(
      rows,
      page,
      (row) => [row.expiresOn, row.kind, row.organisationId],
      (row) => ({ ...toDeclaration(row, today), organisationId: row.organisationId }),
    );
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
