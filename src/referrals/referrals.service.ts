import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager, In, QueryFailedError, SelectQueryBuilder } from 'typeorm';
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
import { priceInForce, unitsProblem } from '../catalogue/pricing';
import { withoutNulls } from '../common/arguments';
import { Clock, londonDate } from '../common/clock';
import { decodeCursor, encodeCursor, isCursorInstant } from '../common/cursor';
import {
  BadUserInputError,
  ConflictError,
  FieldError,
  ForbiddenError,
  NotFoundError,
} from '../common/errors';
import { ComplianceService } from '../framework/compliance.service';
import { FactorCode } from '../reference/factor-code';
import { DesiredOutcome } from '../reference/reference.models';
import { ReferenceService } from '../reference/reference.service';
import { BudgetService } from './budget.service';
import { financialYearOf } from './financial-year';
import { referralArea } from './referral-area';
import {
  Complexity,
  DECLINE_REASON_TEXT,
  DeclineReason,
  TimelineEventType,
  WITHDRAWAL_REASON_TEXT,
  WithdrawalReason,
} from './referral-codes';
import { nextReferralStatus, ReferralAction } from './referral-lifecycle';
import { ReferralStatus } from './referral-status';
import {
  ReferralDesiredOutcomeEntity,
  ReferralEntity,
  ReferralStatusChangeEntity,
} from './referral.entity';
import { CreateReferralInput, ReferralsArgs } from './referrals.inputs';
import { Referral, ReferralConnection } from './referrals.models';
import { purchaseCommitment, settle, settlementOfStep } from './settlement';
import { TimelineService } from './timeline.service';
import { canSeeReferral, referralScopeClause } from './referral.policy';
import { inTransaction } from '../common/transaction';

/** Which mutation moved a referral, with what it needs; `start` comes from session feedback. */
export type ReferralStep =
  | { action: 'accept' }
  | { action: 'decline'; reason: DeclineReason; comments?: string }
  | { action: 'complete' }
  | { action: 'endEarly'; reason: string }
  | { action: 'withdraw'; reason: WithdrawalReason; comments?: string };

const STEP_EVENTS: Record<ReferralStatus, [TimelineEventType, string]> = {
  SUBMITTED: [TimelineEventType.REFERRAL_SENT, 'Referral sent'],
  ACCEPTED: [TimelineEventType.REFERRAL_ACCEPTED, 'Referral accepted'],
  DECLINED: [TimelineEventType.REFERRAL_DECLINED, 'Referral declined'],
  STARTED: [TimelineEventType.REFERRAL_STARTED, 'Person started'],
  COMPLETED: [TimelineEventType.REFERRAL_COMPLETED, 'Referral completed'],
  ENDED_EARLY: [TimelineEventType.REFERRAL_ENDED_EARLY, 'Referral ended early'],
  CANCELLED: [TimelineEventType.REFERRAL_WITHDRAWN, 'Referral withdrawn'],
};

export class NoPlacesLeftError extends ConflictError {
  constructor(message: string) {
    super(message, 'NO_PLACES_LEFT');
  }
}
export class ListingNotPublishedError extends ConflictError {
  constructor(message: string) {
    super(message, 'LISTING_NOT_PUBLISHED');
  }
}

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
    complexity: row.complexity as Complexity | null,
    units: row.units,
    priceSnapshot: { amountPence: row.priceAmountPence, unit: row.priceUnit as PriceUnit },
    totalPence: row.totalPence,
    outcomePaymentPence: row.outcomePaymentPence,
    outcomePaymentMaxPence: row.outcomePaymentMaxPence,
    outcomePaymentEarnedPence: row.outcomePaymentEarnedPence,
    declineReason: row.declineReason as DeclineReason | null,
    withdrawalReason: row.withdrawalReason as WithdrawalReason | null,
    endOfServiceReportDue: row.endOfServiceReportDue,
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
    desiredOutcomes: [...input.desiredOutcomes].sort(),
    complexity: input.complexity,
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
    private readonly timeline: TimelineService,
    private readonly reference: ReferenceService,
    private readonly clock: Clock,
    private readonly compliance: ComplianceService,
  ) {}

  async purchase(
    caller: Caller,
    input: CreateReferralInput,
    idempotencyKey: string,
  ): Promise<Referral> {
    if (!caller.divisionCode)
      throw new ForbiddenError('Your token names no division to buy for', 'TOKEN_HAS_NO_DIVISION');
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

    // Reference data is read once per process on its own connection: never inside a transaction
    // (the embedded database has one connection).
    await this.reference.data();
    try {
      const id = await inTransaction(this.dataSource, (manager) =>
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
      throw new ConflictError(
        'This idempotencyKey was already used for a different purchase',
        'IDEMPOTENCY_KEY_REUSED',
      );
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
    const outcomes = await this.reference.desiredOutcomesByIds(input.desiredOutcomes);
    failures.push(...desiredOutcomeFailures(input, outcomes));
    if (failures.length > 0)
      throw new BadUserInputError(
        'The person or the purpose does not fit this listing',
        failures,
        'DOES_NOT_FIT_LISTING',
      );
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
    if (!price)
      throw new ConflictError('The listing has no price in force today', 'NO_PRICE_IN_FORCE');
    const units = input.units ?? 1;
    const unitsFailure = unitsProblem(price.unit, units, listing);
    if (unitsFailure) {
      throw new BadUserInputError(
        'The units do not fit the price',
        [{ field: 'input.units', message: unitsFailure }],
        'UNITS_OUT_OF_RANGE',
      );
    }
    const cost = purchaseCommitment(price, units, outcomes.length);
    const financialYear = financialYearOf(today);

    // Lock order, here and in every transition: the listing's row, then the budget's.
    if (!(await this.places.take(manager, listing.id))) {
      throw new NoPlacesLeftError('No places are free on this listing');
    }
    // The fee and the most the outcome payments can come to: the budget can never be overrun.
    await this.budgets.commit(manager, caller.divisionCode!, financialYear, cost.commitPence);

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
        totalPence: cost.totalPence,
        outcomePaymentPence: price.outcomePaymentPence,
        outcomePaymentMaxPence: cost.outcomePaymentMaxPence,
        complexity: input.complexity,
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
    await manager.insert(
      ReferralDesiredOutcomeEntity,
      outcomes.map((o) => ({ referralId: referral.id, desiredOutcomeId: o.id, factor: o.factor })),
    );
    await this.recordStatus(manager, referral, ReferralStatus.SUBMITTED, caller, null, {
      interventionId: listing.id,
      providerId: listing.providerId,
      divisionCode: referral.divisionCode,
    });
    return referral.id;
  }

  /** Moves a referral on: the provider's steps for suppliers, withdrawing for purchasers. */
  async transition(caller: Caller, id: string, step: ReferralStep): Promise<Referral> {
    const { action } = step;
    const coded = step.action === 'decline' || step.action === 'withdraw' ? step : undefined;
    if (coded && (coded.reason as string) === 'OTHER') {
      if (!coded.comments?.trim()) {
        const field = action === 'withdraw' ? 'input.comments' : 'comments';
        throw new BadUserInputError('Say why in the comments', [
          { field, message: `${field.split('.').pop()} is required when the reason is OTHER` },
        ]);
      }
    }
    await inTransaction(this.dataSource, async (manager) => {
      const row = await this.lockInScope(manager, caller, id);
      this.assertMayAct(caller, row, action);
      const status = nextReferralStatus(row.status, action);
      const now = this.clock.now();
      let reason: string | null = null;
      const details: Record<string, unknown> = {};

      if (action === 'accept') {
        await this.compliance.assertSafeguardingInDate(manager, row.providerId, 'accept referrals');
        row.acceptedAt = now;
      }
      if ((action === 'complete' || action === 'endEarly') && !row.endOfServiceReportAt) {
        throw new ConflictError(
          'Submit the end-of-service report before completing or ending the referral',
          'END_OF_SERVICE_REPORT_DUE',
        );
      }
      if (step.action === 'decline') {
        row.declineReason = step.reason;
        reason = step.comments?.trim() || DECLINE_REASON_TEXT[step.reason];
        details.reason = step.reason;
      }
      if (step.action === 'withdraw') {
        row.withdrawalReason = step.reason;
        reason = step.comments?.trim() || WITHDRAWAL_REASON_TEXT[step.reason];
        details.reason = step.reason;
        // Ended at once; the provider still owes its account of what was achieved.
        if (status === ReferralStatus.ENDED_EARLY && !row.endOfServiceReportAt) {
          row.endOfServiceReportDue = true;
          details.endOfServiceReportDue = true;
        }
      }
      if (step.action === 'endEarly') reason = step.reason.trim();
      if (status === ReferralStatus.COMPLETED || status === ReferralStatus.ENDED_EARLY)
        row.completedAt = now;

      const settlement = settlementOfStep(action, status);
      if (settlement) {
        // Ended: the place goes back; the money moves as settlement.ts says.
        await this.places.release(manager, row.interventionId);
        await this.budgets.move(
          manager,
          row.divisionCode,
          row.financialYear,
          settle(settlement, row),
        );
      }
      row.status = status;
      await manager.save(row);
      // A withdrawal is one event for the timeline, whether it cancels or ends the referral.
      const event = action === 'withdraw' ? STEP_EVENTS.CANCELLED : undefined;
      await this.recordStatus(manager, row, status, caller, reason, details, now, event);
    });
    return this.load(id, caller);
  }

  /**
   * Locks a referral for a step of another module's transaction (delivery, reports), within the
   * caller's scope: NOT_FOUND outside it. The referral row is always locked first.
   */
  async lockInScope(manager: EntityManager, caller: Caller, id: string): Promise<ReferralEntity> {
    const row = await manager.findOne(ReferralEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!row || !this.canSee(caller, row)) throw new NotFoundError('Referral', id);
    return row;
  }

  /** FORBIDDEN unless the caller is a supplier of the referral's provider. */
  assertProvider(caller: Caller, row: ReferralEntity): void {
    if (hasRole(caller, Role.SUPPLIER) && caller.organisationId === row.providerId) return;
    throw new ForbiddenError('Only the provider’s own suppliers can do this', 'OUT_OF_SCOPE');
  }

  /** Which side of the referral the caller acts for, or FORBIDDEN (commissioners only read). */
  sideOf(caller: Caller, row: ReferralEntity): 'PURCHASER' | 'PROVIDER' {
    if (hasRole(caller, Role.SUPPLIER) && caller.organisationId === row.providerId)
      return 'PROVIDER';
    if (hasRole(caller, Role.PURCHASER) && caller.divisionCode === row.divisionCode)
      return 'PURCHASER';
    throw new ForbiddenError(
      "Only the buying division's purchasers and the provider's suppliers can do this",
      'OUT_OF_SCOPE',
    );
  }

  /**
   * Session feedback, in the delivery step's transaction (the referral row locked): counts the
   * session as offered, and as attended when it was; the first attended one starts the referral.
   */
  async recordSessionOutcome(
    manager: EntityManager,
    caller: Caller,
    row: ReferralEntity,
    attended: boolean,
    day: string,
  ): Promise<void> {
    row.sessionsOffered = (row.sessionsOffered ?? 0) + 1;
    row.sessionsAttended = (row.sessionsAttended ?? 0) + (attended ? 1 : 0);
    const starts = attended && row.status === ReferralStatus.ACCEPTED;
    if (starts) {
      row.status = nextReferralStatus(row.status, 'start');
      row.startedOn = day;
    }
    await manager.save(row);
    if (starts) {
      await this.recordStatus(manager, row, ReferralStatus.STARTED, caller, null, {
        startedOn: day,
      });
    }
  }

  /**
   * The end-of-service report's money, in its transaction: the most the outcome payments could
   * have come to leaves committed and what was earned moves to spent. Clears the report due.
   */
  async settleEndOfServiceReport(
    manager: EntityManager,
    row: ReferralEntity,
    earnedPence: number,
    at: Date,
  ): Promise<void> {
    if (row.endOfServiceReportAt) {
      throw new ConflictError('The end-of-service report is already submitted', 'ALREADY_RECORDED');
    }
    await this.budgets.move(
      manager,
      row.divisionCode,
      row.financialYear,
      settle({ kind: 'END_OF_SERVICE_REPORT', earnedPence }, row),
    );
    row.outcomePaymentEarnedPence = earnedPence;
    row.endOfServiceReportAt = at;
    row.endOfServiceReportDue = false;
    await manager.save(row);
  }

  /** The desired outcomes a referral aims at, per referral (in `manager`'s transaction if given). */
  async desiredOutcomes(
    referralIds: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<DesiredOutcome[][]> {
    const rows = await manager
      .getRepository(ReferralDesiredOutcomeEntity)
      .findBy({ referralId: In([...referralIds]) });
    const outcomes = await this.reference.desiredOutcomesByIds([
      ...new Set(rows.map((r) => r.desiredOutcomeId)),
    ]);
    const order = new Map(outcomes.map((o, i) => [o.id, i]));
    const byId = new Map(outcomes.map((o) => [o.id, o]));
    return referralIds.map((id) =>
      rows
        .filter((r) => r.referralId === id)
        .sort((a, b) => order.get(a.desiredOutcomeId)! - order.get(b.desiredOutcomeId)!)
        .map((r) => byId.get(r.desiredOutcomeId)!),
    );
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
        (values) => values.length === 2 && isCursorInstant(values[0]),
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

  /** A status change: its history row and its timeline event, in the step's transaction. */
  private async recordStatus(
    manager: EntityManager,
    row: ReferralEntity,
    status: ReferralStatus,
    caller: Caller,
    reason: string | null,
    details: Record<string, unknown> = {},
    at = this.clock.now(),
    event: [TimelineEventType, string] = STEP_EVENTS[status],
  ): Promise<void> {
    await manager.save(
      manager.create(ReferralStatusChangeEntity, {
        referralId: row.id,
        status,
        at,
        by: caller.id,
        reason,
      }),
    );
    const [type, summary] = event;
    await this.timeline.record(manager, {
      referralId: row.id,
      type,
      by: caller.id,
      at,
      summary: reason ? `${summary}: ${reason}` : summary,
      details: { status, ...details },
    });
  }

  /** The caller's row scope (see referral.policy). */
  private canSee(caller: Caller, row: ReferralEntity): boolean {
    return canSeeReferral(caller, row);
  }

  private applyScope(query: SelectQueryBuilder<ReferralEntity>, caller: Caller): void {
    const scope = referralScopeClause(caller);
    if (scope) query.andWhere(scope.where, scope.parameters);
  }

  private assertMayAct(caller: Caller, row: ReferralEntity, action: ReferralAction): void {
    if (action === 'withdraw') {
      if (hasRole(caller, Role.PURCHASER) && caller.divisionCode === row.divisionCode) return;
      throw new ForbiddenError(
        "Only a purchaser of the referral's division can withdraw it",
        'OUT_OF_SCOPE',
      );
    }
    if (hasRole(caller, Role.SUPPLIER) && caller.organisationId === row.providerId) return;
    throw new ForbiddenError(
      'Only the provider’s own suppliers can move a referral on',
      'OUT_OF_SCOPE',
    );
  }
}

/**
 * Desired outcomes must be current, each of a target factor, with at least one per target factor.
 * `found` are the ones that exist (unknown ids are missing from it).
 */
export function desiredOutcomeFailures(
  input: Pick<CreateReferralInput, 'desiredOutcomes' | 'targetFactors'>,
  found: DesiredOutcome[],
): FieldError[] {
  const byId = new Map(found.map((o) => [o.id, o]));
  const failures: FieldError[] = [];
  input.desiredOutcomes.forEach((id, i) => {
    const outcome = byId.get(id);
    const field = `input.desiredOutcomes.${i}`;
    if (!outcome) failures.push({ field, message: `${id} is not a desired outcome` });
    else if (outcome.retiredOn)
      failures.push({ field, message: `"${outcome.description}" is retired` });
    else if (!input.targetFactors.includes(outcome.factor))
      failures.push({
        field,
        message: `"${outcome.description}" belongs to ${outcome.factor}, not a target factor`,
      });
  });
  for (const factor of input.targetFactors) {
    if (!found.some((o) => o.factor === factor && input.desiredOutcomes.includes(o.id))) {
      failures.push({
        field: 'input.desiredOutcomes',
        message: `Name at least one desired outcome for ${factor}`,
      });
    }
  }
  return failures;
}
