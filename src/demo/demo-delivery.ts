/**
 * The delivery side of a demo referral, as plain data: its action plan, sessions (some moved,
 * some missed), case notes, end-of-service report and the timeline a client shows. Drawn from
 * the referral's story (days it started and ended) and its provider's hidden quality.
 */
import { DeliveryMode } from '../catalogue/catalogue.enums';
import { addDays } from '../common/calendar';
import { describeInstant } from '../delivery/delivery.service';
import {
  Attendance,
  CaseNoteSide,
  NoSessionReason,
  RescheduleRequester,
} from '../delivery/delivery.enums';
import { Achievement, halves } from '../outcomes/achievement';
import { FactorCode } from '../reference/factor-code';
import { TimelineEventType } from '../referrals/referral-codes';
import { outcomePaymentsEarned } from '../referrals/settlement';
import { ReferralStatus } from '../referrals/referral-status';
import { DemoListing } from './demo-market';
import { Random } from './random';

const MINUTE = 60_000;

export interface DemoSession {
  startsAt: Date;
  durationMinutes: number;
  deliveryMode: DeliveryMode;
  venue: string | null;
  scheduledBy: string;
  scheduledAt: Date;
  reschedules: {
    fromStartsAt: Date;
    toStartsAt: Date;
    reason: string;
    requestedBy: RescheduleRequester;
    by: string;
    at: Date;
  }[];
  feedback: {
    attended: Attendance;
    sessionHappened: boolean;
    noSessionReason: NoSessionReason | null;
    summary: string | null;
    response: string | null;
    concerns: string | null;
    notifyPurchaser: boolean;
    by: string;
    at: Date;
  } | null;
}

export interface DemoActionPlan {
  version: number;
  activities: string[];
  plannedSessions: number;
  submittedBy: string;
  submittedAt: Date;
}

export interface DemoCaseNote {
  subject: string;
  body: string;
  notifyOtherSide: boolean;
  side: CaseNoteSide;
  by: string;
  at: Date;
}

export interface DemoReport {
  rows: {
    factor: FactorCode;
    /** Index into the factor's current desired outcomes. */
    position: number;
    achievement: Achievement;
    progressComments: string | null;
  }[];
  furtherInformation: string | null;
  scoreHalves: number;
  earnedPence: number;
  submittedBy: string;
  submittedAt: Date;
}

export interface DemoTimelineEvent {
  at: Date;
  by: string;
  type: TimelineEventType;
  summary: string;
  details: Record<string, unknown>;
}

/** An instant on `day` between `from` and `to` o'clock UTC (the same day in London). */
export function atHour(day: string, r: Random, from = 8, to = 16): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) + r.int(from * 3600, to * 3600 + 3599) * 1000);
}

const ACTIVITIES: Partial<Record<FactorCode, string[]>> = {
  ACCOMMODATION: [
    'Housing options assessment with the council',
    'Help with a housing register application',
    'Viewings of private rented flats with a support worker',
    'Tenancy sustainment sessions: rent, bills and neighbours',
    'Referral to a rent deposit scheme',
  ],
  ETE: [
    'CV writing and job search',
    'Mock interviews',
    'Enrolment on a CSCS card course',
    'Help with disclosure of convictions to employers',
    'Work placement with a partner employer',
  ],
  FINANCE: [
    'Benefits check and Universal Credit claim',
    'Opening a basic bank account',
    'Debt advice appointment',
    'Weekly budgeting plan',
  ],
  DRUGS: [
    'Drug use assessment',
    'Key work sessions on triggers and cravings',
    'Harm reduction and naloxone training',
    'Link to mutual aid groups',
  ],
  ALCOHOL: [
    'Alcohol use assessment (AUDIT)',
    'Brief interventions on drinking patterns',
    'Link to community detox',
    'Relapse prevention plan',
  ],
  EMOTIONAL_WELLBEING: [
    'GP registration',
    'Referral to talking therapies',
    'Coping skills for stress and low mood',
    'Peer support group',
  ],
};
const GENERAL_ACTIVITIES = [
  'One-to-one sessions on goals and motivation',
  'Group work on problem solving',
  'Review of progress with the probation practitioner',
  'Consequential thinking exercises',
];
const SESSION_SUMMARIES = [
  'Reviewed progress on the action plan and set tasks for next week.',
  'Worked through the housing application together.',
  'Practised interview answers; good engagement.',
  'Talked through a difficult week and agreed next steps.',
  'Completed the budgeting worksheet.',
  'Group session on managing conflict.',
];
const RESPONSES = [
  'Engaged well and asked questions.',
  'Quiet at first, more open by the end.',
  'Motivated; completed the task set last week.',
  'Distracted by a family matter but stayed to the end.',
];
const CONCERNS = [
  'Mentioned rent arrears with a previous landlord.',
  'Appeared under the influence at the start of the session.',
  'Said they had been threatened by an associate.',
  'Talked about feeling hopeless; signposted to crisis support.',
];
const RESCHEDULE_REASONS: [RescheduleRequester, string][] = [
  [RescheduleRequester.PERSON_ON_PROBATION, 'Has a job interview at that time'],
  [RescheduleRequester.PERSON_ON_PROBATION, 'Hospital appointment'],
  [RescheduleRequester.PERSON_ON_PROBATION, 'Childcare fell through'],
  [RescheduleRequester.PROVIDER, 'Key worker off sick'],
  [RescheduleRequester.PROVIDER, 'Venue unavailable'],
];
const NOTES: [string, string][] = [
  ['Change of address', 'Now staying with a relative; new address passed to the probation office.'],
  ['Appointment clash', 'Probation appointment moved so that it does not clash with the sessions.'],
  ['Progress', 'Good progress this month; the person is keen to keep going.'],
  ['Licence conditions', 'Reminder of an exclusion zone near the usual venue.'],
  ['Missed contact', 'Could not reach the person by phone this week; trying again.'],
];
const PROGRESS: Record<Achievement, string[]> = {
  ACHIEVED: ['Achieved and sustained at the end of the service.', 'Done: evidence seen.'],
  PARTIALLY_ACHIEVED: ['Good progress but not finished.', 'Started; needs more time.'],
  NOT_ACHIEVED: ['Not achieved in the time available.', 'No progress despite support.'],
};

export interface DeliveryStory {
  listing: DemoListing;
  targetFactors: FactorCode[];
  supplier: string;
  purchaser: string;
  acceptedAt: Date;
  /** The day the first session is (or would be) held. */
  startDay: string;
  /** Started: the first session was attended before today. */
  started: boolean;
  /** The day it ended, if it did (sessions stop the day before). */
  endDay: string | null;
  today: string;
  /** Chance the person attends a session. */
  attendance: number;
}

/** Sessions: weekly-ish over the listing's length, the first attended (it started the referral). */
export function sessionsOf(story: DeliveryStory, r: Random): DemoSession[] {
  const { listing, supplier, acceptedAt, startDay, today } = story;
  const mode = listing.deliveryModes[0] ?? DeliveryMode.ONE_TO_ONE;
  const venue = mode === DeliveryMode.ONLINE ? null : (listing.venues[0]?.name ?? null);
  const count = Math.max(1, listing.sessionCount);
  const span = Math.max(1, listing.durationWeeks * 7);
  const stop = story.endDay ?? today;
  const sessions: DemoSession[] = [];
  for (let i = 0; i < count; i += 1) {
    // Weekday sessions unless the service runs at weekends (the first is the start day itself).
    const day = i === 0 ? startDay : weekday(addDays(startDay, Math.round((i * span) / count)));
    if (
      i > 0 &&
      sessions.length > 0 &&
      day <= sessions[sessions.length - 1].startsAt.toISOString().slice(0, 10)
    )
      continue;
    if (i > 0 && day >= stop) {
      // An ongoing referral has its next session booked.
      if (!story.endDay && story.started && day >= today) sessions.push(booked(day, false));
      break;
    }
    const past = story.started && day < today;
    sessions.push(booked(day, past, i === 0));
    if (!past) break;
  }
  return sessions;

  function weekday(day: string): string {
    if (listing.weekendSessions) return day;
    const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
    return dow === 6 ? addDays(day, 2) : dow === 0 ? addDays(day, 1) : day;
  }

  function booked(day: string, past: boolean, first = false): DemoSession {
    const startsAt = atHour(day, r, 9, 15);
    const early = new Date(startsAt.getTime() - r.int(3, 8) * 86_400_000);
    const scheduledAt =
      early > acceptedAt ? early : new Date(acceptedAt.getTime() + r.int(10, 90) * MINUTE);
    const session: DemoSession = {
      startsAt,
      durationMinutes: r.pick([45, 60, 60, 90, 120]),
      deliveryMode: mode,
      venue,
      scheduledBy: supplier,
      scheduledAt,
      reschedules: [],
      feedback: null,
    };
    const from = new Date(startsAt.getTime() - r.int(1, 2) * 86_400_000);
    const movedAt = new Date(from.getTime() - r.int(20, 30) * 3_600_000);
    if (!first && movedAt > scheduledAt && r.chance(0.12)) {
      const [requestedBy, reason] = r.pick(RESCHEDULE_REASONS);
      session.reschedules.push({
        fromStartsAt: from,
        toStartsAt: startsAt,
        reason,
        requestedBy,
        by: supplier,
        at: movedAt,
      });
    }
    if (past) session.feedback = feedbackFor(session, first);
    return session;
  }

  function feedbackFor(session: DemoSession, first: boolean): DemoSession['feedback'] {
    const at = new Date(
      session.startsAt.getTime() + (session.durationMinutes + r.int(5, 90)) * MINUTE,
    );
    const base = { by: supplier, at, notifyPurchaser: false };
    if (first || r.chance(story.attendance)) {
      const concerns = r.chance(0.05) ? r.pick(CONCERNS) : null;
      return {
        ...base,
        attended: r.chance(0.12) ? Attendance.LATE : Attendance.YES,
        sessionHappened: true,
        noSessionReason: null,
        summary: r.pick(SESSION_SUMMARIES),
        response: r.pick(RESPONSES),
        concerns,
        notifyPurchaser: concerns !== null,
      };
    }
    const roll = r.next();
    if (roll < 0.15) {
      return {
        ...base,
        attended: Attendance.YES,
        sessionHappened: false,
        noSessionReason: NoSessionReason.LOGISTICS,
        summary: 'The room was double-booked; rearranged.',
        response: null,
        concerns: null,
      };
    }
    const acceptable = roll < 0.4;
    return {
      ...base,
      attended: Attendance.NO,
      sessionHappened: false,
      noSessionReason: acceptable
        ? NoSessionReason.PERSON_ACCEPTABLE
        : NoSessionReason.PERSON_UNACCEPTABLE,
      summary: acceptable ? 'Rang in sick in the morning.' : 'Did not attend and did not call.',
      response: null,
      concerns: null,
      notifyPurchaser: !acceptable,
    };
  }
}

/** Version 1 a few days after acceptance; now and then a revised version 2. */
export function actionPlansOf(
  story: DeliveryStory,
  sessions: DemoSession[],
  r: Random,
): DemoActionPlan[] {
  const day = addDays(story.acceptedAt.toISOString().slice(0, 10), r.int(1, 4));
  if (day >= story.today) return [];
  const pool = [...story.targetFactors.flatMap((f) => ACTIVITIES[f] ?? []), ...GENERAL_ACTIVITIES];
  const planned = Math.max(1, story.listing.sessionCount);
  const first: DemoActionPlan = {
    version: 1,
    activities: r.sample(pool, Math.min(pool.length, r.int(2, 4))),
    plannedSessions: planned,
    submittedBy: story.supplier,
    submittedAt: atHour(day, r),
  };
  const plans = [first];
  const held = sessions.filter((s) => s.feedback);
  if (held.length >= 3 && r.chance(0.2)) {
    const middle = held[Math.floor(held.length / 2)].feedback!.at;
    const attended = held.filter(
      (s) => s.feedback!.sessionHappened && s.feedback!.attended !== Attendance.NO,
    ).length;
    plans.push({
      version: 2,
      activities: [...first.activities, r.pick(GENERAL_ACTIVITIES)],
      plannedSessions: Math.max(attended, planned + r.int(-1, 2), 1),
      submittedBy: story.supplier,
      submittedAt: new Date(middle.getTime() + r.int(30, 240) * MINUTE),
    });
  }
  return plans.filter((p) => p.submittedAt > story.acceptedAt);
}

/** A quarter of referrals carry a note or two from either side. */
export function caseNotesOf(story: DeliveryStory, until: Date, r: Random): DemoCaseNote[] {
  if (!r.chance(0.25)) return [];
  const notes: DemoCaseNote[] = [];
  const from = story.acceptedAt.getTime();
  const span = Math.max(until.getTime() - from, 3_600_000);
  for (let i = r.int(1, 2); i > 0; i -= 1) {
    const side = r.chance(0.5) ? CaseNoteSide.PURCHASER : CaseNoteSide.PROVIDER;
    const [subject, body] = r.pick(NOTES);
    notes.push({
      subject,
      body,
      notifyOtherSide: r.chance(0.5),
      side,
      by: side === CaseNoteSide.PURCHASER ? story.purchaser : story.supplier,
      at: new Date(from + Math.floor(r.next() * span)),
    });
  }
  return notes.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The provider's account: each desired outcome achieved as often as the provider is good. */
export function reportOf(
  outcomes: { factor: FactorCode; position: number }[],
  perOutcomePence: number,
  quality: number,
  early: boolean,
  supplier: string,
  submittedAt: Date,
  r: Random,
): DemoReport {
  const achieved = early ? quality * 0.5 : quality;
  const rows = outcomes.map((o) => {
    const roll = r.next();
    const achievement =
      roll < achieved
        ? Achievement.ACHIEVED
        : roll < achieved + 0.25
          ? Achievement.PARTIALLY_ACHIEVED
          : Achievement.NOT_ACHIEVED;
    return { ...o, achievement, progressComments: r.pick(PROGRESS[achievement]) };
  });
  return {
    rows,
    furtherInformation: r.chance(0.3) ? 'The person would benefit from further support.' : null,
    scoreHalves: rows.reduce((sum, row) => sum + halves(row.achievement), 0),
    earnedPence: outcomePaymentsEarned(
      perOutcomePence,
      rows.map((row) => row.achievement),
    ),
    submittedBy: supplier,
    submittedAt,
  };
}

const STATUS_EVENTS: Record<ReferralStatus, [TimelineEventType, string]> = {
  SUBMITTED: [TimelineEventType.REFERRAL_SENT, 'Referral sent'],
  ACCEPTED: [TimelineEventType.REFERRAL_ACCEPTED, 'Referral accepted'],
  DECLINED: [TimelineEventType.REFERRAL_DECLINED, 'Referral declined'],
  STARTED: [TimelineEventType.REFERRAL_STARTED, 'Person started'],
  COMPLETED: [TimelineEventType.REFERRAL_COMPLETED, 'Referral completed'],
  ENDED_EARLY: [TimelineEventType.REFERRAL_ENDED_EARLY, 'Referral ended early'],
  CANCELLED: [TimelineEventType.REFERRAL_WITHDRAWN, 'Referral withdrawn'],
};

/** Everything that happened, oldest first, in the words the API writes. */
export function timelineOf(referral: {
  changes: { status: ReferralStatus; at: Date; by: string; reason: string | null }[];
  withdrawalReason: string | null;
  actionPlans: DemoActionPlan[];
  sessions: DemoSession[];
  caseNotes: DemoCaseNote[];
  report: DemoReport | null;
  outcome: { recordedBy: string; recordedAt: Date; sufficient: number; judged: number } | null;
}): DemoTimelineEvent[] {
  const events: DemoTimelineEvent[] = [];
  for (const change of referral.changes) {
    const withdrawn =
      referral.withdrawalReason !== null &&
      (change.status === ReferralStatus.CANCELLED || change.status === ReferralStatus.ENDED_EARLY);
    const [type, summary] = withdrawn ? STATUS_EVENTS.CANCELLED : STATUS_EVENTS[change.status];
    events.push({
      at: change.at,
      by: change.by,
      type,
      summary: change.reason ? `${summary}: ${change.reason}` : summary,
      details: { status: change.status },
    });
  }
  for (const plan of referral.actionPlans) {
    events.push({
      at: plan.submittedAt,
      by: plan.submittedBy,
      type: TimelineEventType.ACTION_PLAN_SUBMITTED,
      summary: `Action plan version ${plan.version}: ${plan.activities.length} ${plan.activities.length === 1 ? 'activity' : 'activities'}, ${plan.plannedSessions} sessions planned`,
      details: { version: plan.version },
    });
  }
  for (const session of referral.sessions) {
    const firstStart = session.reschedules[0]?.fromStartsAt ?? session.startsAt;
    events.push({
      at: session.scheduledAt,
      by: session.scheduledBy,
      type: TimelineEventType.SESSION_SCHEDULED,
      summary: `Session scheduled for ${describeInstant(firstStart)} (${session.durationMinutes} minutes, ${session.deliveryMode.toLowerCase().replace(/_/g, ' ')})`,
      details: {},
    });
    for (const move of session.reschedules) {
      events.push({
        at: move.at,
        by: move.by,
        type: TimelineEventType.SESSION_RESCHEDULED,
        summary: `Session moved from ${describeInstant(move.fromStartsAt)} to ${describeInstant(move.toStartsAt)} at the request of ${move.requestedBy === RescheduleRequester.PROVIDER ? 'the provider' : 'the person'}: ${move.reason}`,
        details: { requestedBy: move.requestedBy },
      });
    }
    const f = session.feedback;
    if (!f) continue;
    const on = describeInstant(session.startsAt);
    const reason = f.noSessionReason?.toLowerCase().replace(/_/g, ' ');
    const details = {
      attended: f.attended,
      sessionHappened: f.sessionHappened,
      noSessionReason: f.noSessionReason,
      notifyPurchaser: f.notifyPurchaser,
    };
    events.push(
      f.sessionHappened
        ? {
            at: f.at,
            by: f.by,
            type: TimelineEventType.SESSION_ATTENDED,
            summary: `Session on ${on} attended${f.attended === Attendance.LATE ? ' (late)' : ''}`,
            details,
          }
        : {
            at: f.at,
            by: f.by,
            type:
              f.attended === Attendance.NO
                ? TimelineEventType.SESSION_MISSED
                : TimelineEventType.SESSION_NOT_HELD,
            summary: `Session on ${on} ${f.attended === Attendance.NO ? 'missed' : 'did not happen'} (${reason})`,
            details,
          },
    );
    if (f.concerns) {
      events.push({
        at: f.at,
        by: f.by,
        type: TimelineEventType.SESSION_CONCERNS_RAISED,
        summary: `Concerns raised at the session on ${on}: ${f.concerns}`,
        details,
      });
    }
  }
  for (const note of referral.caseNotes) {
    events.push({
      at: note.at,
      by: note.by,
      type: TimelineEventType.CASE_NOTE_ADDED,
      summary: `Case note from the ${note.side === CaseNoteSide.PROVIDER ? 'provider' : 'purchaser'}: ${note.subject}`,
      details: { side: note.side, notifyOtherSide: note.notifyOtherSide },
    });
  }
  const report = referral.report;
  if (report) {
    events.push({
      at: report.submittedAt,
      by: report.submittedBy,
      type: TimelineEventType.END_OF_SERVICE_REPORT_SUBMITTED,
      summary: `End-of-service report: ${report.scoreHalves / 2} of ${report.rows.length} desired outcomes achieved; outcome payments earned £${(report.earnedPence / 100).toFixed(2)}`,
      details: { achievementScore: report.scoreHalves / 2, earnedPence: report.earnedPence },
    });
  }
  const outcome = referral.outcome;
  if (outcome) {
    events.push({
      at: outcome.recordedAt,
      by: outcome.recordedBy,
      type: TimelineEventType.OUTCOME_RECORDED,
      summary: `Outcome recorded: contribution sufficient on ${outcome.sufficient} of ${outcome.judged} target factors`,
      details: {},
    });
  }
  // Stable: at the same instant, the order pushed (a session's feedback before the start it caused).
  return events
    .map((event, i) => ({ event, i }))
    .sort((a, b) => a.event.at.getTime() - b.event.at.getTime() || a.i - b.i)
    .map(({ event }) => event);
}
