import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller, hasRole } from '../auth/caller';
import { Role } from '../auth/role';
import { keysetPage, readKeyset, readPage } from '../common/paging';
import {
  BadUserInputError,
  ConflictError,
  FieldError,
  ForbiddenError,
  NotFoundError,
} from '../common/errors';
import { ReferenceService } from '../reference/reference.service';
import { OrganisationKind } from './catalogue.enums';
import { CreateOrganisationInput, ORGANISATION_PAGES, OrganisationsArgs } from './catalogue.inputs';
import { Organisation, OrganisationConnection } from './catalogue.models';
import { OrganisationEntity } from './organisation.entity';

export function toOrganisationModel(row: OrganisationEntity): Organisation {
  return Object.assign(new Organisation(), row);
}

/**
 * The catalogue's organisations: providers and the CRCs. Adding one checks it against the
 * reference data and the organisations already there, and writes it and its audit event in one
 * transaction.
 */
@Injectable()
export class OrganisationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reference: ReferenceService,
    private readonly audit: AuditService,
  ) {}

  async organisations(args: OrganisationsArgs): Promise<OrganisationConnection> {
    const page = readPage<[string, string]>(args, ORGANISATION_PAGES);
    const query = this.dataSource.getRepository(OrganisationEntity).createQueryBuilder('o');
    if (args.kind) query.where('o.kind = :kind', { kind: args.kind });
    const rows = await readKeyset(query, page, [
      ['o.name', '::text'],
      ['o.id', '::uuid'],
    ]);
    return keysetPage(rows, page, (row) => [row.name, row.id], toOrganisationModel);
  }

  async organisation(id: string): Promise<Organisation> {
    const row = await this.dataSource.getRepository(OrganisationEntity).findOneBy({ id });
    if (!row) throw new NotFoundError('Organisation', id);
    return toOrganisationModel(row);
  }

  /**
   * The organisations with these ids, in their order (undefined for an unknown id). Another
   * module's transaction passes its manager, to read on its connection.
   */
  async organisationsByIds(
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<(Organisation | undefined)[]> {
    if (ids.length === 0) return [];
    const rows = await manager.getRepository(OrganisationEntity).findBy({ id: In([...ids]) });
    const byId = new Map(rows.map((row) => [row.id, toOrganisationModel(row)]));
    return ids.map((id) => byId.get(id));
  }

  async createOrganisation(caller: Caller, input: CreateOrganisationInput): Promise<Organisation> {
    const errors: FieldError[] = [];
    const isCrc = input.kind === OrganisationKind.CRC;
    if (isCrc && !input.crcOwner)
      errors.push({ field: 'input.crcOwner', message: 'crcOwner is required for a CRC' });
    if (!isCrc && input.crcOwner)
      errors.push({ field: 'input.crcOwner', message: 'only a CRC has a crcOwner' });
    if (isCrc && !input.contractPackageAreaCode) {
      errors.push({
        field: 'input.contractPackageAreaCode',
        message: 'contractPackageAreaCode is required for a CRC',
      });
    }
    if (!isCrc && input.contractPackageAreaCode) {
      errors.push({
        field: 'input.contractPackageAreaCode',
        message: 'only a CRC holds a contract package area',
      });
    }
    const { contractPackageAreaByCode } = await this.reference.data();
    if (
      input.contractPackageAreaCode &&
      !contractPackageAreaByCode.has(input.contractPackageAreaCode)
    ) {
      errors.push({
        field: 'input.contractPackageAreaCode',
        message: `unknown contract package area ${input.contractPackageAreaCode}`,
      });
    }
    if (errors.length > 0) throw new BadUserInputError('The organisation is not valid', errors);

    return this.dataSource.transaction(async (manager) => {
      const duplicate = await this.duplicateOrganisation(manager, {
        name: input.name,
        charityNumber: input.charityNumber,
      });
      if (duplicate) throw new ConflictError(duplicate, 'DUPLICATE');
      const row = await manager.save(
        manager.create(OrganisationEntity, {
          name: input.name.trim(),
          kind: input.kind,
          crcOwner: input.crcOwner ?? null,
          charityNumber: input.charityNumber ?? null,
          contractPackageAreaCode: input.contractPackageAreaCode ?? null,
        }),
      );
      await this.audit.record(manager, caller, {
        entityType: 'Organisation',
        entityId: row.id,
        organisationId: row.id,
        action: 'CREATED',
        before: null,
        after: row,
      });
      return toOrganisationModel(row);
    });
  }

  /**
   * Why a new organisation would duplicate an existing one (same name whatever its case, same
   * charity number or same company number), or null.
   */
  async duplicateOrganisation(
    manager: EntityManager,
    candidate: { name: string; charityNumber?: string | null; companyNumber?: string | null },
  ): Promise<string | null> {
    const existing = await manager
      .getRepository(OrganisationEntity)
      .createQueryBuilder('o')
      .where('lower(o.name) = lower(:name)', { name: candidate.name.trim() })
      .orWhere('o.charity_number = :charity', { charity: candidate.charityNumber ?? null })
      .orWhere('o.company_number = :company', { company: candidate.companyNumber ?? null })
      .orderBy('o.name', 'ASC')
      .getOne();
    if (!existing) return null;
    if (existing.name.toLowerCase() === candidate.name.trim().toLowerCase())
      return `An organisation called ${existing.name} already exists`;
    if (candidate.charityNumber && existing.charityNumber === candidate.charityNumber)
      return `${existing.name} already has charity number ${candidate.charityNumber}`;
    return `${existing.name} already has company number ${candidate.companyNumber}`;
  }

  /**
   * Creates a non-CRC organisation in the caller's transaction (the framework's approval step),
   * audited; CONFLICT when it would duplicate one.
   */
  async createOrganisationIn(
    manager: EntityManager,
    caller: Caller,
    fields: {
      name: string;
      kind: OrganisationKind;
      charityNumber: string | null;
      companyNumber: string | null;
      website: string | null;
      description: string | null;
    },
  ): Promise<Organisation> {
    const duplicate = await this.duplicateOrganisation(manager, fields);
    if (duplicate) throw new ConflictError(duplicate, 'DUPLICATE');
    const row = await manager.save(
      manager.create(OrganisationEntity, {
        ...fields,
        name: fields.name.trim(),
        crcOwner: null,
        contractPackageAreaCode: null,
      }),
    );
    await this.audit.record(manager, caller, {
      entityType: 'Organisation',
      entityId: row.id,
      organisationId: row.id,
      action: 'CREATED',
      before: null,
      after: row,
    });
    return toOrganisationModel(row);
  }

  /** Whether the organisation's prices appear in the public feed: its own suppliers or ADMIN. */
  async setPublishPricesOpenly(
    caller: Caller,
    id: string,
    publish: boolean,
  ): Promise<Organisation> {
    if (!hasRole(caller, Role.ADMIN) && caller.organisationId !== id) {
      throw new ForbiddenError(
        "Only the organisation's own suppliers (or an admin) can change this",
        'OUT_OF_SCOPE',
      );
    }
    return this.dataSource.transaction(async (manager) => {
      const row = await manager.findOne(OrganisationEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row) throw new NotFoundError('Organisation', id);
      const before = { publishPricesOpenly: row.publishPricesOpenly };
      row.publishPricesOpenly = publish;
      await manager.save(row);
      await this.audit.record(manager, caller, {
        entityType: 'Organisation',
        entityId: id,
        organisationId: id,
        action: 'PRICE_PUBLICATION_SET',
        before,
        after: { publishPricesOpenly: publish },
      });
      return toOrganisationModel(row);
    });
  }
}
