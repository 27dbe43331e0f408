import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller, hasRole, isCoFunderCommissioner } from '../auth/caller';
import { Role } from '../auth/role';
import { isCoFunderKind, OrganisationKind } from '../catalogue/catalogue.enums';
import { OrganisationsService } from '../catalogue/organisations.service';
import {
  BadUserInputError,
  ConflictError,
  FieldError,
  ForbiddenError,
  NotFoundError,
} from '../common/errors';
import { inTransaction } from '../common/transaction';
import { FactorCode } from '../reference/factor-code';
import { ReferenceService } from '../reference/reference.service';
import { FundingPotEntity, FundingPotFunderEntity } from './funding-pot.entity';
import {
  CreateFundingPotInput,
  FundingPotFunderInput,
  FundingPotsArgs,
  UpdateFundingPotInput,
} from './funding-pots.inputs';
import { FundingPot, FundingPotFunder } from './funding-pots.models';
import { potSpecificity } from './settlement';

/** Which pots a caller may see. */
export type PotScope =
  | { kind: 'ALL' }
  | { kind: 'DIVISION'; divisionCode: string }
  | { kind: 'FUNDER'; organisationId: string };

/**
 * Who sees which pots: admins and national commissioners all; a division's commissioner its
 * division's; a co-funder's commissioner the pots its organisation funds. Nobody else any.
 */
export function potScopeOf(caller: Caller): PotScope {
  if (hasRole(caller, Role.ADMIN)) return { kind: 'ALL' };
  if (isCoFunderCommissioner(caller))
    return { kind: 'FUNDER', organisationId: caller.organisationId! };
  if (hasRole(caller, Role.COMMISSIONER))
    return caller.divisionCode
      ? { kind: 'DIVISION', divisionCode: caller.divisionCode }
      : { kind: 'ALL' };
  throw new ForbiddenError('Funding pots are for commissioners', 'ROLE_NOT_ALLOWED');
}

interface FunderRow {
  potId: string;
  organisationId: string;
  amountPence: number;
  name: string;
  kind: OrganisationKind;
}

function toModel(row: FundingPotEntity, funders: FunderRow[]): FundingPot {
  return {
    id: row.id,
    name: row.name,
    divisionCode: row.divisionCode,
    financialYear: row.financialYear,
    needs: row.needs as FactorCode[],
    pccAreaCodes: row.pccAreaCodes,
    specificity: potSpecificity(row),
    funders: funders
      .filter((f) => f.potId === row.id)
      .map((f): FundingPotFunder => ({
        organisationId: f.organisationId,
        organisationName: f.name,
        organisationKind: f.kind,
        amountPence: f.amountPence,
      }))
      .sort((a, b) => a.organisationName.localeCompare(b.organisationName)),
    totalPence: row.totalPence,
    committedPence: row.committedPence,
    spentPence: row.spentPence,
    outcomePaymentsSpentPence: row.outcomePaymentsSpentPence,
    remainingPence: row.totalPence - row.committedPence - row.spentPence,
    createdAt: row.createdAt,
  };
}

/** What the audit trail keeps of a pot. */
function auditView(row: FundingPotEntity, funders: FundingPotFunderInput[]) {
  return {
    name: row.name,
    divisionCode: row.divisionCode,
    financialYear: row.financialYear,
    needs: row.needs,
    pccAreaCodes: row.pccAreaCodes,
    totalPence: row.totalPence,
    funders: funders.map((f) => ({ organisationId: f.organisationId, amountPence: f.amountPence })),
  };
}

/**
 * Funding pots (joint commissioning): created and changed by commissioners (a division's for
 * their own division) and admins, every change audited; read by them and by the co-funders'
 * commissioners (their own pots). Purchases and settlements move a pot's money through
 * BudgetService, like a division's budget.
 */
@Injectable()
export class FundingPotsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reference: ReferenceService,
    private readonly audit: AuditService,
    private readonly organisations: OrganisationsService,
  ) {}

  async pots(caller: Caller, args: FundingPotsArgs): Promise<FundingPot[]> {
    const scope = potScopeOf(caller);
    if (args.divisionCode !== undefined)
      await this.knownDivision(args.divisionCode, 'divisionCode');
    if (
      scope.kind === 'DIVISION' &&
      args.divisionCode !== undefined &&
      args.divisionCode !== scope.divisionCode
    )
      throw new ForbiddenError(
        `Your funding pots are limited to division ${scope.divisionCode}`,
        'OUT_OF_SCOPE',
      );
    const query = this.dataSource
      .getRepository(FundingPotEntity)
      .createQueryBuilder('p')
      .where('p.financial_year = :financialYear', { financialYear: args.financialYear });
    if (args.divisionCode) query.andWhere('p.division_code = :d', { d: args.divisionCode });
    this.scopeQuery(query, scope);
    const rows = await query
      .orderBy('p.division_code')
      .addOrderBy('p.created_at')
      .addOrderBy('p.id')
      .getMany();
    return this.withFunders(this.dataSource.manager, rows);
  }

  /** One pot in the caller's scope; NOT_FOUND otherwise (whether or not it exists). */
  async pot(caller: Caller, id: string): Promise<FundingPot> {
    const scope = potScopeOf(caller);
    const query = this.dataSource
      .getRepository(FundingPotEntity)
      .createQueryBuilder('p')
      .where('p.id = :id', { id });
    this.scopeQuery(query, scope);
    const row = await query.getOne();
    if (!row) throw new NotFoundError('FundingPot', id);
    return (await this.withFunders(this.dataSource.manager, [row]))[0];
  }

  async create(caller: Caller, input: CreateFundingPotInput): Promise<FundingPot> {
    const errors: FieldError[] = [];
    const division = await this.knownDivision(input.divisionCode, 'input.divisionCode', errors);
    this.assertMayChange(caller, input.divisionCode);
    if (division) errors.push(...this.areaErrors(division, input.pccAreaCodes ?? []));
    errors.push(...(await this.funderErrors(input.funders)));
    if (errors.length > 0) throw invalidPot(errors);

    return inTransaction(this.dataSource, async (manager) => {
      const row = await manager.save(
        manager.create(FundingPotEntity, {
          name: input.name.trim(),
          divisionCode: input.divisionCode,
          financialYear: input.financialYear,
          needs: [...(input.needs ?? [])].sort(),
          pccAreaCodes: [...(input.pccAreaCodes ?? [])].sort(),
          totalPence: total(input.funders),
          committedPence: 0,
          spentPence: 0,
          outcomePaymentsSpentPence: 0,
          createdBy: caller.id,
        }),
      );
      await manager.insert(
        FundingPotFunderEntity,
        input.funders.map((f) => ({
          potId: row.id,
          organisationId: f.organisationId,
          amountPence: f.amountPence,
        })),
      );
      await this.audit.record(manager, caller, {
        entityType: 'FundingPot',
        entityId: row.id,
        organisationId: null,
        action: 'FUNDING_POT_CREATED',
        before: null,
        after: auditView(row, input.funders),
      });
      return (await this.withFunders(manager, [row]))[0];
    });
  }

  async update(caller: Caller, input: UpdateFundingPotInput): Promise<FundingPot> {
    const existing = await this.dataSource
      .getRepository(FundingPotEntity)
      .findOneBy({ id: input.id });
    if (!existing || !this.inScope(potScopeOf(caller), existing))
      throw new NotFoundError('FundingPot', input.id);
    this.assertMayChange(caller, existing.divisionCode);
    const errors: FieldError[] = [];
    const { divisionByCode } = await this.reference.data();
    if (input.pccAreaCodes)
      errors.push(
        ...this.areaErrors(divisionByCode.get(existing.divisionCode)!, input.pccAreaCodes),
      );
    if (input.funders) errors.push(...(await this.funderErrors(input.funders)));
    if (errors.length > 0) throw invalidPot(errors);

    return inTransaction(this.dataSource, async (manager) => {
      // The pot's row first (the purchases' lock order: listing, then one pot or the budget).
      const row = await manager.findOne(FundingPotEntity, {
        where: { id: input.id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row) throw new NotFoundError('FundingPot', input.id);
      const before = await manager.findBy(FundingPotFunderEntity, { potId: row.id });
      const beforeView = auditView(row, before);
      if (input.name !== undefined) row.name = input.name.trim();
      if (input.needs) row.needs = [...input.needs].sort();
      if (input.pccAreaCodes) row.pccAreaCodes = [...input.pccAreaCodes].sort();
      if (input.funders) {
        const newTotal = total(input.funders);
        const used = row.committedPence + row.spentPence;
        if (newTotal < used) {
          throw new ConflictError(
            `The pot cannot go below the ${used} pence already committed or spent from it`,
            'POT_BELOW_USED',
          );
        }
        row.totalPence = newTotal;
        await manager.delete(FundingPotFunderEntity, { potId: row.id });
        await manager.insert(
          FundingPotFunderEntity,
          input.funders.map((f) => ({
            potId: row.id,
            organisationId: f.organisationId,
            amountPence: f.amountPence,
          })),
        );
      }
      const saved = await manager.save(row);
      await this.audit.record(manager, caller, {
        entityType: 'FundingPot',
        entityId: row.id,
        organisationId: null,
        action: 'FUNDING_POT_CHANGED',
        before: beforeView,
        after: auditView(saved, input.funders ?? before),
      });
      return (await this.withFunders(manager, [saved]))[0];
    });
  }

  private scopeQuery(query: SelectQueryBuilder<FundingPotEntity>, scope: PotScope): void {
    if (scope.kind === 'DIVISION')
      query.andWhere('p.division_code = :scopeDivision', { scopeDivision: scope.divisionCode });
    if (scope.kind === 'FUNDER')
      query.andWhere(
        'EXISTS (SELECT 1 FROM funding_pot_funder f WHERE f.pot_id = p.id AND f.organisation_id = :scopeFunder)',
        { scopeFunder: scope.organisationId },
      );
  }

  private inScope(scope: PotScope, row: FundingPotEntity): boolean {
    // Changing is for commissioners and admins: a co-funder never reaches here (the guard).
    if (scope.kind === 'DIVISION') return row.divisionCode === scope.divisionCode;
    return scope.kind === 'ALL';
  }

  private assertMayChange(caller: Caller, divisionCode: string): void {
    const scope = potScopeOf(caller);
    if (scope.kind === 'ALL') return;
    if (scope.kind === 'DIVISION' && scope.divisionCode === divisionCode) return;
    throw new ForbiddenError(
      `Funding pots of ${divisionCode} are outside what you may change`,
      'OUT_OF_SCOPE',
    );
  }

  private async knownDivision(code: string, field: string, errors?: FieldError[]) {
    const { divisionByCode } = await this.reference.data();
    const division = divisionByCode.get(code);
    if (!division) {
      const error = { field, message: `unknown division ${code}` };
      if (errors) errors.push(error);
      else throw new BadUserInputError('Unknown division', [error]);
    }
    return division;
  }

  private areaErrors(division: { code: string; pccAreas: { code: string }[] }, codes: string[]) {
    const own = new Set(division.pccAreas.map((a) => a.code));
    return codes.flatMap((code, i) =>
      own.has(code)
        ? []
        : [
            {
              field: `input.pccAreaCodes.${i}`,
              message: `${code} is not a PCC area of division ${division.code}`,
            },
          ],
    );
  }

  /** Each funder once, an existing organisation of a co-funder kind. */
  private async funderErrors(funders: FundingPotFunderInput[]): Promise<FieldError[]> {
    const ids = [...new Set(funders.map((f) => f.organisationId))];
    const found = await this.organisations.organisationsByIds(ids);
    const byId = new Map(found.filter((o) => o !== undefined).map((o) => [o.id, o]));
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    funders.forEach((f, i) => {
      const field = `input.funders.${i}.organisationId`;
      const organisation = byId.get(f.organisationId);
      if (seen.has(f.organisationId))
        errors.push({ field, message: 'each co-funder appears once' });
      else if (!organisation)
        errors.push({ field, message: `no organisation ${f.organisationId}` });
      else if (!isCoFunderKind(organisation.kind))
        errors.push({
          field,
          message: `${organisation.name} is ${organisation.kind}: ${WRONG_KIND}`,
        });
      seen.add(f.organisationId);
    });
    if (!Number.isSafeInteger(total(funders)))
      errors.push({ field: 'input.funders', message: 'the amounts add up to too much' });
    return errors;
  }

  private async withFunders(
    manager: EntityManager,
    rows: FundingPotEntity[],
  ): Promise<FundingPot[]> {
    if (rows.length === 0) return [];
    const funders = await manager.query<
      { potId: string; organisationId: string; amountPence: string }[]
    >(
      `SELECT f.pot_id AS "potId", f.organisation_id AS "organisationId",
              f.amount_pence::text AS "amountPence"
       FROM funding_pot_funder f
       WHERE f.pot_id = ANY($1::uuid[])`,
      [rows.map((r) => r.id)],
    );
    // Names and kinds from the catalogue, which owns organisations (a funder is a foreign key,
    // so every one is found).
    const ids = [...new Set(funders.map((f) => f.organisationId))];
    const organisations = await this.organisations.organisationsByIds(ids, manager);
    const byId = new Map(ids.map((id, i) => [id, organisations[i]!]));
    return rows.map((row) =>
      toModel(
        row,
        funders.map((f) => {
          const { name, kind } = byId.get(f.organisationId)!;
          return { ...f, amountPence: Number(f.amountPence), name, kind };
        }),
      ),
    );
  }
}

const WRONG_KIND = 'a co-funder is a PCC, LOCAL_AUTHORITY or HEALTH organisation';

/** BAD_USER_INPUT naming each field; reason NOT_A_CO_FUNDER when that is all that is wrong. */
function invalidPot(errors: FieldError[]): BadUserInputError {
  const onlyKinds = errors.every((e) => e.message.endsWith(WRONG_KIND));
  return new BadUserInputError(
    'The funding pot is not valid',
    errors,
    onlyKinds ? 'NOT_A_CO_FUNDER' : 'INVALID_INPUT',
  );
}

function total(funders: { amountPence: number }[]): number {
  return funders.reduce((sum, f) => sum + f.amountPence, 0);
}
