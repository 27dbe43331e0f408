import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller, hasRole } from '../auth/caller';
import { Role } from '../auth/role';
import { CatalogueReadModel } from '../catalogue/catalogue-read-model';
import { Intervention } from '../catalogue/catalogue.models';
import { ListingsService } from '../catalogue/listings.service';
import { OrganisationEntity } from '../catalogue/organisation.entity';
import { Clock } from '../common/clock';
import {
  BadUserInputError,
  ConflictError,
  FieldError,
  ForbiddenError,
  NotFoundError,
} from '../common/errors';
import { inTransaction } from '../common/transaction';
import { ReferenceService } from '../reference/reference.service';
import { SubcontractEntity } from './subcontract.entity';
import {
  inForce,
  lastDayOf,
  periodsOverlap,
  SubcontractStatus,
  subcontractStatus,
  uncoveredBySubcontract,
} from './supply-chain-rules';
import {
  CreateSubcontractInput,
  SupplyChainArgs,
  UpdateSubcontractInput,
} from './supply-chains.inputs';
import { Subcontract, SupplyChain, SupplyChainMember } from './supply-chains.models';

const SUBCONTRACT = 'Subcontract';

/** A purchase of a listing whose subcontract has ended (or not started). */
export class SubcontractEndedError extends ConflictError {
  constructor(subcontract: Subcontract) {
    super(
      `The listing is delivered under subcontract ${subcontract.reference} (${subcontract.id}), which is ${subcontract.status}: it cannot be bought`,
      subcontract.status === SubcontractStatus.NOT_STARTED
        ? 'SUBCONTRACT_NOT_STARTED'
        : 'SUBCONTRACT_ENDED',
    );
  }
}

export function toSubcontractModel(row: SubcontractEntity, today: string): Subcontract {
  return Object.assign(new Subcontract(), {
    id: row.id,
    primeId: row.primeId,
    subcontractorId: row.subcontractorId,
    reference: row.reference,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    endedOn: row.endedOn,
    lastDay: lastDayOf(row),
    status: subcontractStatus(row, today),
    factors: row.factors,
    pccAreaCodes: row.pccAreaCodes,
    annualValuePence: row.annualValuePence,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  });
}

/** The figures of one deliverer's referrals on a prime's listings (`SupplyChainMember`). */
interface MemberFigures {
  deliverer_id: string;
  referrals: number;
  live: number;
  income: string;
  outcomes: number;
  judged: number;
  sufficient: number;
}

/**
 * Supply chains: subcontracts between a prime and its subcontractors (created, changed and ended
 * by the prime's suppliers; seen by both parties, commissioners and admins), who delivers each of
 * the prime's listings, whether a purchase may go ahead under a listing's subcontract, and the
 * supply-chain manager's view.
 */
@Injectable()
export class SupplyChainsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly reference: ReferenceService,
    private readonly listings: ListingsService,
    private readonly catalogue: CatalogueReadModel,
  ) {}

  // ---- subcontracts ----------------------------------------------------------------------------

  async create(caller: Caller, input: CreateSubcontractInput): Promise<Subcontract> {
    const primeId = this.primeOf(caller);
    await this.reference.data(); // outside the transaction: see ReferenceService
    const id = await inTransaction(this.dataSource, async (manager) => {
      await this.lockPair(manager, primeId, input.subcontractorId);
      const failures = await this.subcontractFailures(manager, {
        primeId,
        subcontractorId: input.subcontractorId,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        pccAreaCodes: input.pccAreaCodes,
        exceptId: null,
      });
      if (failures.length > 0)
        throw new BadUserInputError('The subcontract cannot be recorded', failures);
      const row = await manager.save(
        manager.create(SubcontractEntity, {
          primeId,
          subcontractorId: input.subcontractorId,
          reference: input.reference.trim(),
          startsOn: input.startsOn,
          endsOn: input.endsOn,
          endedOn: null,
          factors: input.factors,
          pccAreaCodes: input.pccAreaCodes,
          annualValuePence: input.annualValuePence,
        }),
      );
      await this.audit.record(manager, caller, {
        entityType: SUBCONTRACT,
        entityId: row.id,
        organisationId: primeId,
        action: 'CREATED',
        before: null,
        after: row,
      });
      return row.id;
    });
    return this.subcontract(caller, id);
  }

  async update(caller: Caller, id: string, input: UpdateSubcontractInput): Promise<Subcontract> {
    await this.reference.data();
    await inTransaction(this.dataSource, async (manager) => {
      const row = await this.lockOwn(manager, caller, id);
      const before = { ...row };
      const next = {
        reference: input.reference?.trim() ?? row.reference,
        startsOn: input.startsOn ?? row.startsOn,
        endsOn: input.endsOn ?? row.endsOn,
        factors: input.factors ?? row.factors,
        pccAreaCodes: input.pccAreaCodes ?? row.pccAreaCodes,
        annualValuePence: input.annualValuePence ?? row.annualValuePence,
      };
      const failures = await this.subcontractFailures(manager, {
        primeId: row.primeId,
        subcontractorId: row.subcontractorId,
        startsOn: next.startsOn,
        endsOn: next.endsOn,
        pccAreaCodes: next.pccAreaCodes,
        exceptId: row.id,
      });
      if (row.endedOn !== null && next.endsOn < row.endedOn)
        failures.push({
          field: 'input.endsOn',
          message: `endsOn must not be before the day it was ended (${row.endedOn})`,
        });
      if (failures.length > 0)
        throw new BadUserInputError('The subcontract cannot be changed so', failures);
      Object.assign(row, next);
      await manager.save(row);
      await this.audit.record(manager, caller, {
        entityType: SUBCONTRACT,
        entityId: row.id,
        organisationId: row.primeId,
        action: 'UPDATED',
        before,
        after: row,
      });
    });
    return this.subcontract(caller, id);
  }

  /**
   * Ends a subcontract from `endedOn` (default today; not in the past, not after its end date):
   * from that day its listings cannot be bought; live referrals' delivery carries on.
   */
  async end(caller: Caller, id: string, endedOn: string | undefined): Promise<Subcontract> {
    const today = this.clock.today();
    await inTransaction(this.dataSource, async (manager) => {
      const row = await this.lockOwn(manager, caller, id);
      if (subcontractStatus(row, today) === SubcontractStatus.ENDED)
        throw new ConflictError(
          `Subcontract ${row.reference} has already ended`,
          'INVALID_TRANSITION',
        );
      const day = endedOn ?? today;
      const failures: FieldError[] = [];
      if (day < today)
        failures.push({
          field: 'endedOn',
          message: `endedOn must not be in the past (today is ${today})`,
        });
      if (day > row.endsOn)
        failures.push({
          field: 'endedOn',
          message: `endedOn must not be after endsOn (${row.endsOn})`,
        });
      if (failures.length > 0)
        throw new BadUserInputError('The subcontract cannot end then', failures);
      const before = { ...row };
      row.endedOn = day;
      await manager.save(row);
      await this.audit.record(manager, caller, {
        entityType: SUBCONTRACT,
        entityId: row.id,
        organisationId: row.primeId,
        action: 'ENDED',
        before,
        after: row,
      });
    });
    return this.subcontract(caller, id);
  }

  /** One subcontract, if the caller may see it (either party's suppliers, commissioners, admins). */
  async subcontract(caller: Caller, id: string): Promise<Subcontract> {
    const row = await this.dataSource.getRepository(SubcontractEntity).findOneBy({ id });
    if (!row || !this.canSee(caller, row)) throw new NotFoundError(SUBCONTRACT, id);
    return toSubcontractModel(row, this.clock.today());
  }

  /** The subcontracts an organisation is a party to (as prime or subcontractor), newest first. */
  async subcontractsOf(caller: Caller, organisationId: string): Promise<Subcontract[]> {
    this.assertMayRead(caller, organisationId);
    const rows = await this.dataSource.getRepository(SubcontractEntity).find({
      where: [{ primeId: organisationId }, { subcontractorId: organisationId }],
      order: { startsOn: 'DESC', id: 'ASC' },
    });
    const today = this.clock.today();
    return rows.map((row) => toSubcontractModel(row, today));
  }

  // ---- a listing's deliverer -------------------------------------------------------------------

  /**
   * Sets the subcontractor delivering one of the prime's listings, under one of its subcontracts
   * in force that covers the listing's needs and areas; or clears it (`subcontractId` null).
   */
  async setListingDeliverer(
    caller: Caller,
    interventionId: string,
    subcontractId: string | null,
  ): Promise<Intervention> {
    const today = this.clock.today();
    return inTransaction(this.dataSource, async (manager) => {
      const listing = await this.listings.lockListing(manager, caller, interventionId);
      if (subcontractId === null) return this.listings.setDeliverer(manager, caller, listing, null);
      const subcontract = await manager.findOneBy(SubcontractEntity, { id: subcontractId });
      const field = 'subcontractId';
      if (!subcontract || subcontract.primeId !== listing.providerId)
        throw new BadUserInputError('No such subcontract of the listing’s provider', [
          { field, message: `${subcontractId} is not a subcontract of the listing's provider` },
        ]);
      if (!inForce(subcontract, today))
        throw new BadUserInputError('The subcontract is not in force', [
          {
            field,
            message: `Subcontract ${subcontract.reference} is ${subcontractStatus(subcontract, today)}`,
          },
        ]);
      const missing = uncoveredBySubcontract(subcontract, {
        factors: listing.factors,
        areas: await this.catalogue.areasOf(manager, listing),
      });
      const failures: FieldError[] = [];
      if (missing.factors.length > 0)
        failures.push({
          field,
          message: `Subcontract ${subcontract.reference} does not cover the listing's needs ${missing.factors.join(', ')}`,
        });
      if (missing.areas.length > 0)
        failures.push({
          field,
          message: `Subcontract ${subcontract.reference} does not cover the listing's areas ${missing.areas.join(', ')}`,
        });
      if (failures.length > 0)
        throw new BadUserInputError('The subcontract does not cover the listing', failures);
      return this.listings.setDeliverer(manager, caller, listing, {
        deliveredById: subcontract.subcontractorId,
        subcontractId: subcontract.id,
      });
    });
  }

  /**
   * Refuses a purchase of a listing delivered under a subcontract that is not in force (ended,
   * or not started): CONFLICT naming it. Read in the purchase's transaction.
   */
  async assertMayBuyUnder(manager: EntityManager, subcontractId: string | null): Promise<void> {
    if (!subcontractId) return;
    const row = await manager.findOneByOrFail(SubcontractEntity, { id: subcontractId });
    const today = this.clock.today();
    if (!inForce(row, today)) throw new SubcontractEndedError(toSubcontractModel(row, today));
  }

  // ---- the supply-chain manager's view --------------------------------------------------------

  async supplyChain(caller: Caller, args: SupplyChainArgs): Promise<SupplyChain> {
    const primeId = args.primeId ?? caller.organisationId;
    if (!primeId)
      throw new BadUserInputError('Name the prime', [
        { field: 'primeId', message: 'primeId is required unless you act for an organisation' },
      ]);
    if (
      !hasRole(caller, Role.ADMIN, Role.COMMISSIONER) &&
      !(hasRole(caller, Role.SUPPLIER) && caller.organisationId === primeId)
    )
      throw new ForbiddenError(
        "Only the prime's own suppliers, commissioners and admins see its supply chain",
        'OUT_OF_SCOPE',
      );
    if (!(await this.dataSource.getRepository(OrganisationEntity).existsBy({ id: primeId })))
      throw new NotFoundError('Organisation', primeId);
    const today = this.clock.today();
    const financialYear = args.financialYear ?? null;
    const [rows, listings, figures] = await Promise.all([
      this.dataSource
        .getRepository(SubcontractEntity)
        .find({ where: { primeId }, order: { startsOn: 'DESC', id: 'ASC' } }),
      this.catalogue.listingsInChain(primeId),
      this.dataSource.query<MemberFigures[]>(
        `SELECT coalesce(r.delivered_by_id, r.provider_id) AS deliverer_id,
                count(*)::int AS referrals,
                count(*) FILTER (WHERE r.status IN ('SUBMITTED', 'ACCEPTED', 'STARTED'))::int AS live,
                (coalesce(sum(r.total_pence) FILTER (WHERE r.status NOT IN ('CANCELLED', 'DECLINED')), 0)
                  + coalesce(sum(r.outcome_payment_earned_pence), 0))::text AS income,
                count(o.id)::int AS outcomes,
                coalesce(sum(j.judged), 0)::int AS judged,
                coalesce(sum(j.sufficient), 0)::int AS sufficient
         FROM referral r
         LEFT JOIN outcome o ON o.referral_id = r.id
         LEFT JOIN LATERAL (
           SELECT count(*) AS judged, count(*) FILTER (WHERE fj.sufficient) AS sufficient
           FROM outcome_factor_judgement fj WHERE fj.outcome_id = o.id
         ) j ON true
         WHERE r.provider_id = $1 AND ($2::int IS NULL OR r.financial_year = $2::int)
         GROUP BY 1`,
        [primeId, financialYear],
      ),
    ]);
    const subcontracts = rows.map((row) => toSubcontractModel(row, today));
    const names = new Map(
      (
        await this.dataSource.getRepository(OrganisationEntity).findBy({
          id: In([primeId, ...subcontracts.map((s) => s.subcontractorId)]),
        })
      ).map((o) => [o.id, o.name]),
    );
    const figuresOf = new Map(figures.map((f) => [f.deliverer_id, f]));
    const memberIds = [
      primeId,
      ...[...new Set(subcontracts.map((s) => s.subcontractorId))].sort((a, b) =>
        (names.get(a) ?? '').localeCompare(names.get(b) ?? ''),
      ),
    ];
    const members = memberIds.map((id): SupplyChainMember => {
      const f = figuresOf.get(id);
      return {
        organisationId: id,
        isPrime: id === primeId,
        subcontracts: subcontracts.filter((s) => s.subcontractorId === id),
        listings: listings.filter((l) => (l.deliveredById ?? primeId) === id),
        referrals: f?.referrals ?? 0,
        liveReferrals: f?.live ?? 0,
        incomePence: Number(f?.income ?? 0),
        outcomes: f?.outcomes ?? 0,
        judged: f?.judged ?? 0,
        sufficient: f?.sufficient ?? 0,
      };
    });
    return {
      primeId,
      financialYear,
      members,
      endingSoon: subcontracts
        .filter((s) => s.status === SubcontractStatus.ENDING)
        .sort((a, b) => a.lastDay.localeCompare(b.lastDay)),
    };
  }

  // ---- rules of access and input ----------------------------------------------------------------

  private primeOf(caller: Caller): string {
    if (!hasRole(caller, Role.SUPPLIER) || !caller.organisationId)
      throw new ForbiddenError(
        'Only a supplier acting for the prime can record its subcontracts',
        'TOKEN_HAS_NO_ORGANISATION',
      );
    return caller.organisationId;
  }

  private canSee(caller: Caller, row: SubcontractEntity): boolean {
    if (hasRole(caller, Role.ADMIN, Role.COMMISSIONER)) return true;
    return (
      hasRole(caller, Role.SUPPLIER) &&
      (caller.organisationId === row.primeId || caller.organisationId === row.subcontractorId)
    );
  }

  private assertMayRead(caller: Caller, organisationId: string): void {
    if (hasRole(caller, Role.ADMIN, Role.COMMISSIONER)) return;
    if (hasRole(caller, Role.SUPPLIER) && caller.organisationId === organisationId) return;
    throw new ForbiddenError(
      "Suppliers see only their own organisation's subcontracts",
      'OUT_OF_SCOPE',
    );
  }

  /** Locks a subcontract the caller's organisation is the prime of: NOT_FOUND or FORBIDDEN otherwise. */
  private async lockOwn(
    manager: EntityManager,
    caller: Caller,
    id: string,
  ): Promise<SubcontractEntity> {
    const row = await manager.findOne(SubcontractEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!row || !this.canSee(caller, row)) throw new NotFoundError(SUBCONTRACT, id);
    if (!hasRole(caller, Role.SUPPLIER) || caller.organisationId !== row.primeId)
      throw new ForbiddenError(
        "Only the prime's own suppliers can change a subcontract",
        'OUT_OF_SCOPE',
      );
    await this.lockPair(manager, row.primeId, row.subcontractorId);
    return row;
  }

  /** Serialises changes to one prime-subcontractor pair's subcontracts (for the overlap rule). */
  private async lockPair(manager: EntityManager, primeId: string, subcontractorId: string) {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
      `subcontract:${primeId}:${subcontractorId}`,
    ]);
  }

  /** What is wrong with a subcontract's parties, areas and dates (overlap with the same pair's). */
  private async subcontractFailures(
    manager: EntityManager,
    s: {
      primeId: string;
      subcontractorId: string;
      startsOn: string;
      endsOn: string;
      pccAreaCodes: string[];
      exceptId: string | null;
    },
  ): Promise<FieldError[]> {
    const failures: FieldError[] = [];
    if (s.subcontractorId === s.primeId)
      failures.push({
        field: 'input.subcontractorId',
        message: 'A prime cannot subcontract to itself',
      });
    else if (!(await manager.existsBy(OrganisationEntity, { id: s.subcontractorId })))
      failures.push({
        field: 'input.subcontractorId',
        message: `${s.subcontractorId} is not an organisation`,
      });
    if (s.endsOn < s.startsOn)
      failures.push({ field: 'input.endsOn', message: 'endsOn must not be before startsOn' });
    const { pccAreaByCode } = await this.reference.data();
    s.pccAreaCodes.forEach((code, i) => {
      if (!pccAreaByCode.has(code))
        failures.push({ field: `input.pccAreaCodes.${i}`, message: `unknown PCC area ${code}` });
    });
    const others = await manager.findBy(SubcontractEntity, {
      primeId: s.primeId,
      subcontractorId: s.subcontractorId,
    });
    const clash = others.find(
      (o) =>
        o.id !== s.exceptId &&
        periodsOverlap({ from: o.startsOn, to: lastDayOf(o) }, { from: s.startsOn, to: s.endsOn }),
    );
    if (clash)
      failures.push({
        field: 'input.startsOn',
        message: `The dates overlap subcontract ${clash.reference} (${clash.startsOn} to ${lastDayOf(clash)}) with the same subcontractor`,
      });
    return failures;
  }
}
