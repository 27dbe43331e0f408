import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller, hasRole } from '../auth/caller';
import { Role } from '../auth/role';
import { OrganisationsService } from '../catalogue/organisations.service';
import { Clock } from '../common/clock';
import { encodeCursor, isCursorInstant } from '../common/cursor';
import { connectionOf, pageRows, readKeyset, readPage } from '../common/paging';
import {
  BadUserInputError,
  ConflictError,
  FieldError,
  ForbiddenError,
  NotFoundError,
} from '../common/errors';
import { ReferenceService } from '../reference/reference.service';
import { ApplicationAction, nextApplicationStatus } from './application-rules';
import { ComplianceService, toDeclaration } from './compliance.service';
import { FrameworkEvents, FrameworkEventType } from './framework-events';
import { ApplicationStatus, DeclarationKind } from './framework.enums';
import {
  DeclarationsSnapshot,
  FrameworkApplicationEntity,
  OrganisationMemberEntity,
} from './framework.entities';
import {
  ApplyToJoinInput,
  DeclarationInput,
  DeclarationsInput,
  FrameworkApplicationsArgs,
} from './framework.inputs';
import {
  Declaration,
  FrameworkApplication,
  FrameworkApplicationConnection,
} from './framework.models';

const APPLICATION = 'FrameworkApplication';
/** Pages are ordered by submission time at the millisecond a cursor carries, then by id. */
const SUBMITTED_MS = "date_trunc('milliseconds', a.submitted_at)";
/** Applications are paged oldest (re)submission first, 20 at a time (at most 100). */
const APPLICATION_PAGES = {
  size: 20,
  max: 100,
  list: 'frameworkApplications',
  valid: (values: unknown[]) => values.length === 2 && isCursorInstant(values[0]),
};

/**
 * The database's unique indexes are the last line of defence against two requests at once (two
 * applications from one person, two organisations of one name): their violation is a CONFLICT.
 */
async function conflictOnUniqueViolation<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const code =
      error instanceof QueryFailedError ? (error.driverError as { code?: string }).code : undefined;
    if (code === '23505') {
      throw new ConflictError(
        'Someone made the same change at the same moment: reload and try again',
        'CONCURRENT_CHANGE',
      );
    }
    throw error;
  }
}
const OPEN = [ApplicationStatus.SUBMITTED, ApplicationStatus.CHANGES_REQUESTED];

/** Input field of each declaration kind. */
const DECLARATION_FIELDS: Record<DeclarationKind, keyof DeclarationsInput> = {
  SAFEGUARDING_POLICY: 'safeguardingPolicy',
  INSURANCE: 'insurance',
  DATA_PROTECTION: 'dataProtection',
  VETTED_STAFF: 'vettedStaff',
};

/**
 * The dynamic framework: anyone signed in with no organisation applies; a commissioner or admin
 * approves (creating the organisation and its first member), asks for changes or rejects. Each
 * step is one transaction with the application's row locked, audited, and raises an event.
 */
@Injectable()
export class FrameworkService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly organisations: OrganisationsService,
    private readonly compliance: ComplianceService,
    private readonly reference: ReferenceService,
    private readonly audit: AuditService,
    private readonly events: FrameworkEvents,
    private readonly clock: Clock,
  ) {}

  async apply(caller: Caller, input: ApplyToJoinInput): Promise<FrameworkApplication> {
    if (caller.organisationId) {
      throw new ForbiddenError(
        'You already act for an organisation: applications are for people with none',
        'ALREADY_A_MEMBER',
      );
    }
    await this.checkInput(input);
    const id = await conflictOnUniqueViolation(
      this.dataSource.transaction(async (manager) => {
        const member = await manager.findOneBy(OrganisationMemberEntity, { subject: caller.id });
        if (member)
          throw new ConflictError(
            'You are already a member of an organisation',
            'ALREADY_A_MEMBER',
          );
        const open =
          (await manager.findOneBy(FrameworkApplicationEntity, {
            applicantId: caller.id,
            status: ApplicationStatus.SUBMITTED,
          })) ??
          (await manager.findOneBy(FrameworkApplicationEntity, {
            applicantId: caller.id,
            status: ApplicationStatus.CHANGES_REQUESTED,
          }));
        if (open) {
          throw new ConflictError(
            `You already have an open application (${open.id}): amend that one instead`,
            'OPEN_APPLICATION_EXISTS',
          );
        }
        await this.assertNotDuplicate(manager, input, null);
        const row = await manager.save(
          manager.create(FrameworkApplicationEntity, {
            applicantId: caller.id,
            applicantName: caller.name,
            status: ApplicationStatus.SUBMITTED,
            ...this.fieldsOf(input),
            decisionNote: null,
            organisationId: null,
            submittedAt: this.clock.now(),
            decidedAt: null,
          }),
        );
        await this.step(manager, caller, row, 'SUBMITTED', null, 'FRAMEWORK_APPLICATION_SUBMITTED');
        return row.id;
      }),
    );
    return this.application(caller, id);
  }

  /** The applicant amends a CHANGES_REQUESTED application, which resubmits it. */
  async amend(caller: Caller, id: string, input: ApplyToJoinInput): Promise<FrameworkApplication> {
    await this.checkInput(input);
    await this.dataSource.transaction(async (manager) => {
      const row = await this.lock(manager, caller, id);
      if (row.applicantId !== caller.id)
        throw new ForbiddenError('Only the applicant can amend an application', 'OUT_OF_SCOPE');
      const before = { ...row };
      row.status = nextApplicationStatus(row.status, 'amend');
      await this.assertNotDuplicate(manager, input, row.id);
      Object.assign(row, this.fieldsOf(input), { submittedAt: this.clock.now() });
      await manager.save(row);
      await this.step(
        manager,
        caller,
        row,
        'RESUBMITTED',
        null,
        'FRAMEWORK_APPLICATION_RESUBMITTED',
        before,
      );
    });
    return this.application(caller, id);
  }

  async decide(
    caller: Caller,
    id: string,
    action: Exclude<ApplicationAction, 'amend'>,
    note?: string,
  ): Promise<FrameworkApplication> {
    await conflictOnUniqueViolation(
      this.dataSource.transaction(async (manager) => {
        const row = await this.lock(manager, caller, id);
        row.status = nextApplicationStatus(row.status, action);
        const trimmed = note?.trim() || null;
        if (action === 'approve') {
          await this.approveIn(manager, caller, row);
          await this.step(manager, caller, row, 'APPROVED', null, 'FRAMEWORK_APPLICATION_APPROVED');
          return;
        }
        row.decisionNote = trimmed;
        if (action === 'reject') row.decidedAt = this.clock.now();
        await manager.save(row);
        if (action === 'reject') {
          await this.step(
            manager,
            caller,
            row,
            'REJECTED',
            trimmed,
            'FRAMEWORK_APPLICATION_REJECTED',
          );
        } else {
          await this.step(
            manager,
            caller,
            row,
            'CHANGES_REQUESTED',
            trimmed,
            'FRAMEWORK_APPLICATION_CHANGES_REQUESTED',
          );
        }
      }),
    );
    return this.application(caller, id);
  }

  /** Creates the organisation, its first member and its declarations from the application. */
  private async approveIn(
    manager: EntityManager,
    caller: Caller,
    row: FrameworkApplicationEntity,
  ): Promise<void> {
    const member = await manager.findOneBy(OrganisationMemberEntity, { subject: row.applicantId });
    if (member)
      throw new ConflictError(
        'The applicant is already a member of an organisation',
        'ALREADY_A_MEMBER',
      );
    const organisation = await this.organisations.createOrganisationIn(manager, caller, {
      name: row.organisationName,
      kind: row.kind,
      charityNumber: row.charityNumber,
      companyNumber: row.companyNumber,
      website: row.website,
      description: row.description,
    });
    await manager.insert(OrganisationMemberEntity, {
      organisationId: organisation.id,
      subject: row.applicantId,
      name: row.applicantName,
    });
    await this.compliance.saveIn(manager, organisation.id, row.declarations);
    row.organisationId = organisation.id;
    row.decisionNote = null;
    row.decidedAt = this.clock.now();
    await manager.save(row);
  }

  async application(caller: Caller, id: string): Promise<FrameworkApplication> {
    const row = await this.dataSource.getRepository(FrameworkApplicationEntity).findOneBy({ id });
    if (!row || !this.canSee(caller, row)) throw new NotFoundError('FrameworkApplication', id);
    return this.toModel(this.dataSource.manager, row);
  }

  async mine(caller: Caller): Promise<FrameworkApplication[]> {
    const rows = await this.dataSource.getRepository(FrameworkApplicationEntity).find({
      where: { applicantId: caller.id },
      order: { createdAt: 'DESC', id: 'ASC' },
    });
    return Promise.all(rows.map((row) => this.toModel(this.dataSource.manager, row)));
  }

  /** For commissioners and admins: a page of applications, oldest (re)submission first. */
  async list(args: FrameworkApplicationsArgs): Promise<FrameworkApplicationConnection> {
    const page = readPage<[string, string]>(args, APPLICATION_PAGES);
    const query = this.dataSource
      .getRepository(FrameworkApplicationEntity)
      .createQueryBuilder('a')
      .where(args.status ? 'a.status = :status' : 'true', { status: args.status });
    const totalCount = await query.getCount();
    const fetched = await readKeyset(query, page, [
      [SUBMITTED_MS, '::timestamptz'],
      ['a.id', '::uuid'],
    ]);
    const { rows, ...flags } = pageRows(fetched, page);
    const edges = await Promise.all(
      rows.map(async (row) => ({
        node: await this.toModel(this.dataSource.manager, row),
        cursor: encodeCursor([row.submittedAt.toISOString(), row.id]),
      })),
    );
    return { ...connectionOf(edges, flags), totalCount };
  }

  /** A supplier (of its own organisation) or ADMIN renews one declaration. */
  async renewDeclaration(
    caller: Caller,
    organisationId: string,
    kind: DeclarationKind,
    input: DeclarationInput,
  ): Promise<Declaration> {
    if (!hasRole(caller, Role.ADMIN) && caller.organisationId !== organisationId) {
      throw new ForbiddenError(
        "Only the organisation's own suppliers (or an admin) can renew its declarations",
        'OUT_OF_SCOPE',
      );
    }
    if (input.expiresOn && input.expiresOn < this.clock.today()) {
      throw new BadUserInputError('The declaration is already out of date', [
        { field: 'declaration.expiresOn', message: 'expiresOn must be today or later' },
      ]);
    }
    await this.organisations.organisation(organisationId);
    const declaration = { held: input.held, expiresOn: input.expiresOn ?? null };
    const before =
      (await this.compliance.declarationsOf([organisationId]))
        .get(organisationId)
        ?.find((d) => d.kind === kind) ?? null;
    await this.dataSource.transaction(async (manager) => {
      await this.compliance.saveIn(manager, organisationId, { [kind]: declaration });
      await this.audit.record(manager, caller, {
        entityType: 'OrganisationDeclaration',
        entityId: organisationId,
        organisationId,
        action: 'DECLARATION_RENEWED',
        before,
        after: { kind, ...declaration },
      });
      await this.events.raise(manager, { type: 'DECLARATION_RENEWED', organisationId });
    });
    return toDeclaration({ kind, ...declaration }, this.clock.today());
  }

  private canSee(caller: Caller, row: FrameworkApplicationEntity): boolean {
    return row.applicantId === caller.id || hasRole(caller, Role.COMMISSIONER, Role.ADMIN);
  }

  private async lock(
    manager: EntityManager,
    caller: Caller,
    id: string,
  ): Promise<FrameworkApplicationEntity> {
    const row = await manager.findOne(FrameworkApplicationEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!row || !this.canSee(caller, row)) throw new NotFoundError('FrameworkApplication', id);
    return row;
  }

  /** Audits a step and raises its notification event, in the step's transaction. */
  private async step(
    manager: EntityManager,
    caller: Caller,
    row: FrameworkApplicationEntity,
    action: string,
    note: string | null,
    event: FrameworkEventType,
    before: object | null = null,
  ): Promise<void> {
    await this.audit.record(manager, caller, {
      entityType: APPLICATION,
      entityId: row.id,
      organisationId: row.organisationId,
      action,
      before,
      after: { ...row, note },
    });
    await this.events.raise(manager, {
      type: event,
      applicationId: row.id,
      organisationId: row.organisationId ?? undefined,
      contactEmail: row.contactEmail,
      note: note ?? undefined,
    });
  }

  /** Checks what class-validator cannot: reference data and dates. */
  private async checkInput(input: ApplyToJoinInput): Promise<void> {
    const { pccAreaByCode } = await this.reference.data();
    const errors: FieldError[] = [];
    input.pccAreaCodes.forEach((code, i) => {
      if (!pccAreaByCode.has(code))
        errors.push({ field: `input.pccAreaCodes.${i}`, message: `unknown PCC area ${code}` });
    });
    const today = this.clock.today();
    for (const [kind, field] of Object.entries(DECLARATION_FIELDS)) {
      const declaration = input.declarations[field];
      if (declaration.expiresOn && declaration.expiresOn < today) {
        errors.push({
          field: `input.declarations.${field}.expiresOn`,
          message: `the ${kind} declaration has already expired: renew it before applying`,
        });
      }
      if (declaration.expiresOn && !declaration.held) {
        errors.push({
          field: `input.declarations.${field}.expiresOn`,
          message: 'only a declaration that is held has an expiry date',
        });
      }
    }
    if (errors.length > 0) throw new BadUserInputError('The application is not valid', errors);
  }

  /** CONFLICT when the organisation exists already, or another open application names it. */
  private async assertNotDuplicate(
    manager: EntityManager,
    input: ApplyToJoinInput,
    ownId: string | null,
  ): Promise<void> {
    const { name, charityNumber, companyNumber } = input.organisation;
    const duplicate = await this.organisations.duplicateOrganisation(manager, {
      name,
      charityNumber,
      companyNumber,
    });
    if (duplicate) throw new ConflictError(duplicate, 'DUPLICATE');
    const pending = await manager
      .getRepository(FrameworkApplicationEntity)
      .createQueryBuilder('a')
      .where('a.status IN (:...open)', { open: OPEN })
      .andWhere('a.id IS DISTINCT FROM :ownId', { ownId })
      .andWhere(
        '(lower(a.organisation_name) = lower(:name) OR a.charity_number = :charity OR a.company_number = :company)',
        { name, charity: charityNumber ?? null, company: companyNumber ?? null },
      )
      .getOne();
    if (pending) {
      throw new ConflictError(
        `Another open application is for ${pending.organisationName} (same name or registration number)`,
        'DUPLICATE',
      );
    }
  }

  private fieldsOf(input: ApplyToJoinInput): Partial<FrameworkApplicationEntity> {
    const org = input.organisation;
    const declarations = Object.fromEntries(
      Object.entries(DECLARATION_FIELDS).map(([kind, field]) => {
        const d = input.declarations[field];
        return [kind, { held: d.held, expiresOn: d.expiresOn ?? null }];
      }),
    ) as DeclarationsSnapshot;
    return {
      organisationName: org.name,
      kind: org.kind,
      charityNumber: org.charityNumber ?? null,
      companyNumber: org.companyNumber ?? null,
      website: org.website ?? null,
      description: org.description ?? null,
      contactEmail: input.contactEmail.trim(),
      pccAreaCodes: input.pccAreaCodes,
      factors: input.factors,
      declarations,
    };
  }

  private async toModel(
    manager: EntityManager,
    row: FrameworkApplicationEntity,
  ): Promise<FrameworkApplication> {
    const today = this.clock.today();
    const events = await this.audit.events(manager, row.id);
    return {
      id: row.id,
      status: row.status,
      applicantId: row.applicantId,
      applicantName: row.applicantName,
      organisation: {
        name: row.organisationName,
        kind: row.kind,
        charityNumber: row.charityNumber,
        companyNumber: row.companyNumber,
        website: row.website,
        description: row.description,
      },
      contactEmail: row.contactEmail,
      pccAreaCodes: row.pccAreaCodes,
      factors: row.factors,
      declarations: Object.entries(row.declarations).map(([kind, d]) =>
        toDeclaration({ kind: kind as DeclarationKind, ...d }, today),
      ),
      decisionNote: row.decisionNote,
      organisationId: row.organisationId,
      submittedAt: row.submittedAt,
      decidedAt: row.decidedAt,
      history: events.map((event) => {
        const after = event.after as { status?: ApplicationStatus; note?: string | null } | null;
        return {
          status: after?.status ?? row.status,
          at: event.at,
          by: event.actorName,
          note: after?.note ?? null,
        };
      }),
    };
  }
}
