import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Caller } from '../auth/caller';
import { DeliveryMode } from '../catalogue/catalogue.enums';
import { Clock, londonDate } from '../common/clock';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../common/errors';
import { groupByKey, requestLoader } from '../common/request-loaders';
import { TimelineEventType } from '../referrals/referral-codes';
import { nextReferralStatus } from '../referrals/referral-lifecycle';
import { AccessLogService } from '../privacy/access-log.service';
import { canReadCaseNotes, canReadFreeText, ReferralParties } from '../referrals/referral.policy';
import { ReferralEntity } from '../referrals/referral.entity';
import { ReferralScopeService } from '../referrals/referral-scope.service';
import { ReferralTransitionsService } from '../referrals/referral-transitions.service';
import { TimelineService } from '../referrals/timeline.service';
import { countsAsAttended, feedbackFailures } from './delivery-rules';
import {
  ActionPlanEntity,
  CaseNoteEntity,
  DeliverySessionEntity,
  SessionRescheduleEntity,
} from './delivery.entities';
import { Attendance, CaseNoteSide, NoSessionReason, RescheduleRequester } from './delivery.enums';
import {
  ActionPlanInput,
  CaseNoteInput,
  RescheduleSessionInput,
  ScheduleSessionInput,
  SessionFeedbackInput,
} from './delivery.inputs';
import { ActionPlan, CaseNote, DeliverySession } from './delivery.models';
import { inTransaction } from '../common/transaction';

const when = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** "Tue, 5 May 2026, 10:00" in the Europe/London calendar, for timeline summaries. */
export function describeInstant(instant: Date): string {
  return when.format(instant);
}

function toPlan(row: ActionPlanEntity): ActionPlan {
  return {
    id: row.id,
    version: row.version,
    activities: row.activities,
    plannedSessions: row.plannedSessions,
    submittedAt: row.submittedAt,
    submittedBy: row.submittedBy,
  };
}

function toSession(
  row: DeliverySessionEntity,
  number: number,
  reschedules: SessionRescheduleEntity[],
): DeliverySession {
  return {
    id: row.id,
    referralId: row.referralId,
    number,
    startsAt: row.startsAt,
    durationMinutes: row.durationMinutes,
    deliveryMode: row.deliveryMode as DeliveryMode,
    venue: row.venue,
    scheduledAt: row.scheduledAt,
    reschedules: reschedules.map((r) => ({
      fromStartsAt: r.fromStartsAt,
      toStartsAt: r.toStartsAt,
      reason: r.reason,
      requestedBy: r.requestedBy as RescheduleRequester,
      at: r.at,
      by: r.by,
    })),
    feedback: row.feedbackAt
      ? {
          attended: row.attended as Attendance,
          sessionHappened: row.sessionHappened!,
          noSessionReason: row.noSessionReason as NoSessionReason | null,
          summary: row.summary,
          response: row.response,
          concerns: row.concerns,
          notifyPurchaser: row.notifyPurchaser ?? false,
          recordedAt: row.feedbackAt,
          recordedBy: row.feedbackBy!,
        }
      : null,
  };
}

function toNote(row: CaseNoteEntity): CaseNote {
  return {
    id: row.id,
    subject: row.subject,
    body: row.body,
    notifyOtherSide: row.notifyOtherSide,
    side: row.side as CaseNoteSide,
    by: row.by,
    at: row.at,
  };
}

/**
 * Delivering a referral: the provider's action plan (versioned), sessions (scheduled,
 * rescheduled with history, feedback once), and case notes by either side. Each step locks the
 * referral row first, checks who and when, writes its rows and its timeline event in one
 * transaction; session feedback also keeps the referral's derived session counts and starts it.
 */
@Injectable()
export class DeliveryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly referralScope: ReferralScopeService,
    private readonly referralTransitions: ReferralTransitionsService,
    private readonly timeline: TimelineService,
    private readonly clock: Clock,
    private readonly accessLog: AccessLogService,
  ) {}

  async submitActionPlan(
    caller: Caller,
    referralId: string,
    input: ActionPlanInput,
  ): Promise<ActionPlan> {
    return inTransaction(this.dataSource, async (manager) => {
      const row = await this.referralScope.lockInScope(manager, caller, referralId);
      this.referralScope.assertProvider(caller, row);
      nextReferralStatus(row.status, 'planAction');
      const delivered = row.sessionsAttended ?? 0;
      if (input.plannedSessions < delivered) {
        throw new BadUserInputError(
          'The plan cannot plan fewer sessions than already delivered',
          [
            {
              field: 'input.plannedSessions',
              message: `plannedSessions must be at least ${delivered}, the sessions already attended`,
            },
          ],
          'PLAN_BELOW_DELIVERED',
        );
      }
      const [{ latest }] = await manager.query<{ latest: number }[]>(
        `SELECT COALESCE(max(version), 0)::int AS latest FROM action_plan WHERE referral_id = $1`,
        [row.id],
      );
      const now = this.clock.now();
      const plan = await manager.save(
        manager.create(ActionPlanEntity, {
          referralId: row.id,
          version: latest + 1,
          activities: input.activities.map((a) => a.trim()),
          plannedSessions: input.plannedSessions,
          submittedBy: caller.id,
          submittedAt: now,
        }),
      );
      await this.timeline.record(manager, {
        referralId: row.id,
        type: TimelineEventType.ACTION_PLAN_SUBMITTED,
        by: caller.id,
        at: now,
        summary: `Action plan version ${plan.version}: ${plan.activities.length} ${plan.activities.length === 1 ? 'activity' : 'activities'}, ${plan.plannedSessions} sessions planned`,
        details: { actionPlanId: plan.id, version: plan.version },
      });
      return toPlan(plan);
    });
  }

  async scheduleSession(
    caller: Caller,
    referralId: string,
    input: ScheduleSessionInput,
  ): Promise<DeliverySession> {
    const id = await inTransaction(this.dataSource, async (manager) => {
      const row = await this.referralScope.lockInScope(manager, caller, referralId);
      this.referralScope.assertProvider(caller, row);
      nextReferralStatus(row.status, 'scheduleSession');
      this.assertNotBeforePurchase(row, input.startsAt);
      const now = this.clock.now();
      const session = await manager.save(
        manager.create(DeliverySessionEntity, {
          referralId: row.id,
          startsAt: input.startsAt,
          durationMinutes: input.durationMinutes,
          deliveryMode: input.deliveryMode,
          venue: input.venue?.trim() || null,
          scheduledBy: caller.id,
          scheduledAt: now,
        }),
      );
      await this.timeline.record(manager, {
        referralId: row.id,
        type: TimelineEventType.SESSION_SCHEDULED,
        by: caller.id,
        at: now,
        summary: `Session scheduled for ${describeInstant(input.startsAt)} (${input.durationMinutes} minutes, ${input.deliveryMode.toLowerCase().replace(/_/g, ' ')})`,
        details: { sessionId: session.id, startsAt: input.startsAt.toISOString() },
      });
      return session.id;
    });
    return this.session(id);
  }

  async rescheduleSession(
    caller: Caller,
    sessionId: string,
    input: RescheduleSessionInput,
  ): Promise<DeliverySession> {
    await inTransaction(this.dataSource, async (manager) => {
      const { row, session } = await this.lockSession(manager, caller, sessionId);
      this.referralScope.assertProvider(caller, row);
      nextReferralStatus(row.status, 'scheduleSession');
      if (session.feedbackAt) {
        throw new ConflictError(
          'The session’s feedback is recorded: it can no longer move',
          'SESSION_ALREADY_HELD',
        );
      }
      this.assertNotBeforePurchase(row, input.startsAt);
      if (input.startsAt.getTime() === session.startsAt.getTime()) {
        throw new BadUserInputError('The session already starts then', [
          { field: 'input.startsAt', message: 'startsAt must differ from the current start' },
        ]);
      }
      const now = this.clock.now();
      await manager.insert(SessionRescheduleEntity, {
        sessionId: session.id,
        fromStartsAt: session.startsAt,
        toStartsAt: input.startsAt,
        reason: input.reason.trim(),
        requestedBy: input.requestedBy,
        by: caller.id,
        at: now,
      });
      const from = session.startsAt;
      session.startsAt = input.startsAt;
      await manager.save(session);
      const asker =
        input.requestedBy === RescheduleRequester.PROVIDER ? 'the provider' : 'the person';
      await this.timeline.record(manager, {
        referralId: row.id,
        type: TimelineEventType.SESSION_RESCHEDULED,
        by: caller.id,
        at: now,
        summary: `Session moved from ${describeInstant(from)} to ${describeInstant(input.startsAt)} at the request of ${asker}: ${input.reason.trim()}`,
        details: { sessionId: session.id, requestedBy: input.requestedBy },
      });
    });
    return this.session(sessionId);
  }

  async recordFeedback(
    caller: Caller,
    sessionId: string,
    input: SessionFeedbackInput,
  ): Promise<DeliverySession> {
    const failures = feedbackFailures(input);
    if (failures.length > 0)
      throw new BadUserInputError('The feedback does not tell one story', failures);
    await inTransaction(this.dataSource, async (manager) => {
      const { row, session } = await this.lockSession(manager, caller, sessionId);
      this.referralScope.assertProvider(caller, row);
      nextReferralStatus(row.status, 'recordFeedback');
      if (session.feedbackAt)
        throw new ConflictError(
          'Feedback is already recorded for this session',
          'ALREADY_RECORDED',
        );
      const now = this.clock.now();
      if (session.startsAt > now) {
        throw new ConflictError(
          'The session has not started yet: record its feedback afterwards',
          'SESSION_NOT_STARTED',
        );
      }
      const concerns = input.concerns?.trim() || null;
      Object.assign(session, {
        attended: input.attended,
        sessionHappened: input.sessionHappened,
        noSessionReason: input.noSessionReason ?? null,
        summary: input.summary?.trim() || null,
        response: input.response?.trim() || null,
        concerns,
        notifyPurchaser: input.notifyPurchaser ?? false,
        feedbackBy: caller.id,
        feedbackAt: now,
      });
      await manager.save(session);
      const attended = countsAsAttended(input);
      const on = describeInstant(session.startsAt);
      const [type, summary] = attended
        ? [
            TimelineEventType.SESSION_ATTENDED,
            `Session on ${on} attended${input.attended === Attendance.LATE ? ' (late)' : ''}`,
          ]
        : input.attended === Attendance.NO
          ? [
              TimelineEventType.SESSION_MISSED,
              `Session on ${on} missed (${input.noSessionReason!.toLowerCase().replace(/_/g, ' ')})`,
            ]
          : [
              TimelineEventType.SESSION_NOT_HELD,
              `Session on ${on} did not happen (${input.noSessionReason!.toLowerCase().replace(/_/g, ' ')})`,
            ];
      const details = {
        sessionId: session.id,
        attended: input.attended,
        sessionHappened: input.sessionHappened,
        noSessionReason: input.noSessionReason ?? null,
        notifyPurchaser: input.notifyPurchaser ?? false,
      };
      await this.timeline.record(manager, {
        referralId: row.id,
        type,
        by: caller.id,
        at: now,
        summary,
        details,
      });
      if (concerns) {
        await this.timeline.record(manager, {
          referralId: row.id,
          type: TimelineEventType.SESSION_CONCERNS_RAISED,
          by: caller.id,
          at: now,
          summary: `Concerns raised at the session on ${on}: ${concerns}`,
          details,
        });
      }
      await this.referralTransitions.recordSessionOutcome(
        manager,
        caller,
        row,
        attended,
        londonDate(session.startsAt),
      );
    });
    return this.session(sessionId);
  }

  async addCaseNote(caller: Caller, referralId: string, input: CaseNoteInput): Promise<CaseNote> {
    return inTransaction(this.dataSource, async (manager) => {
      const row = await this.referralScope.lockInScope(manager, caller, referralId);
      const side = this.referralScope.sideOf(caller, row);
      const now = this.clock.now();
      const note = await manager.save(
        manager.create(CaseNoteEntity, {
          referralId: row.id,
          subject: input.subject.trim(),
          body: input.body.trim(),
          notifyOtherSide: input.notifyOtherSide ?? false,
          side,
          by: caller.id,
          at: now,
        }),
      );
      await this.timeline.record(manager, {
        referralId: row.id,
        type: TimelineEventType.CASE_NOTE_ADDED,
        by: caller.id,
        at: now,
        summary: `Case note from the ${side === 'PROVIDER' ? 'provider' : 'purchaser'}: ${note.subject}`,
        details: { caseNoteId: note.id, side, notifyOtherSide: note.notifyOtherSide },
      });
      return toNote(note);
    });
  }

  /** Every version of each referral's action plan, oldest first. */
  async actionPlans(referralIds: readonly string[]): Promise<ActionPlan[][]> {
    const rows = await this.dataSource.getRepository(ActionPlanEntity).find({
      where: { referralId: In([...referralIds]) },
      order: { version: 'ASC' },
    });
    return groupByKey(referralIds, rows, (r) => r.referralId).map((plans) => plans.map(toPlan));
  }

  /** Each referral's sessions by start time, with their reschedules. */
  async sessions(referralIds: readonly string[]): Promise<DeliverySession[][]> {
    const rows = await this.dataSource.getRepository(DeliverySessionEntity).find({
      where: { referralId: In([...referralIds]) },
      order: { startsAt: 'ASC', scheduledAt: 'ASC' },
    });
    const moves = rows.length
      ? await this.dataSource.getRepository(SessionRescheduleEntity).find({
          where: { sessionId: In(rows.map((r) => r.id)) },
          order: { at: 'ASC' },
        })
      : [];
    return groupByKey(referralIds, rows, (r) => r.referralId).map((sessions) =>
      sessions.map((s, i) =>
        toSession(
          s,
          i + 1,
          moves.filter((m) => m.sessionId === s.id),
        ),
      ),
    );
  }

  /**
   * A referral's case notes, batched per request, when the caller is on one side of it (or an
   * admin): FORBIDDEN to anyone else who can see the referral (commissioners).
   */
  caseNotesFor(
    caller: Caller,
    referral: ReferralParties & { id: string },
    req: object,
  ): Promise<CaseNote[]> {
    if (!canReadCaseNotes(caller, referral)) {
      throw new ForbiddenError(
        "Case notes are for the buying division's purchasers and the provider's suppliers only",
        'OUT_OF_SCOPE',
      );
    }
    this.accessLog.note(req, caller, referral.id, ['caseNotes']);
    return requestLoader(req, 'referralCaseNotes', (ids: readonly string[]) =>
      this.caseNotes(ids),
    ).load(referral.id);
  }

  /**
   * A referral's sessions as the caller may read them (batched per request): the feedback's free
   * text only for those who may read free text about the person, each such read noted.
   */
  async sessionsFor(
    caller: Caller,
    referral: ReferralParties & { id: string },
    req: object,
  ): Promise<DeliverySession[]> {
    const sessions = await requestLoader(req, 'referralSessions', (ids: readonly string[]) =>
      this.sessions(ids),
    ).load(referral.id);
    const withText = sessions.some(
      (s) => s.feedback && (s.feedback.summary || s.feedback.response || s.feedback.concerns),
    );
    if (canReadFreeText(caller, referral)) {
      if (withText) this.accessLog.note(req, caller, referral.id, ['sessionFeedback']);
      return sessions;
    }
    return sessions.map((s) =>
      s.feedback
        ? { ...s, feedback: { ...s.feedback, summary: null, response: null, concerns: null } }
        : s,
    );
  }

  async caseNotes(referralIds: readonly string[]): Promise<CaseNote[][]> {
    const rows = await this.dataSource.getRepository(CaseNoteEntity).find({
      where: { referralId: In([...referralIds]) },
      order: { at: 'ASC' },
    });
    return groupByKey(referralIds, rows, (r) => r.referralId).map((notes) => notes.map(toNote));
  }

  private async session(id: string): Promise<DeliverySession> {
    const row = await this.dataSource.getRepository(DeliverySessionEntity).findOneByOrFail({ id });
    const [sessions] = await this.sessions([row.referralId]);
    return sessions.find((s) => s.id === id)!;
  }

  /** The session and its referral, the referral row locked first (as every step does). */
  private async lockSession(
    manager: EntityManager,
    caller: Caller,
    sessionId: string,
  ): Promise<{ row: ReferralEntity; session: DeliverySessionEntity }> {
    const found = await manager.findOneBy(DeliverySessionEntity, { id: sessionId });
    if (!found) throw new NotFoundError('Session', sessionId);
    // A session outside the caller's scope is as unknown as its referral.
    const row = await this.referralScope
      .lockInScope(manager, caller, found.referralId)
      .catch((error: unknown) => {
        throw error instanceof NotFoundError ? new NotFoundError('Session', sessionId) : error;
      });
    const session = await manager.findOneOrFail(DeliverySessionEntity, {
      where: { id: sessionId },
      lock: { mode: 'pessimistic_write' },
    });
    return { row, session };
  }

  private assertNotBeforePurchase(row: ReferralEntity, startsAt: Date): void {
    if (startsAt < row.createdAt) {
      throw new BadUserInputError(
        'A session cannot start before the referral was bought',
        [{ field: 'input.startsAt', message: 'startsAt must not be before the purchase' }],
        'SESSION_BEFORE_PURCHASE',
      );
    }
  }
}
