import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager, QueryFailedError, SelectQueryBuilder } from 'typeorm';
import { Caller, hasRole } from '../auth/caller';
import { Role } from '../auth/role';
import { PriceUnit, RiskLevel, Sex, SupervisionType } from '../catalogue/catalogue.enums';
import { eligibilityFailures } from '../catalogue/eligibility';
import {
  InterventionEntity,
  InterventionPriceEntity,
  VenueEntity,
} from '../catalogue/intervention.entity';
import { ListingStatus } from '../catalogue/catalogue.enums';
import { PlacesService } from '../catalogue/places.service';
import { priceInForce } from '../catalogue/pricing';
import { withoutNulls } from '../common/arguments';
import { Clock, londonDate } from '../common/clock';
import { decodeCursor, encodeCursor } from '../common/cursor';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../common/errors';
import { FactorCode } from '../reference/factor-code';
import { ReferenceService } from '../reference/reference.service';
import { BudgetService } from './budget.service';
import { financialYearOf } from './financial-year';
import { referralArea } from './referral-area';
import { nextReferralStatus, ReferralAction, SPENT_STATUSES } from './referral-lifecycle';
import { ReferralStatus } from './referral-status';
import { ReferralEntity, ReferralStatusChangeEntity } from './referral.entity';
import { CreateReferralInput, ReferralsArgs } from './referrals.inputs';
import { Referral, ReferralConnection } from './referrals.models';

export class NoPlacesLeftError extends ConflictError {}
export class ListingNotPublishedError extends ConflictError {}

const DAY_MS = 86_400_000;
/** Pages are ordered by purchase time at the millisecond a cursor can carry, then by id. */
const CREATED_MS = "date_trunc('milliseconds', r.created_at)";

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

function toModel(row: ReferralEntity, history: ReferralStatusChangeEntity[]): Referral {
  return {
    id: row.id,
    interventionId: row.interventionId,
    providerId: row.providerId,
    divisionCode: row.divisionCode,
    crn: row.crn,
    person: {
      sex: row.personSex as Sex,
      age: row.personAge,
      riskLevel: row.personRiskLevel as RiskLevel,
      supervisionType: row.personSupervisionType as SupervisionType,
    },
    targetFactors: row.targetFactors as FactorCode[],
    units: row.units,
    priceSnapshot: { amountPence: row.priceAmountPence, unit: row.priceUnit as PriceUnit },
    totalPence: row.totalPence,
    financialYear: row.financialYear,
    status: row.status,
    statusHistory: history.map((h) => ({ status: h.status, at: h.at, by: h.by, reason: h.reason })),
    notes: row.notes,
    createdAt: row.createdAt,
    acceptedAt: row.acceptedAt,
    startedOn: row.startedOn,
    completedAt: row.completedAt,
    sessionsOffered: row.sessionsOffered,
    sessionsAttended: row.sessionsAttended,
    daysToStart: row.startedOn ? daysBetween(londonDate(row.createdAt), row.startedOn) : null,
  };
}

/** A stable fingerprint of a purchase, to tell a retry from a different purchase under one key. */
function requestHash(input: CreateReferralInput): string {
  const canonical = {
    interventionId: input.interventionId,
    crn: input.crn,
    person: input.person,
    targetFactors: [...input.targetFactors].sort(),
    units: input.units ?? 1,
    notes: input.notes ?? null,
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const driverError =
    error instanceof QueryFailedError
      ? (error.driverError as { code?: string; constraint?: string })
      : undefined;
  return driverError?.code === '23505' && driverError.constraint === constraint;
}

/**
 * Buying places and moving referrals through their life. A purchase takes a place and commits
 * the cost against the division's budget in one transaction with conditional updates, so that
 * neither can be oversold under any concurrency; declines and cancellations give both back.
 */
@Injectable()
export class ReferralsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly places: PlacesService,
    private readonly budgets: BudgetService,
    private readonly clock: Clock,
    private readonly reference: ReferenceService,
  ) {}

  async purchase(
    caller: Caller,
    input: CreateReferralInput,
    idempotencyKey: string,
  ): Promise<Referral> {
    if (!caller.divisionCode) throw new ForbiddenError('Your token names no division to buy for');
    if (!/^[\w.:-]{1,200}$/.test(idempotencyKey)) {
      throw new BadUserInputError('The idempotency key is not valid', [
        {
          field: 'idempotencyKey',
          message: 'idempotencyKey must be 1-200 letters, digits, or . _ : -',
        },
      ]);
    }
    const hash = requestHash(input);
    const earlier = await this.replay(caller, idempotencyKey, hash);
    if (earlier) return earlier;

    try {
      const id = await this.dataSource.transaction((manager) =>
        this.buy(manager, caller, input, idempotencyKey, hash),
      );
      return this.load(id);
    } catch (error) {
      // Two requests with the same key raced: the loser's transaction rolled back; answer as a retry.
      if (isUniqueViolation(error, 'referral_idempotency_key')) {
        const winner = await this.replay(caller, idempotencyKey, hash);
        if (winner) return winner;
      }
      throw error;
    }
  }

  private async replay(
    caller: Caller,
    idempotencyKey: string,
    hash: string,
  ): Promise<Referral | undefined> {
    const existing = await this.dataSource
      .getRepository(ReferralEntity)
      .findOneBy({ createdBy: caller.id, idempotencyKey });
    if (!existing) return undefined;
    if (existing.requestHash !== hash) {
      throw new ConflictError('This idempotencyKey was already used for a different purchase');
    }
    return this.load(existing.id);
  }

  private async buy(
    manager: EntityManager,
    caller: Caller,
    input: CreateReferralInput,
    idempotencyKey: string,
    hash: string,
  ): Promise<string> {
    const listing = await manager.findOneBy(InterventionEntity, { id: input.interventionId });
    if (!listing || listing.status === ListingStatus.DRAFT)
      throw new NotFoundError('Intervention', input.interventionId);
    if (listing.status !== ListingStatus.PUBLISHED) {
      throw new ListingNotPublishedError(
        `The listing is ${listing.status}: only PUBLISHED listings can be bought`,
      );
    }
    const failures = [
      ...eligibilityFailures(listing, input.person).map((message) => ({
        field: `input.person.${message.split(':')[0]}`,
        message,
      })),
      ...input.targetFactors
        .filter((factor) => !listing.factors.includes(factor))
        .map((factor) => ({
          field: 'input.targetFactors',
          message: `${factor} is not among the listing's factors (${listing.factors.join(', ')})`,
        })),
    ];
    const { pccAreaByCode, divisionByCode } = await this.reference.data();
    if (input.pccAreaCode !== undefined && !pccAreaByCode.has(input.pccAreaCode)) {
      failures.push({
        field: 'input.pccAreaCode',
        message: `unknown PCC area ${input.pccAreaCode}`,
      });
    }
    if (failures.length > 0)
      throw new BadUserInputError('The person or the purpose does not fit this listing', failures);
    const venues = await manager.find(VenueEntity, {
      where: { interventionId: listing.id },
      order: { position: 'ASC' },
    });
    const pccAreaCode = referralArea({
      requested: input.pccAreaCode,
      venueAreas: venues.map((v) => v.pccAreaCode),
      coverage: listing.coverage,
      divisionAreas: (divisionByCode.get(caller.divisionCode!)?.pccAreas ?? [])
        .map((a) => a.code)
        .sort(),
    });

    const today = this.clock.today();
    const versions = await manager.findBy(InterventionPriceEntity, { interventionId: listing.id });
    const price = priceInForce(versions, today);
    if (!price) throw new ConflictError('The listing has no price in force today');
    const units = input.units ?? 1;
    const total = price.amountPence * units;
    const financialYear = financialYearOf(today);

    // Lock order, here and in every transition: the listing's row, then the budget's.
    if (!(await this.places.take(manager, listing.id))) {
      throw new NoPlacesLeftError('No places are free on this listing');
    }
    await this.budgets.commit(manager, caller.divisionCode!, financialYear, total);

    const referral = await manager.save(
      manager.create(ReferralEntity, {
        interventionId: listing.id,
        providerId: listing.providerId,
        divisionCode: caller.divisionCode!,
        crn: input.crn,
        personSex: input.person.sex,
        personAge: input.person.age,
        personRiskLevel: input.person.riskLevel,
        personSupervisionType: input.person.supervisionType,
        targetFactors: input.targetFactors,
        pccAreaCode,
        units,
        priceAmountPence: price.amountPence,
        priceUnit: price.unit,
        totalPence: total,
        financialYear,
        status: ReferralStatus.SUBMITTED,
        notes: input.notes?.trim() || null,
        createdBy: caller.id,
        idempotencyKey,
        requestHash: hash,
        // The clock's now, not the database's: days to start and the financial year agree with it.
        createdAt: this.clock.now(),
      }),
    );
    await this.recordStatus(manager, referral.id, ReferralStatus.SUBMITTED, caller, null);
    return referral.id;
  }

  /** Moves a referral on: the provider's steps for suppliers, cancelling for purchasers. */
  async transition(
    caller: Caller,
    id: string,
    action: ReferralAction,
    details: {
      reason?: string;
      startedOn?: string;
      sessionsOffered?: number;
      sessionsAttended?: number;
    } = {},
  ): Promise<Referral> {
    await this.dataSource.transaction(async (manager) => {
      const row = await manager.findOne(ReferralEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row || !this.canSee(caller, row)) throw new NotFoundError('Referral', id);
      this.assertMayAct(caller, row, action);
      const status = nextReferralStatus(row.status, action);
      const now = this.clock.now();

      if (action === 'recordAttendance') {
        row.sessionsOffered = details.sessionsOffered!;
        row.sessionsAttended = details.sessionsAttended!;
        await manager.save(row);
        return;
      }
      if (action === 'start') {
        const startedOn = details.startedOn!;
        if (startedOn > this.clock.today() || startedOn < londonDate(row.createdAt)) {
          throw new BadUserInputError('The start day is not possible', [
            { field: 'startedOn', message: 'startedOn must be between the purchase day and today' },
          ]);
        }
        row.startedOn = startedOn;
      }
      if (action === 'accept') row.acceptedAt = now;
      if (status === ReferralStatus.COMPLETED || status === ReferralStatus.ENDED_EARLY)
        row.completedAt = now;

      const releases = status === ReferralStatus.DECLINED || status === ReferralStatus.CANCELLED;
      const spends = SPENT_STATUSES.includes(status);
      if (releases || spends) {
        await this.places.release(manager, row.interventionId);
        await this.budgets.settle(
          manager,
          row.divisionCode,
          row.financialYear,
          row.totalPence,
          spends,
        );
      }
      row.status = status;
      await manager.save(row);
      await this.recordStatus(manager, row.id, status, caller, details.reason?.trim() ?? null, now);
    });
    return this.load(id, caller);
  }

  /** A referral as another module's transaction sees it (for outcomes), within the caller's scope. */
  async findInScope(manager: EntityManager, caller: Caller, id: string): Promise<ReferralEntity> {
    const row = await manager.findOneBy(ReferralEntity, { id });
    if (!row || !this.canSee(caller, row)) throw new NotFoundError('Referral', id);
    return row;
  }

  /** Completions and the median wait to start, per provider or per listing. */
  async deliveryStats(
    by: 'provider' | 'intervention',
    ids: readonly string[],
  ): Promise<
    Map<string, { completed: number; endedEarly: number; medianDaysToStart: number | null }>
  > {
    const column = by === 'provider' ? 'provider_id' : 'intervention_id';
    const rows = await this.dataSource.query<
      { id: string; completed: number; ended_early: number; median_days: number | null }[]
    >(
      `SELECT ${column} AS id,
              count(*) FILTER (WHERE status = 'COMPLETED')::int AS completed,
              count(*) FILTER (WHERE status = 'ENDED_EARLY')::int AS ended_early,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY started_on - (created_at AT TIME ZONE 'Europe/London')::date)
                FILTER (WHERE started_on IS NOT NULL) AS median_days
         FROM referral WHERE ${column} = ANY($1::uuid[]) GROUP BY ${column}`,
      [ids],
    );
    return new Map(
      rows.map((r) => [
        r.id,
        { completed: r.completed, endedEarly: r.ended_early, medianDaysToStart: r.median_days },
      ]),
    );
  }

  async referral(caller: Caller, id: string): Promise<Referral> {
    return this.load(id, caller);
  }

  async referrals(caller: Caller, args: ReferralsArgs): Promise<ReferralConnection> {
    // An argument given as null means the same as one left out.
    const { filter = {}, first = 20, after } = withoutNulls(args);
    const query = this.dataSource.getRepository(ReferralEntity).createQueryBuilder('r');
    this.applyScope(query, caller);
    if (filter.status) query.andWhere('r.status = :status', { status: filter.status });
    if (filter.interventionId)
      query.andWhere('r.intervention_id = :interventionId', {
        interventionId: filter.interventionId,
      });
    if (filter.crn) query.andWhere('r.crn = :crn', { crn: filter.crn });
    if (filter.divisionCode)
      query.andWhere('r.division_code = :divisionCode', { divisionCode: filter.divisionCode });
    const totalCount = await query.getCount();

    if (after) {
      const [createdAt, id] = decodeCursor<[string, string]>(
        after,
        ([at]) => typeof at === 'string' && !Number.isNaN(Date.parse(at)),
        'use an endCursor from a previous page of referrals',
      );
      const cursor = { createdAt, id };
      query.andWhere(`(${CREATED_MS}, r.id) < (:createdAt::timestamptz, :id::uuid)`, cursor);
    }
    const rows = await query
      .orderBy(CREATED_MS, 'DESC')
      .addOrderBy('r.id', 'DESC')
      .take(first + 1)
      .getMany();
    const page = rows.slice(0, first);
    const histories = await this.histories(page.map((r) => r.id));
    const edges = page.map((row) => ({
      node: toModel(row, histories.get(row.id) ?? []),
      cursor: encodeCursor([row.createdAt.toISOString(), row.id]),
    }));
    return {
      edges,
      totalCount,
      pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    };
  }

  private async load(id: string, caller?: Caller): Promise<Referral> {
    const row = await this.dataSource.getRepository(ReferralEntity).findOneBy({ id });
    if (!row || (caller && !this.canSee(caller, row))) throw new NotFoundError('Referral', id);
    return toModel(row, (await this.histories([id])).get(id) ?? []);
  }

  private async histories(ids: string[]): Promise<Map<string, ReferralStatusChangeEntity[]>> {
    const result = new Map<string, ReferralStatusChangeEntity[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return result;
    const rows = await this.dataSource
      .getRepository(ReferralStatusChangeEntity)
      .createQueryBuilder('h')
      .where('h.referral_id IN (:...ids)', { ids })
      .orderBy('h.sequence', 'ASC')
      .getMany();
    for (const row of rows) result.get(row.referralId)?.push(row);
    return result;
  }

  private async recordStatus(
    manager: EntityManager,
    referralId: string,
    status: ReferralStatus,
    caller: Caller,
    reason: string | null,
    at = this.clock.now(),
  ): Promise<void> {
    await manager.save(
      manager.create(ReferralStatusChangeEntity, { referralId, status, at, by: caller.id, reason }),
    );
  }

  /** Purchasers see their division's referrals, suppliers those on their listings, others all. */
  private canSee(caller: Caller, row: ReferralEntity): boolean {
    if (hasRole(caller, Role.ADMIN, Role.COMMISSIONER)) return true;
    if (hasRole(caller, Role.PURCHASER) && caller.divisionCode === row.divisionCode) return true;
    return hasRole(caller, Role.SUPPLIER) && caller.organisationId === row.providerId;
  }

  private applyScope(query: SelectQueryBuilder<ReferralEntity>, caller: Caller): void {
    if (hasRole(caller, Role.ADMIN, Role.COMMISSIONER)) return;
    const clauses: string[] = [];
    if (hasRole(caller, Role.PURCHASER) && caller.divisionCode)
      clauses.push('r.division_code = :scopeDivision');
    if (hasRole(caller, Role.SUPPLIER) && caller.organisationId)
      clauses.push('r.provider_id = :scopeProvider');
    query.andWhere(clauses.length > 0 ? `(${clauses.join(' OR ')})` : 'false', {
      scopeDivision: caller.divisionCode,
      scopeProvider: caller.organisationId,
    });
  }

  private assertMayAct(caller: Caller, row: ReferralEntity, action: ReferralAction): void {
    if (action === 'cancel') {
      if (hasRole(caller, Role.PURCHASER) && caller.divisionCode === row.divisionCode) return;
      throw new ForbiddenError("Only a purchaser of the referral's division can cancel it");
    }
    if (hasRole(caller, Role.SUPPLIER) && caller.organisationId === row.providerId) return;
    throw new ForbiddenError('Only the provider’s own suppliers can move a referral on');
  }
}
