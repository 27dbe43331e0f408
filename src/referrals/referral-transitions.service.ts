import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Caller } from '../auth/caller';
import { PlacesService } from '../catalogue/places.service';
import { Clock } from '../common/clock';
import { BadUserInputError, ConflictError } from '../common/errors';
import { inTransaction } from '../common/transaction';
import { ComplianceService } from '../framework/compliance.service';
import { BudgetService } from './budget.service';
import {
  DECLINE_REASON_TEXT,
  DeclineReason,
  TimelineEventType,
  WITHDRAWAL_REASON_TEXT,
  WithdrawalReason,
} from './referral-codes';
import { nextReferralStatus } from './referral-lifecycle';
import { ReferralScopeService } from './referral-scope.service';
import { ReferralStatus } from './referral-status';
import { ReferralEntity, ReferralStatusChangeEntity } from './referral.entity';
import { Referral } from './referrals.models';
import { ReferralsService } from './referrals.service';
import { settle, settlementOfStep } from './settlement';
import { TimelineService } from './timeline.service';

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

/**
 * Moving referrals through their life: the provider's steps, withdrawing, session feedback and
 * the end-of-service report's money. Each step locks the referral row first, then the listing's
 * and the budget's; declines and cancellations give the place and the money back.
 */
@Injectable()
export class ReferralTransitionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly places: PlacesService,
    private readonly budgets: BudgetService,
    private readonly timeline: TimelineService,
    private readonly clock: Clock,
    private readonly compliance: ComplianceService,
    private readonly scope: ReferralScopeService,
    private readonly referrals: ReferralsService,
  ) {}

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
      const row = await this.scope.lockInScope(manager, caller, id);
      this.scope.assertMayAct(caller, row, action);
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
        await this.budgets.moveFunding(manager, row, settle(settlement, row));
      }
      row.status = status;
      await manager.save(row);
      // A withdrawal is one event for the timeline, whether it cancels or ends the referral.
      const event = action === 'withdraw' ? STEP_EVENTS.CANCELLED : undefined;
      await this.recordStatus(manager, row, status, caller, reason, details, now, event);
    });
    return this.referrals.load(id, caller);
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
    await this.budgets.moveFunding(
      manager,
      row,
      settle({ kind: 'END_OF_SERVICE_REPORT', earnedPence }, row),
    );
    row.outcomePaymentEarnedPence = earnedPence;
    row.endOfServiceReportAt = at;
    row.endOfServiceReportDue = false;
    await manager.save(row);
  }

  /** A status change: its history row and its timeline event, in the step's transaction. */
  async recordStatus(
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
}
