import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller, hasRole } from '../auth/caller';
import { Role } from '../auth/role';
import { Clock } from '../common/clock';
import { isUniqueViolation } from '../common/database-errors';
import { inTransaction } from '../common/transaction';
import { BadUserInputError, ConflictError, FieldError, ForbiddenError } from '../common/errors';
import { FactorCode } from '../reference/factor-code';
import { ReferralStatus } from '../referrals/referral-status';
import { ReferralEntity } from '../referrals/referral.entity';
import { ReferralScopeService } from '../referrals/referral-scope.service';
import { TimelineEventType } from '../referrals/referral-codes';
import { TimelineService } from '../referrals/timeline.service';
import { ReportRow, reportRates } from './achievement';
import {
  ContributionAggregateEntity,
  FactorJudgementEntity,
  OutcomeEntity,
} from './outcome.entity';
import { OutcomeInput } from './outcomes.inputs';
import { Outcome } from './outcomes.models';
import { Judgement, judgementCounts } from './judgement';

export class OutcomeAlreadyRecordedError extends ConflictError {
  constructor() {
    super('An outcome is already recorded for this referral: amend it instead', 'ALREADY_RECORDED');
  }
}

/** Outcomes may be amended for this long after they are recorded. */
export const AMEND_WINDOW_DAYS = 30;
const OVERALL = '*';

interface Judged {
  providerId: string;
  /** The subcontractor delivering the referral for the provider, if any. */
  deliveredById?: string | null;
  interventionId: string;
  judgements: { factor: string; sufficient: boolean }[];
  riskOfHarmFocus: Judgement;
  informationForReview: Judgement;
}

/**
 * The scopes an outcome or report counts in: its provider (the prime, whose score so includes its
 * subcontractors' outcomes on its listings), the subcontractor that delivered it if any, and its
 * intervention.
 */
function scopesOf(row: {
  providerId: string;
  deliveredById?: string | null;
  interventionId: string;
}): ['PROVIDER' | 'INTERVENTION', string][] {
  return [
    ['PROVIDER', row.providerId],
    ...(row.deliveredById && row.deliveredById !== row.providerId
      ? [['PROVIDER', row.deliveredById] as ['PROVIDER', string]]
      : []),
    ['INTERVENTION', row.interventionId],
  ];
}

/**
 * The aggregate rows one outcome adds to (sign +1) or takes from (sign -1): per provider (and per
 * delivering subcontractor) and per intervention, each judged factor and all factors together.
 */
export type AggregateDelta = Omit<ContributionAggregateEntity, 'updatedAt'>;

export function aggregateDelta(outcome: Judged, sign: 1 | -1): AggregateDelta[] {
  const rof = judgementCounts(outcome.riskOfHarmFocus);
  const ifr = judgementCounts(outcome.informationForReview);
  const focus = {
    riskOfHarmFocusApplicable: sign * rof.applicable,
    riskOfHarmFocusSufficient: sign * rof.yes,
    informationForReviewApplicable: sign * ifr.applicable,
    informationForReviewSufficient: sign * ifr.yes,
  };
  const rows: AggregateDelta[] = [];
  for (const [scope, scopeId] of scopesOf(outcome)) {
    for (const j of outcome.judgements) {
      rows.push({
        scope,
        scopeId,
        factor: j.factor,
        judged: sign,
        sufficient: j.sufficient ? sign : 0,
        outcomes: sign,
        ...focus,
        reports: 0,
        achievementRateMicros: 0,
      });
    }
    rows.push({
      scope,
      scopeId,
      factor: OVERALL,
      judged: sign * outcome.judgements.length,
      sufficient: sign * outcome.judgements.filter((j) => j.sufficient).length,
      outcomes: sign,
      ...focus,
      reports: 0,
      achievementRateMicros: 0,
    });
  }
  return rows;
}

/** Byte order (PostgreSQL's "C" collation; uuids compare as their lower-case hex). */
function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The one order every transaction locks contribution aggregate rows in: by scope, scope id and
 * factor, as `ORDER BY scope COLLATE "C", scope_id, factor COLLATE "C"` sorts them. Two reports
 * or outcomes of one provider touch many of the same rows; met in different orders (factors as
 * each caller listed them) they deadlock.
 */
export function inLockOrder(rows: AggregateDelta[]): AggregateDelta[] {
  return [...rows].sort(
    (a, b) =>
      byteOrder(a.scope, b.scope) ||
      byteOrder(a.scopeId.toLowerCase(), b.scopeId.toLowerCase()) ||
      byteOrder(a.factor, b.factor),
  );
}

/**
 * Adds a delta to the aggregates in one statement: an upsert when adding (rows are created on
 * first use), an UPDATE when taking away (the rows exist; PostgreSQL checks CHECK constraints
 * on an upsert's proposed row even when it conflicts, and a negative row would fail them).
 * Rows are locked in `inLockOrder`: the upsert takes them in the order of its VALUES, and the
 * UPDATE (whose join has no order) locks them first with an ordered SELECT ... FOR UPDATE.
 */
export async function applyAggregateDelta(
  manager: EntityManager,
  delta: AggregateDelta[],
): Promise<void> {
  if (delta.length === 0) return;
  const rows = inLockOrder(delta);
  const values: unknown[] = [];
  const tuples = rows.map((row) => {
    const base = values.length;
    values.push(
      row.scope,
      row.scopeId,
      row.factor,
      row.judged,
      row.sufficient,
      row.outcomes,
      row.riskOfHarmFocusApplicable,
      row.riskOfHarmFocusSufficient,
      row.informationForReviewApplicable,
      row.informationForReviewSufficient,
      row.reports,
      row.achievementRateMicros,
    );
    const n = (k: number) => `$${base + k}`;
    return `(${n(1)}, ${n(2)}::uuid, ${n(3)}, ${n(4)}::int, ${n(5)}::int, ${n(6)}::int, ${n(7)}::int, ${n(8)}::int, ${n(9)}::int, ${n(10)}::int, ${n(11)}::int, ${n(12)}::bigint)`;
  });
  const sums = `judged = a.judged + d.judged,
       sufficient = a.sufficient + d.sufficient,
       outcomes = a.outcomes + d.outcomes,
       risk_of_harm_focus_applicable = a.risk_of_harm_focus_applicable + d.risk_of_harm_focus_applicable,
       information_for_review_applicable = a.information_for_review_applicable + d.information_for_review_applicable,
       risk_of_harm_focus_sufficient = a.risk_of_harm_focus_sufficient + d.risk_of_harm_focus_sufficient,
       information_for_review_sufficient = a.information_for_review_sufficient + d.information_for_review_sufficient,
       reports = a.reports + d.reports,
       achievement_rate_micros = a.achievement_rate_micros + d.achievement_rate_micros,
       updated_at = now()`;
  const columns = `scope, scope_id, factor, judged, sufficient, outcomes, risk_of_harm_focus_applicable, risk_of_harm_focus_sufficient, information_for_review_applicable, information_for_review_sufficient, reports, achievement_rate_micros`;
  if (rows.every((row) => row.outcomes >= 0 && row.reports >= 0)) {
    await manager.query(
      `INSERT INTO contribution_aggregate AS a (${columns})
       VALUES ${tuples.join(', ')}
       ON CONFLICT (scope, scope_id, factor) DO UPDATE SET ${sums.replace(/ d\./g, ' EXCLUDED.')}`,
      values,
    );
  } else {
    await manager.query(
      `SELECT 1 FROM contribution_aggregate AS a
       JOIN (VALUES ${tuples.join(', ')}) AS d (${columns})
         ON a.scope = d.scope AND a.scope_id = d.scope_id AND a.factor = d.factor
       ORDER BY a.scope COLLATE "C", a.scope_id, a.factor COLLATE "C"
       FOR UPDATE OF a`,
      values,
    );
    await manager.query(
      `UPDATE contribution_aggregate AS a SET ${sums}
       FROM (VALUES ${tuples.join(', ')}) AS d (${columns})
       WHERE a.scope = d.scope AND a.scope_id = d.scope_id AND a.factor = d.factor`,
      values,
    );
  }
}

/**
 * The aggregate rows one end-of-service report adds to: per provider and per intervention, each
 * factor of its desired outcomes and all together, one report with its achievement rate.
 */
export function reportDelta(report: {
  providerId: string;
  deliveredById?: string | null;
  interventionId: string;
  rows: ReportRow[];
}): AggregateDelta[] {
  const rates = reportRates(report.rows);
  return scopesOf(report).flatMap(([scope, scopeId]) =>
    rates.map(({ factor, micros }) => ({
      scope,
      scopeId,
      factor,
      judged: 0,
      sufficient: 0,
      outcomes: 0,
      riskOfHarmFocusApplicable: 0,
      riskOfHarmFocusSufficient: 0,
      informationForReviewApplicable: 0,
      informationForReviewSufficient: 0,
      reports: 1,
      achievementRateMicros: micros,
    })),
  );
}

/**
 * Every contribution aggregate row as the recorded outcomes and end-of-service reports make it
 * (columns as the table's; `rof`, `ifr` and `*_applicable` for the two outcome-level questions' YES
 * and applicable counts, `micros` for the summed
 * achievement rates): what the rebuild writes and the consistency check compares.
 */
export const AGGREGATES_FROM_OUTCOMES = `
      WITH outcome_providers AS (
        -- The provider, and the subcontractor that delivered the referral when one did.
        SELECT o.id AS outcome_id, p.id AS provider_id
        FROM outcome o JOIN referral rf ON rf.id = o.referral_id
        CROSS JOIN LATERAL unnest(ARRAY[o.provider_id, nullif(rf.delivered_by_id, o.provider_id)]) AS p (id)
        WHERE p.id IS NOT NULL
      ),
      report_providers AS (
        SELECT r.id AS report_id, p.id AS provider_id
        FROM end_of_service_report r JOIN referral rf ON rf.id = r.referral_id
        CROSS JOIN LATERAL unnest(ARRAY[r.provider_id, nullif(rf.delivered_by_id, r.provider_id)]) AS p (id)
        WHERE p.id IS NOT NULL
      ),
      judged AS (
        SELECT o.id AS outcome_id, o.intervention_id, j.factor, j.sufficient,
               o.risk_of_harm_focus = 'YES' AS rof, o.risk_of_harm_focus <> 'NOT_APPLICABLE' AS rof_applies,
               o.information_for_review = 'YES' AS ifr, o.information_for_review <> 'NOT_APPLICABLE' AS ifr_applies
        FROM outcome o JOIN outcome_factor_judgement j ON j.outcome_id = o.id
      ),
      per_factor AS (
        SELECT 'PROVIDER' AS scope, op.provider_id AS scope_id, factor, count(*) AS judged,
               count(*) FILTER (WHERE sufficient) AS sufficient, count(*) AS outcomes,
               count(*) FILTER (WHERE rof_applies) AS rof_applicable, count(*) FILTER (WHERE rof) AS rof,
               count(*) FILTER (WHERE ifr_applies) AS ifr_applicable, count(*) FILTER (WHERE ifr) AS ifr
        FROM judged JOIN outcome_providers op USING (outcome_id) GROUP BY op.provider_id, factor
        UNION ALL
        SELECT 'INTERVENTION', intervention_id, factor, count(*), count(*) FILTER (WHERE sufficient), count(*),
               count(*) FILTER (WHERE rof_applies), count(*) FILTER (WHERE rof),
               count(*) FILTER (WHERE ifr_applies), count(*) FILTER (WHERE ifr)
        FROM judged GROUP BY intervention_id, factor
      ),
      per_outcome AS (
        SELECT o.id AS outcome_id, o.intervention_id,
               o.risk_of_harm_focus = 'YES' AS rof, o.risk_of_harm_focus <> 'NOT_APPLICABLE' AS rof_applies,
               o.information_for_review = 'YES' AS ifr, o.information_for_review <> 'NOT_APPLICABLE' AS ifr_applies,
               (SELECT count(*) FROM outcome_factor_judgement j WHERE j.outcome_id = o.id) AS judged,
               (SELECT count(*) FROM outcome_factor_judgement j WHERE j.outcome_id = o.id AND j.sufficient) AS sufficient
        FROM outcome o
      ),
      overall AS (
        SELECT 'PROVIDER' AS scope, op.provider_id AS scope_id, '*' AS factor, sum(judged) AS judged, sum(sufficient) AS sufficient,
               count(*) AS outcomes, count(*) FILTER (WHERE rof_applies) AS rof_applicable, count(*) FILTER (WHERE rof) AS rof,
               count(*) FILTER (WHERE ifr_applies) AS ifr_applicable, count(*) FILTER (WHERE ifr) AS ifr
        FROM per_outcome JOIN outcome_providers op USING (outcome_id) GROUP BY op.provider_id
        UNION ALL
        SELECT 'INTERVENTION', intervention_id, '*', sum(judged), sum(sufficient), count(*),
               count(*) FILTER (WHERE rof_applies), count(*) FILTER (WHERE rof),
               count(*) FILTER (WHERE ifr_applies), count(*) FILTER (WHERE ifr)
        FROM per_outcome GROUP BY intervention_id
      ),
      report_rows AS (
        SELECT r.id, r.provider_id, r.intervention_id, o.factor,
               CASE o.achievement WHEN 'ACHIEVED' THEN 2 WHEN 'PARTIALLY_ACHIEVED' THEN 1 ELSE 0 END AS halves
        FROM end_of_service_report r JOIN end_of_service_outcome o ON o.report_id = r.id
      ),
      report_rates AS (
        SELECT id, provider_id, intervention_id, factor, (sum(halves) * 500000) / count(*) AS micros
        FROM report_rows GROUP BY id, provider_id, intervention_id, factor
        UNION ALL
        SELECT id, provider_id, intervention_id, '*', (sum(halves) * 500000) / count(*)
        FROM report_rows GROUP BY id, provider_id, intervention_id
      ),
      reports AS (
        SELECT 'PROVIDER' AS scope, rp.provider_id AS scope_id, factor, count(*) AS reports, sum(micros) AS micros
        FROM report_rates JOIN report_providers rp ON rp.report_id = report_rates.id
        GROUP BY rp.provider_id, factor
        UNION ALL
        SELECT 'INTERVENTION', intervention_id, factor, count(*), sum(micros)
        FROM report_rates GROUP BY intervention_id, factor
      ),
      everything AS (
        SELECT scope, scope_id, factor, judged, sufficient, outcomes, rof_applicable, rof, ifr_applicable, ifr,
               0 AS reports, 0 AS micros FROM per_factor
        UNION ALL
        SELECT scope, scope_id, factor, judged, sufficient, outcomes, rof_applicable, rof, ifr_applicable, ifr, 0, 0
        FROM overall
        UNION ALL
        SELECT scope, scope_id, factor, 0, 0, 0, 0, 0, 0, 0, reports, micros FROM reports
      )
      SELECT scope, scope_id::uuid AS scope_id, factor, sum(judged)::int AS judged,
             sum(sufficient)::int AS sufficient, sum(outcomes)::int AS outcomes,
             sum(rof_applicable)::int AS rof_applicable, sum(rof)::int AS rof,
             sum(ifr_applicable)::int AS ifr_applicable, sum(ifr)::int AS ifr,
             sum(reports)::int AS reports, sum(micros)::bigint AS micros
      FROM everything GROUP BY scope, scope_id, factor`;

/**
 * Recomputes every contribution aggregate from the outcomes and reports, in `manager`'s
 * transaction (which must be one: the table is locked until it ends). Returns the number of rows.
 */
export async function rebuildContributionAggregates(manager: EntityManager): Promise<number> {
  await manager.query(`LOCK TABLE contribution_aggregate IN EXCLUSIVE MODE`);
  await manager.query(`DELETE FROM contribution_aggregate`);
  await manager.query(`
      INSERT INTO contribution_aggregate
        (scope, scope_id, factor, judged, sufficient, outcomes, risk_of_harm_focus_applicable,
         risk_of_harm_focus_sufficient, information_for_review_applicable,
         information_for_review_sufficient, reports, achievement_rate_micros)
      SELECT scope, scope_id, factor, judged, sufficient, outcomes, rof_applicable, rof,
             ifr_applicable, ifr, reports, micros
      FROM (${AGGREGATES_FROM_OUTCOMES}) expected`);
  const [{ rows }] = await manager.query<{ rows: number }[]>(
    `SELECT count(*)::int AS rows FROM contribution_aggregate`,
  );
  return rows;
}

function describeJudgements(judgements: { sufficient: boolean }[]): string {
  const sufficient = judgements.filter((j) => j.sufficient).length;
  return `contribution sufficient on ${sufficient} of ${judgements.length} target factors`;
}

function toModel(row: OutcomeEntity, judgements: FactorJudgementEntity[]): Outcome {
  return {
    id: row.id,
    referralId: row.referralId,
    factorJudgements: judgements.map((j) => ({
      factor: j.factor as FactorCode,
      sufficient: j.sufficient,
    })),
    riskOfHarmFocus: row.riskOfHarmFocus,
    informationForReview: row.informationForReview,
    notes: row.notes,
    recordedBy: row.recordedBy,
    recordedAt: row.recordedAt,
    amendedAt: row.amendedAt,
  };
}

/**
 * Records the buyer's judgements on finished referrals and keeps the contribution aggregates up
 * to date in the same transaction (O(1) per outcome), so a score is never stale.
 */
@Injectable()
export class OutcomesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly referralScope: ReferralScopeService,
    private readonly audit: AuditService,
    private readonly timeline: TimelineService,
    private readonly clock: Clock,
  ) {}

  async record(caller: Caller, referralId: string, input: OutcomeInput): Promise<Outcome> {
    try {
      return await inTransaction(this.dataSource, (manager) =>
        this.recordIn(manager, caller, referralId, input),
      );
    } catch (error) {
      // The unique index decides when two requests raced past the check (the loser rolled back).
      if (isUniqueViolation(error, 'outcome_referral_key')) throw new OutcomeAlreadyRecordedError();
      throw error;
    }
  }

  private async recordIn(
    manager: EntityManager,
    caller: Caller,
    referralId: string,
    input: OutcomeInput,
  ): Promise<Outcome> {
    // The referral row locked: simultaneous recordings of one referral wait here, and the
    // later ones then see the first one's outcome.
    const referral = await this.judgeable(manager, caller, referralId, input);
    if (await manager.existsBy(OutcomeEntity, { referralId })) {
      throw new OutcomeAlreadyRecordedError();
    }
    const outcome = await manager.save(
      manager.create(OutcomeEntity, {
        referralId,
        providerId: referral.providerId,
        interventionId: referral.interventionId,
        riskOfHarmFocus: input.riskOfHarmFocus,
        informationForReview: input.informationForReview,
        notes: input.notes?.trim() || null,
        recordedBy: caller.id,
        recordedAt: this.clock.now(),
        amendedAt: null,
      }),
    );
    const judgements = await this.saveJudgements(manager, outcome.id, input);
    await applyAggregateDelta(
      manager,
      aggregateDelta(this.judged(outcome, judgements, referral.deliveredById), 1),
    );
    await this.audit.record(manager, caller, {
      entityType: 'Outcome',
      entityId: outcome.id,
      organisationId: referral.providerId,
      action: 'RECORDED',
      before: null,
      after: { ...outcome, judgements },
    });
    await this.timeline.record(manager, {
      referralId,
      type: TimelineEventType.OUTCOME_RECORDED,
      by: caller.id,
      at: outcome.recordedAt,
      summary: `Outcome recorded: ${describeJudgements(judgements)}`,
      details: { outcomeId: outcome.id },
    });
    return toModel(outcome, judgements);
  }

  async amend(caller: Caller, referralId: string, input: OutcomeInput): Promise<Outcome> {
    return inTransaction(this.dataSource, async (manager) => {
      const referral = await this.judgeable(manager, caller, referralId, input);
      const outcome = await manager.findOne(OutcomeEntity, {
        where: { referralId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!outcome)
        throw new ConflictError(
          'No outcome is recorded for this referral yet: record one first',
          'NOT_RECORDED_YET',
        );
      const age = this.clock.now().getTime() - outcome.recordedAt.getTime();
      if (age > AMEND_WINDOW_DAYS * 86_400_000) {
        throw new ConflictError(
          `Outcomes can be amended for ${AMEND_WINDOW_DAYS} days after they are recorded`,
          'AMEND_WINDOW_CLOSED',
        );
      }
      const previous = await manager.findBy(FactorJudgementEntity, { outcomeId: outcome.id });
      const before = { ...outcome, judgements: previous };
      await applyAggregateDelta(
        manager,
        aggregateDelta(this.judged(outcome, previous, referral.deliveredById), -1),
      );
      await manager.delete(FactorJudgementEntity, { outcomeId: outcome.id });

      Object.assign(outcome, {
        riskOfHarmFocus: input.riskOfHarmFocus,
        informationForReview: input.informationForReview,
        notes: input.notes?.trim() || null,
        amendedAt: this.clock.now(),
      });
      await manager.save(outcome);
      const judgements = await this.saveJudgements(manager, outcome.id, input);
      await applyAggregateDelta(
        manager,
        aggregateDelta(this.judged(outcome, judgements, referral.deliveredById), 1),
      );
      await this.audit.record(manager, caller, {
        entityType: 'Outcome',
        entityId: outcome.id,
        organisationId: outcome.providerId,
        action: 'AMENDED',
        before,
        after: { ...outcome, judgements },
      });
      await this.timeline.record(manager, {
        referralId,
        type: TimelineEventType.OUTCOME_AMENDED,
        by: caller.id,
        at: outcome.amendedAt!,
        summary: `Outcome amended: ${describeJudgements(judgements)}`,
        details: { outcomeId: outcome.id },
      });
      return toModel(outcome, judgements);
    });
  }

  /** Outcomes of referrals, for `Referral.outcome` (the caller's scope on referrals applies). */
  async forReferrals(referralIds: readonly string[]): Promise<(Outcome | null)[]> {
    const outcomes = await this.dataSource
      .getRepository(OutcomeEntity)
      .findBy({ referralId: In([...referralIds]) });
    const judgements = outcomes.length
      ? await this.dataSource
          .getRepository(FactorJudgementEntity)
          .findBy({ outcomeId: In(outcomes.map((o) => o.id)) })
      : [];
    const byReferral = new Map(
      outcomes.map((o) => [
        o.referralId,
        toModel(
          o,
          judgements.filter((j) => j.outcomeId === o.id),
        ),
      ]),
    );
    return referralIds.map((id) => byReferral.get(id) ?? null);
  }

  /**
   * Recomputes every aggregate from the outcomes themselves (after a repair, or to check the
   * incremental figures): the result must equal what the outcomes added up to one by one.
   */
  async rebuildAggregates(): Promise<number> {
    return this.dataSource.transaction((manager) => rebuildContributionAggregates(manager));
  }

  /** Checks the referral may be judged by this caller with these judgements. */
  private async judgeable(
    manager: EntityManager,
    caller: Caller,
    referralId: string,
    input: OutcomeInput,
  ): Promise<ReferralEntity> {
    // Locked first, as every step on a referral does (see ReferralScopeService.lockInScope).
    const referral = await this.referralScope.lockInScope(manager, caller, referralId);
    if (!hasRole(caller, Role.PURCHASER) || caller.divisionCode !== referral.divisionCode) {
      throw new ForbiddenError(
        "Only a purchaser of the referral's division can judge its outcome",
        'OUT_OF_SCOPE',
      );
    }
    if (
      referral.status !== ReferralStatus.COMPLETED &&
      referral.status !== ReferralStatus.ENDED_EARLY
    ) {
      throw new ConflictError(
        `A ${referral.status} referral cannot be judged yet: it must be COMPLETED or ENDED_EARLY`,
        'REFERRAL_NOT_FINISHED',
      );
    }
    const given = input.factorJudgements.map((j) => j.factor);
    const errors: FieldError[] = [];
    for (const factor of referral.targetFactors.filter((f) => !given.includes(f as FactorCode))) {
      errors.push({
        field: 'input.factorJudgements',
        message: `${factor} is a target factor and needs a judgement`,
      });
    }
    given.forEach((factor, i) => {
      if (!referral.targetFactors.includes(factor)) {
        errors.push({
          field: `input.factorJudgements.${i}.factor`,
          message: `${factor} is not a target factor of the referral`,
        });
      } else if (given.indexOf(factor) !== i) {
        errors.push({
          field: `input.factorJudgements.${i}.factor`,
          message: `${factor} is judged twice`,
        });
      }
    });
    if (errors.length > 0)
      throw new BadUserInputError('Judge each target factor of the referral exactly once', errors);
    return referral;
  }

  private async saveJudgements(
    manager: EntityManager,
    outcomeId: string,
    input: OutcomeInput,
  ): Promise<FactorJudgementEntity[]> {
    const rows = input.factorJudgements.map((j) =>
      manager.create(FactorJudgementEntity, { outcomeId, ...j }),
    );
    await manager.insert(FactorJudgementEntity, rows);
    return rows;
  }

  private judged(
    outcome: OutcomeEntity,
    judgements: FactorJudgementEntity[],
    deliveredById: string | null,
  ): Judged {
    return { ...outcome, deliveredById, judgements };
  }
}
