import { registerDescribedEnum } from '../common/graphql-enums';
import { DECLINE_REASON_TEXT, DeclineReason } from '../referrals/referral-codes';
import { DomainEventType } from './domain-event';

/**
 * Every email the service sends. Each is derived from one outbox event (see {@link EMAILS}): to
 * add one, a value here, its entry in EMAILS, its Notify template id in NOTIFY_TEMPLATE_IDS and
 * a line in docs/emails.md.
 */
export enum EmailKind {
  REFERRAL_RECEIVED = 'REFERRAL_RECEIVED',
  REFERRAL_WITHDRAWN = 'REFERRAL_WITHDRAWN',
  OUTCOME_RECORDED = 'OUTCOME_RECORDED',
  DECLARATION_EXPIRING = 'DECLARATION_EXPIRING',
  APPLICATION_DECIDED = 'APPLICATION_DECIDED',
  REFERRAL_ACCEPTED = 'REFERRAL_ACCEPTED',
  REFERRAL_DECLINED = 'REFERRAL_DECLINED',
  FIRST_SESSION_ATTENDED = 'FIRST_SESSION_ATTENDED',
  SESSION_MISSED = 'SESSION_MISSED',
  SESSION_CONCERNS = 'SESSION_CONCERNS',
  ACTION_PLAN_SUBMITTED = 'ACTION_PLAN_SUBMITTED',
  END_OF_SERVICE_REPORT_SUBMITTED = 'END_OF_SERVICE_REPORT_SUBMITTED',
  REPORT_OVERDUE = 'REPORT_OVERDUE',
  APPLICATION_RECEIVED = 'APPLICATION_RECEIVED',
  STALE_LISTINGS_DIGEST = 'STALE_LISTINGS_DIGEST',
}

export const ALL_EMAIL_KINDS = Object.values(EmailKind);

/**
 * Who an email goes to:
 * - SUPPLIERS: the provider organisation's address, and each of its suppliers the service knows
 *   an address for;
 * - PRACTITIONER: the purchaser who bought the referral;
 * - COMMISSIONERS: every commissioner the service knows an address for;
 * - APPLICANT: the contact address on a framework application, and the applicant.
 */
export type EmailAudience = 'SUPPLIERS' | 'PRACTITIONER' | 'COMMISSIONERS' | 'APPLICANT';

export interface EmailDefinition {
  audience: EmailAudience;
  /** The outbox events it is derived from. */
  events: DomainEventType[];
  /** Optional emails may be turned off by each person; the ones asking someone to act may not. */
  optional: boolean;
  description: string;
  /** The page it links to, under PUBLIC_URL (`:referral`, `:application` replaced). */
  link: string;
}

export const EMAILS: Record<EmailKind, EmailDefinition> = {
  REFERRAL_RECEIVED: {
    audience: 'SUPPLIERS',
    events: [DomainEventType.REFERRAL_SENT],
    optional: false,
    description: 'A new referral to accept or decline.',
    link: '/incoming-referrals/:referral',
  },
  REFERRAL_WITHDRAWN: {
    audience: 'SUPPLIERS',
    events: [DomainEventType.REFERRAL_WITHDRAWN],
    optional: false,
    description: 'The buying division withdrew a referral: stop work on it.',
    link: '/incoming-referrals/:referral',
  },
  OUTCOME_RECORDED: {
    audience: 'SUPPLIERS',
    events: [DomainEventType.OUTCOME_RECORDED],
    optional: true,
    description: "The buying division recorded a referral's outcome.",
    link: '/incoming-referrals/:referral',
  },
  DECLARATION_EXPIRING: {
    audience: 'SUPPLIERS',
    events: [DomainEventType.DECLARATION_EXPIRING],
    optional: false,
    description: 'One of the organisation’s declarations expires soon: renew it.',
    link: '/organisation/declarations',
  },
  APPLICATION_DECIDED: {
    audience: 'APPLICANT',
    events: [
      DomainEventType.FRAMEWORK_APPLICATION_APPROVED,
      DomainEventType.FRAMEWORK_APPLICATION_REJECTED,
      DomainEventType.FRAMEWORK_APPLICATION_CHANGES_REQUESTED,
    ],
    optional: false,
    description: 'A commissioner decided a framework application (approved, rejected, changes).',
    link: '/join/applications/:application',
  },
  REFERRAL_ACCEPTED: {
    audience: 'PRACTITIONER',
    events: [DomainEventType.REFERRAL_ACCEPTED],
    optional: true,
    description: 'The provider accepted a referral you bought.',
    link: '/referrals/:referral',
  },
  REFERRAL_DECLINED: {
    audience: 'PRACTITIONER',
    events: [DomainEventType.REFERRAL_DECLINED],
    optional: false,
    description: 'The provider declined a referral you bought (with its coded reason).',
    link: '/referrals/:referral',
  },
  FIRST_SESSION_ATTENDED: {
    audience: 'PRACTITIONER',
    events: [DomainEventType.REFERRAL_STARTED],
    optional: true,
    description: 'The person attended their first session: the intervention started.',
    link: '/referrals/:referral',
  },
  SESSION_MISSED: {
    audience: 'PRACTITIONER',
    events: [DomainEventType.SESSION_MISSED],
    optional: false,
    description: 'The person missed a session.',
    link: '/referrals/:referral',
  },
  SESSION_CONCERNS: {
    audience: 'PRACTITIONER',
    events: [DomainEventType.SESSION_FEEDBACK_CONCERNS],
    optional: false,
    description: 'Feedback on a session raised concerns.',
    link: '/referrals/:referral',
  },
  ACTION_PLAN_SUBMITTED: {
    audience: 'PRACTITIONER',
    events: [DomainEventType.ACTION_PLAN_SUBMITTED],
    optional: false,
    description: 'The provider submitted an action plan.',
    link: '/referrals/:referral',
  },
  END_OF_SERVICE_REPORT_SUBMITTED: {
    audience: 'PRACTITIONER',
    events: [DomainEventType.END_OF_SERVICE_REPORT_SUBMITTED],
    optional: false,
    description: 'The provider submitted the end-of-service report: record the outcome.',
    link: '/referrals/:referral',
  },
  REPORT_OVERDUE: {
    audience: 'PRACTITIONER',
    events: [DomainEventType.END_OF_SERVICE_REPORT_OVERDUE],
    optional: true,
    description: 'The end-of-service report the provider owes on your referral is overdue.',
    link: '/referrals/:referral',
  },
  APPLICATION_RECEIVED: {
    audience: 'COMMISSIONERS',
    events: [DomainEventType.FRAMEWORK_APPLICATION_SUBMITTED],
    optional: false,
    description: 'A new application to join the framework, to decide.',
    link: '/applications/:application',
  },
  STALE_LISTINGS_DIGEST: {
    audience: 'COMMISSIONERS',
    events: [DomainEventType.STALE_LISTINGS_DIGEST],
    optional: true,
    description: 'Weekly: how many listings have not been confirmed for a while.',
    link: '/commissioning/upkeep',
  },
};

registerDescribedEnum(
  EmailKind,
  'EmailKind',
  'An email the service sends (see docs/emails.md).',
  Object.fromEntries(
    ALL_EMAIL_KINDS.map((kind) => [
      kind,
      `${EMAILS[kind].description} To ${EMAILS[kind].audience.toLowerCase()}; ${
        EMAILS[kind].optional ? 'optional' : 'always sent'
      }.`,
    ]),
  ) as Record<EmailKind, string>,
);

/** The emails one outbox event gives rise to. */
export function emailKindsFor(eventType: string): EmailKind[] {
  return ALL_EMAIL_KINDS.filter((kind) => (EMAILS[kind].events as string[]).includes(eventType));
}

/** The facts of an event an email may show: ids and codes, never personal data beyond the CRN. */
export interface EmailEventFacts {
  type: string;
  referralId: string | null;
  payload: Record<string, unknown>;
}

const DECISIONS: Record<string, string> = {
  FRAMEWORK_APPLICATION_APPROVED: 'approved',
  FRAMEWORK_APPLICATION_REJECTED: 'rejected',
  FRAMEWORK_APPLICATION_CHANGES_REQUESTED: 'returned with changes requested',
};

/**
 * The Notify personalisation of an email: strings only (Notify's templates take strings), the
 * CRN when it is about a referral, a link to the page, and the coded facts its template names.
 * Never a name, a case note, a risk detail or anyone's free text: a decline gives its reason's
 * standard wording, not the provider's comments.
 */
export function emailPersonalisation(
  kind: EmailKind,
  event: EmailEventFacts,
  publicUrl: string,
): Record<string, string> {
  const text = (key: string) => {
    const value = event.payload[key];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  };
  const link =
    publicUrl +
    EMAILS[kind].link
      .replace(':referral', event.referralId ?? '')
      .replace(':application', text('applicationId'));
  const fields: Record<string, string> = { link };
  if (event.referralId) fields.crn = text('crn');
  switch (kind) {
    case EmailKind.REFERRAL_DECLINED:
      fields.declineReason =
        DECLINE_REASON_TEXT[text('declineReason') as DeclineReason] ?? 'Not given';
      break;
    case EmailKind.APPLICATION_DECIDED:
      fields.decision = DECISIONS[event.type] ?? 'decided';
      break;
    case EmailKind.DECLARATION_EXPIRING:
      fields.declarationKind = text('declarationKind').toLowerCase().replace(/_/g, ' ');
      fields.expiresOn = text('expiresOn');
      break;
    case EmailKind.STALE_LISTINGS_DIGEST:
      fields.staleListings = text('staleListings');
      fields.week = text('week');
      break;
    default:
      break;
  }
  return fields;
}
