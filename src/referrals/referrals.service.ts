import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Caller } from '../auth/caller';
import { PriceUnit, RiskLevel, Sex, SupervisionType } from '../catalogue/catalogue.enums';
import { withoutNulls } from '../common/arguments';
import { londonDate } from '../common/clock';
import { encodeCursor, isCursorInstant } from '../common/cursor';
import { connectionOf, pageRows, readKeyset, readPage } from '../common/paging';
import { NotFoundError } from '../common/errors';
import { FactorCode } from '../reference/factor-code';
import { DesiredOutcome } from '../reference/reference.models';
import { ReferenceService } from '../reference/reference.service';
import { Complexity, DeclineReason, WithdrawalReason } from './referral-codes';
import { ReferralScopeService } from './referral-scope.service';
import {
  ReferralDesiredOutcomeEntity,
  ReferralEntity,
  ReferralStatusChangeEntity,
} from './referral.entity';
import { SqlReader } from '../database/reporting-database';
import { ReferralsArgs } from './referrals.inputs';
import { Referral, ReferralConnection } from './referrals.models';

const DAY_MS = 86_400_000;
/** Pages are ordered by purchase time at the millisecond a cursor can carry, then by id. */
const CREATED_MS = "date_trunc('milliseconds', r.created_at)";
/** Referrals are paged newest first, 20 at a time (at most 100), on (created, id). */
const REFERRAL_PAGES = {
  size: 20,
  max: 100,
  list: 'referrals',
  valid: (values: unknown[]) => values.length === 2 && isCursorInstant(values[0]),
};

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

function toModel(row: ReferralEntity, history: ReferralStatusChangeEntity[]): Referral {
  return {
    id: row.id,
    interventionId: row.interventionId,
    providerId: row.providerId,
    deliveredById: row.deliveredById ?? null,
    divisionCode: row.divisionCode,
    crn: row.crn,
    person:
      row.personSex === null
        ? null
        : {
            sex: row.personSex as Sex,
            age: row.personAge!,
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
    fundingPotId: row.fundingPotId,
    status: row.status,
    statusHistory: history.map((h) => ({
      id: h.id,
      status: h.status,
      at: h.at,
      by: h.by,
      reason: h.reason,
    })),
    notes: row.notes,
    anonymisedAt: row.anonymisedAt,
    createdAt: row.createdAt,
    acceptedAt: row.acceptedAt,
    startedOn: row.startedOn,
    completedAt: row.completedAt,
    sessionsOffered: row.sessionsOffered,
    sessionsAttended: row.sessionsAttended,
    daysToStart: row.startedOn ? daysBetween(londonDate(row.createdAt), row.startedOn) : null,
  };
}

/**
 * Reading referrals, always within the caller's scope (`ReferralScopeService`): one, a page of
 * them, the desired outcomes they aim at, and delivery figures for contribution scores. Buying is
 * `ReferralPurchaseService`; moving a referral on is `ReferralTransitionsService`.
 */
@Injectable()
export class ReferralsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reference: ReferenceService,
    private readonly scope: ReferralScopeService,
  ) {}

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

  /**
   * Completions and the median wait to start, per provider or per listing. A provider's are the
   * referrals it sold and those it delivered for a prime as a subcontractor. Read through `via`
   * (the reporting pool for a ranking of every provider), else the service's own database.
   */
  async deliveryStats(
    by: 'provider' | 'intervention',
    ids: readonly string[],
    via: SqlReader = this.dataSource,
  ): Promise<
    Map<string, { completed: number; endedEarly: number; medianDaysToStart: number | null }>
  > {
    // A provider: the referrals it sold and those it delivered for another (once each), each
    // read through its own index.
    const from =
      by === 'provider'
        ? `(SELECT r.*, r.provider_id AS scope_id FROM referral r WHERE r.provider_id = ANY($1::uuid[])
            UNION ALL
            SELECT r.*, r.delivered_by_id AS scope_id FROM referral r
            WHERE r.delivered_by_id = ANY($1::uuid[]) AND r.delivered_by_id <> r.provider_id) AS referral`
        : 'referral';
    const column = by === 'provider' ? 'scope_id' : 'intervention_id';
    const rows = await via.query<
      { id: string; completed: number; ended_early: number; median_days: number | null }[]
    >(
      `SELECT ${column} AS id,
              count(*) FILTER (WHERE status = 'COMPLETED')::int AS completed,
              count(*) FILTER (WHERE status = 'ENDED_EARLY')::int AS ended_early,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY started_on - (created_at AT TIME ZONE 'Europe/London')::date)
                FILTER (WHERE started_on IS NOT NULL) AS median_days
         FROM ${from} WHERE ${column} = ANY($1::uuid[]) GROUP BY ${column}`,
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
    const { filter = {} } = withoutNulls(args);
    const page = readPage<[string, string]>(args, REFERRAL_PAGES);
    const query = this.dataSource.getRepository(ReferralEntity).createQueryBuilder('r');
    this.scope.applyScope(query, caller);
    if (filter.status) query.andWhere('r.status = :status', { status: filter.status });
    if (filter.statuses) query.andWhere('r.status = ANY(:statuses)', { statuses: filter.statuses });
    if (filter.endOfServiceReportDue !== undefined)
      query.andWhere('r.end_of_service_report_due = :due', { due: filter.endOfServiceReportDue });
    if (filter.interventionId)
      query.andWhere('r.intervention_id = :interventionId', {
        interventionId: filter.interventionId,
      });
    if (filter.crn) query.andWhere('r.crn = :crn', { crn: filter.crn });
    if (filter.divisionCode)
      query.andWhere('r.division_code = :divisionCode', { divisionCode: filter.divisionCode });
    const totalCount = await query.getCount();

    const keys: [string, string][] = [
      [CREATED_MS, '::timestamptz'],
      ['r.id', '::uuid'],
    ];
    const { rows, ...flags } = pageRows(await readKeyset(query, page, keys, true), page);
    const histories = await this.histories(rows.map((r) => r.id));
    const edges = rows.map((row) => ({
      node: toModel(row, histories.get(row.id) ?? []),
      cursor: encodeCursor([row.createdAt.toISOString(), row.id]),
    }));
    return { ...connectionOf(edges, flags), totalCount };
  }

  /** One referral by id; NOT_FOUND when it is not there or, given a caller, outside their scope. */
  async load(id: string, caller?: Caller): Promise<Referral> {
    const row = await this.dataSource.getRepository(ReferralEntity).findOneBy({ id });
    if (!row || (caller && !this.scope.canSee(caller, row)))
      throw new NotFoundError('Referral', id);
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
}
