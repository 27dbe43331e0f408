import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Caller } from '../auth/caller';
import { Clock } from '../common/clock';
import { BadUserInputError, ConflictError, FieldError } from '../common/errors';
import { ReferenceService } from '../reference/reference.service';
import { TimelineEventType } from '../referrals/referral-codes';
import { nextReferralStatus } from '../referrals/referral-lifecycle';
import { ReferralStatus } from '../referrals/referral-status';
import { ReferralScopeService } from '../referrals/referral-scope.service';
import { ReferralTransitionsService } from '../referrals/referral-transitions.service';
import { ReferralsService } from '../referrals/referrals.service';
import { outcomePaymentsEarned } from '../referrals/settlement';
import { TimelineService } from '../referrals/timeline.service';
import { Achievement, halves } from './achievement';
import { EndOfServiceOutcomeEntity, EndOfServiceReportEntity } from './outcome.entity';
import { EndOfServiceReportInput } from './outcomes.inputs';
import { EndOfServiceReport } from './outcomes.models';
import { applyAggregateDelta, reportDelta } from './outcomes.service';
import { inTransaction } from '../common/transaction';

/** Rows must name each of the referral's desired outcomes exactly once. */
export function reportRowFailures(desired: string[], given: string[]): FieldError[] {
  const failures: FieldError[] = [];
  given.forEach((id, i) => {
    const field = `input.outcomes.${i}.desiredOutcomeId`;
    if (!desired.includes(id))
      failures.push({ field, message: `${id} is not a desired outcome of the referral` });
    else if (given.indexOf(id) !== i) failures.push({ field, message: `${id} is reported twice` });
  });
  for (const id of desired.filter((d) => !given.includes(d))) {
    failures.push({ field: 'input.outcomes', message: `Desired outcome ${id} needs a row` });
  }
  return failures;
}

/**
 * The provider's end-of-service report. In one transaction it records one row per desired
 * outcome, settles the outcome payments (the committed maximum leaves committed, what was
 * earned becomes spent), adds the report to the achievement-rate aggregates and writes the
 * timeline. Required before the provider completes or ends a STARTED referral early; owed at
 * once when the purchaser withdraws a started one.
 */
@Injectable()
export class EndOfServiceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly referrals: ReferralsService,
    private readonly referralScope: ReferralScopeService,
    private readonly referralTransitions: ReferralTransitionsService,
    private readonly reference: ReferenceService,
    private readonly timeline: TimelineService,
    private readonly clock: Clock,
  ) {}

  async submit(
    caller: Caller,
    referralId: string,
    input: EndOfServiceReportInput,
  ): Promise<EndOfServiceReport> {
    await this.reference.data(); // loaded outside the transaction: see ReferenceService
    await inTransaction(this.dataSource, async (manager) => {
      const row = await this.referralScope.lockInScope(manager, caller, referralId);
      this.referralScope.assertProvider(caller, row);
      nextReferralStatus(row.status, 'reportEndOfService');
      if (row.endOfServiceReportAt) {
        throw new ConflictError(
          'The end-of-service report is already submitted',
          'ALREADY_RECORDED',
        );
      }
      if (row.status === ReferralStatus.ENDED_EARLY && !row.endOfServiceReportDue) {
        throw new ConflictError(
          'No end-of-service report is due on this referral',
          'NO_REPORT_DUE',
        );
      }
      const [desired] = await this.referrals.desiredOutcomes([row.id], manager);
      const failures = reportRowFailures(
        desired.map((d) => d.id),
        input.outcomes.map((o) => o.desiredOutcomeId),
      );
      if (failures.length > 0)
        throw new BadUserInputError('Report on each desired outcome exactly once', failures);

      const factorOf = new Map(desired.map((d) => [d.id, d.factor]));
      const earned = outcomePaymentsEarned(
        row.outcomePaymentPence,
        input.outcomes.map((o) => o.achievement),
      );
      const scoreHalves = input.outcomes.reduce((sum, o) => sum + halves(o.achievement), 0);
      const now = this.clock.now();
      const report = await manager.save(
        manager.create(EndOfServiceReportEntity, {
          referralId: row.id,
          providerId: row.providerId,
          interventionId: row.interventionId,
          furtherInformation: input.furtherInformation?.trim() || null,
          outcomes: input.outcomes.length,
          scoreHalves,
          earnedPence: earned,
          submittedBy: caller.id,
          submittedAt: now,
        }),
      );
      const rows = input.outcomes.map((o, position) => ({
        reportId: report.id,
        desiredOutcomeId: o.desiredOutcomeId,
        factor: factorOf.get(o.desiredOutcomeId)!,
        achievement: o.achievement,
        progressComments: o.progressComments?.trim() || null,
        position,
      }));
      if (rows.length > 0) await manager.insert(EndOfServiceOutcomeEntity, rows);
      await this.referralTransitions.settleEndOfServiceReport(manager, row, earned, now);
      await applyAggregateDelta(
        manager,
        reportDelta({
          providerId: row.providerId,
          deliveredById: row.deliveredById,
          interventionId: row.interventionId,
          rows,
        }),
      );
      const score = scoreHalves / 2;
      await this.timeline.record(manager, {
        referralId: row.id,
        type: TimelineEventType.END_OF_SERVICE_REPORT_SUBMITTED,
        by: caller.id,
        at: now,
        summary: `End-of-service report: ${score} of ${rows.length} desired outcomes achieved; outcome payments earned £${(earned / 100).toFixed(2)}`,
        details: { reportId: report.id, achievementScore: score, earnedPence: earned },
      });
    });
    return (await this.forReferrals([referralId]))[0]!;
  }

  async forReferrals(referralIds: readonly string[]): Promise<(EndOfServiceReport | null)[]> {
    const reports = await this.dataSource
      .getRepository(EndOfServiceReportEntity)
      .findBy({ referralId: In([...referralIds]) });
    const rows = reports.length
      ? await this.dataSource.getRepository(EndOfServiceOutcomeEntity).find({
          where: { reportId: In(reports.map((r) => r.id)) },
          order: { position: 'ASC' },
        })
      : [];
    const outcomes = new Map(
      (
        await this.reference.desiredOutcomesByIds([...new Set(rows.map((r) => r.desiredOutcomeId))])
      ).map((o) => [o.id, o]),
    );
    const byReferral = new Map(
      reports.map((r) => [
        r.referralId,
        {
          id: r.id,
          outcomes: rows
            .filter((o) => o.reportId === r.id)
            .map((o) => ({
              desiredOutcomeId: o.desiredOutcomeId,
              desiredOutcome: outcomes.get(o.desiredOutcomeId)!,
              achievement: o.achievement as Achievement,
              progressComments: o.progressComments,
            })),
          furtherInformation: r.furtherInformation,
          achievementScore: r.scoreHalves / 2,
          achievementRate: r.outcomes ? r.scoreHalves / 2 / r.outcomes : null,
          outcomePaymentEarnedPence: r.earnedPence,
          submittedAt: r.submittedAt,
          submittedBy: r.submittedBy,
        },
      ]),
    );
    return referralIds.map((id) => byReferral.get(id) ?? null);
  }
}
