import { registerDescribedEnum } from '../common/graphql-enums';

/**
 * Everything that happens in the marketplace that a provider or a buying division may want to
 * hear about. To add one: a value here, its description below, and one `enqueue` call in the
 * transaction that makes it happen.
 */
export enum DomainEventType {
  REFERRAL_SENT = 'REFERRAL_SENT',
  REFERRAL_ACCEPTED = 'REFERRAL_ACCEPTED',
  REFERRAL_DECLINED = 'REFERRAL_DECLINED',
  REFERRAL_STARTED = 'REFERRAL_STARTED',
  REFERRAL_COMPLETED = 'REFERRAL_COMPLETED',
  REFERRAL_ENDED_EARLY = 'REFERRAL_ENDED_EARLY',
  REFERRAL_WITHDRAWN = 'REFERRAL_WITHDRAWN',
  SESSION_MISSED = 'SESSION_MISSED',
  SESSION_FEEDBACK_CONCERNS = 'SESSION_FEEDBACK_CONCERNS',
  ACTION_PLAN_SUBMITTED = 'ACTION_PLAN_SUBMITTED',
  END_OF_SERVICE_REPORT_SUBMITTED = 'END_OF_SERVICE_REPORT_SUBMITTED',
  OUTCOME_RECORDED = 'OUTCOME_RECORDED',
  FRAMEWORK_APPLICATION_SUBMITTED = 'FRAMEWORK_APPLICATION_SUBMITTED',
  FRAMEWORK_APPLICATION_RESUBMITTED = 'FRAMEWORK_APPLICATION_RESUBMITTED',
  FRAMEWORK_APPLICATION_CHANGES_REQUESTED = 'FRAMEWORK_APPLICATION_CHANGES_REQUESTED',
  FRAMEWORK_APPLICATION_APPROVED = 'FRAMEWORK_APPLICATION_APPROVED',
  FRAMEWORK_APPLICATION_REJECTED = 'FRAMEWORK_APPLICATION_REJECTED',
  DECLARATION_RENEWED = 'DECLARATION_RENEWED',
  DECLARATION_EXPIRING = 'DECLARATION_EXPIRING',
  END_OF_SERVICE_REPORT_OVERDUE = 'END_OF_SERVICE_REPORT_OVERDUE',
  STALE_LISTINGS_DIGEST = 'STALE_LISTINGS_DIGEST',
}

export const ALL_DOMAIN_EVENT_TYPES = Object.values(DomainEventType);

registerDescribedEnum(
  DomainEventType,
  'DomainEventType',
  'Something that happened to a referral, sent to the webhooks of the provider and of the buying division.',
  {
    REFERRAL_SENT: 'A purchaser bought a place: a new SUBMITTED referral.',
    REFERRAL_ACCEPTED: 'The provider accepted the referral.',
    REFERRAL_DECLINED: 'The provider declined the referral; its place and budget went back.',
    REFERRAL_STARTED: 'The person started the intervention.',
    REFERRAL_COMPLETED: 'The provider completed the referral.',
    REFERRAL_ENDED_EARLY: 'The provider ended the referral before completion.',
    REFERRAL_WITHDRAWN: 'The buying division withdrew (cancelled) the referral.',
    SESSION_MISSED: 'The person missed a session.',
    SESSION_FEEDBACK_CONCERNS: 'Feedback on a session raised concerns.',
    ACTION_PLAN_SUBMITTED: 'The provider submitted an action plan for approval.',
    END_OF_SERVICE_REPORT_SUBMITTED: 'The provider submitted the end-of-service report.',
    OUTCOME_RECORDED: "The buying division recorded the referral's outcome (the three judgements).",
    FRAMEWORK_APPLICATION_SUBMITTED:
      'Someone applied to join the framework (not about a referral: referralId is null).',
    FRAMEWORK_APPLICATION_RESUBMITTED: 'An applicant resubmitted an amended application.',
    FRAMEWORK_APPLICATION_CHANGES_REQUESTED: 'A commissioner asked an applicant for changes.',
    FRAMEWORK_APPLICATION_APPROVED:
      'An application was approved: organisationId is the new organisation, whose webhooks hear its later events.',
    FRAMEWORK_APPLICATION_REJECTED: 'An application was rejected.',
    DECLARATION_RENEWED: 'An organisation renewed a compliance declaration (e.g. safeguarding).',
    DECLARATION_EXPIRING:
      "One of the organisation's declarations expires soon (raised once per declaration and expiry date, by a scheduled job).",
    END_OF_SERVICE_REPORT_OVERDUE:
      'An end-of-service report the provider owes is overdue (raised once per referral, by a scheduled job).',
    STALE_LISTINGS_DIGEST:
      'The weekly count of listings not confirmed for a while, for commissioners (no organisation or division: no webhook hears it).',
  },
);

/** Small, non-personal facts carried with an event: the CRN at most, never case details. */
export type EventPayload = { crn?: string } & Record<string, string | number | boolean | null>;

/** One event, as a module hands it to {@link OutboxService.enqueue} inside its transaction. */
export interface DomainEvent {
  type: DomainEventType;
  /** The referral it is about (null for events about something else). */
  referralId: string | null;
  /** The provider organisation: its webhooks receive the event. */
  organisationId: string | null;
  /** The buying (or commissioning) division: its webhooks receive the event. */
  divisionCode: string | null;
  /**
   * Events with the same key reach each webhook in the order they were written. Defaults to
   * the referral; give e.g. `application:<id>` for events that are not about a referral.
   */
  orderingKey?: string;
  /** When it happened; defaults to the clock's now. */
  occurredAt?: Date;
  payload?: EventPayload;
}

/** The referral statuses a status change announces, and the event each one is. */
const STATUS_EVENTS: Record<string, DomainEventType> = {
  SUBMITTED: DomainEventType.REFERRAL_SENT,
  ACCEPTED: DomainEventType.REFERRAL_ACCEPTED,
  DECLINED: DomainEventType.REFERRAL_DECLINED,
  STARTED: DomainEventType.REFERRAL_STARTED,
  COMPLETED: DomainEventType.REFERRAL_COMPLETED,
  ENDED_EARLY: DomainEventType.REFERRAL_ENDED_EARLY,
  CANCELLED: DomainEventType.REFERRAL_WITHDRAWN,
};

/** The event announcing that a referral reached `status`, if that status is announced. */
export function referralStatusEvent(status: string): DomainEventType | undefined {
  return STATUS_EVENTS[status];
}

/** The fields of a referral an event needs. */
export interface ReferralRef {
  id: string;
  providerId: string;
  divisionCode: string;
  crn: string;
}

/** An event about a referral, addressed to its provider and its buying division. */
export function referralEvent(
  type: DomainEventType,
  referral: ReferralRef,
  occurredAt?: Date,
  facts: Omit<EventPayload, 'crn'> = {},
): DomainEvent {
  return {
    type,
    referralId: referral.id,
    organisationId: referral.providerId,
    divisionCode: referral.divisionCode,
    occurredAt,
    payload: { crn: referral.crn, ...facts },
  };
}
