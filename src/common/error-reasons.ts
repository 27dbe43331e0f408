/**
 * Every stable `extensions.reason` a refusal may carry, with what it means. A client branches on
 * `reason` (never on the English message); `extensions.code` stays the broad class (CONFLICT,
 * BAD_USER_INPUT...). Add a reason here, with its meaning, before throwing it; docs/errors.md
 * lists them (a unit test keeps it in step with this table).
 */
export const ERROR_REASONS = {
  NO_PLACES_LEFT: 'Every place on the listing is taken.',
  BUDGET_EXCEEDED: "The division's budget for the financial year cannot cover the purchase.",
  LISTING_NOT_PUBLISHED: 'The listing is not on sale (draft, suspended or withdrawn).',
  SAFEGUARDING_DECLARATION_EXPIRED:
    "The organisation's safeguarding declaration has expired: renew it first.",
  ALREADY_RECORDED: 'The thing being recorded is recorded already (once only).',
  NOT_FOUND: 'Nothing with this id exists, or the caller may not see it.',
  FORM_EXPIRED: 'A web form came back without its session token: reload the page and try again.',
  DUPLICATE: 'Another record already has this unique value (a name, a number, a key).',
  TRY_AGAIN:
    'Concurrent changes to the same records kept aborting this one (deadlock or serialisation failure, retried): nothing was changed; send it again.',
  WEBHOOK_ADDRESS_NOT_ALLOWED:
    "The webhook URL's host is, or resolves to, an internal address (loopback, private, link-local...): receivers must be public.",
  WEBHOOK_HOST_NOT_RESOLVED:
    "The webhook URL's host name could not be looked up (no such name, or no answer in time).",
  INVALID_INPUT:
    "The input fails its fields' own checks (format, range, required together): `fieldErrors` name each field.",
  NOT_SIGNED_IN: 'No bearer token was sent: sign in first.',
  INVALID_TOKEN:
    'The bearer token is not accepted (bad signature, expired, wrong issuer or audience, malformed claims).',
  ROLE_NOT_ALLOWED: "None of the caller's roles may do this.",
  REFERRAL_STILL_OPEN:
    'A referral of the person is still open (submitted, accepted, started, or its end-of-service report due): a lawful erasure waits until it is closed.',
  OUT_OF_SCOPE:
    "The record belongs to another organisation or division than the caller's, or the step is the other party's.",
  TOKEN_HAS_NO_DIVISION: "The caller's token names no division, and this needs one (buying).",
  TOKEN_HAS_NO_ORGANISATION: "The caller's token names no organisation, and this needs one.",
  INVALID_TRANSITION:
    'The record is not in a status this step can be taken from (the message names the current status).',
  IDEMPOTENCY_KEY_REUSED: 'The idempotency key was already used for a different request.',
  NO_PRICE_IN_FORCE: 'The listing has no price in force today.',
  DOES_NOT_FIT_LISTING:
    'The person or the purpose does not fit the listing (eligibility, target factors, desired outcomes, area): `fieldErrors` list each.',
  BUDGET_BELOW_USED: 'A budget cannot be set below what is already committed or spent.',
  END_OF_SERVICE_REPORT_DUE:
    'The end-of-service report must be submitted before the referral is completed or ended early.',
  NO_REPORT_DUE: 'No end-of-service report is owed on this referral.',
  REFERRAL_NOT_FINISHED: 'The referral must be COMPLETED or ENDED_EARLY first.',
  NOT_RECORDED_YET: 'There is nothing recorded yet to amend: record it first.',
  AMEND_WINDOW_CLOSED: 'The time allowed for amending has passed.',
  PLAN_BELOW_DELIVERED: 'An action plan cannot plan fewer sessions than were already delivered.',
  SESSION_ALREADY_HELD: 'The session has its feedback recorded: it can no longer move.',
  SESSION_NOT_STARTED: 'The session has not started yet: record its feedback afterwards.',
  SESSION_BEFORE_PURCHASE: 'A session cannot start before the referral was bought.',
  LISTING_WITHDRAWN: 'A WITHDRAWN listing cannot be changed.',
  LISTING_INCOMPLETE:
    'The listing lacks something it needs to be published (a price, a venue...): `fieldErrors` list each.',
  RATIONALE_REQUIRED:
    'A listing on a CRC’s rate card needs its rationale (the need evidence and stakeholder feedback behind it) to be published: `fieldErrors` name the field.',
  ALREADY_A_MEMBER: 'The person already acts for an organisation.',
  OPEN_APPLICATION_EXISTS: 'The person already has an open application: amend that one.',
  CONCURRENT_CHANGE: 'Someone made the same change at the same moment: reload and try again.',
  WEBHOOK_LIMIT_REACHED: 'The organisation or division has as many active webhooks as allowed.',
  GEOCODER_UNAVAILABLE: 'The postcode lookup service did not answer: try again shortly.',
  RATE_LIMITED: 'Too many requests from this caller in the window: wait (Retry-After) and retry.',
  DATABASE_UNAVAILABLE: 'The database is unavailable for a moment: try again shortly.',
  REPORT_TIMED_OUT:
    'The report ran past its time limit (REPORT_STATEMENT_TIMEOUT_MS) and was stopped: narrow it (a division, an area, a shorter period) or try again later. Purchases are not affected.',
  REPORTS_BUSY:
    'Reports take turns (REPORTS_MAX_CONCURRENT running at once; one every REPORT_YIELD_MS while the instance is busy) and this one could not have a turn in time: try again shortly.',
  UNITS_OUT_OF_RANGE:
    "More units than the listing's price allows: 1 for a price per referral; within the listing's sessions or duration for a price per session, hour or day.",
  PRICE_VERSION_IN_FORCE:
    'The price version in force (or one already bought at) is history: a new price starts tomorrow at the earliest.',
  PRICE_IN_THE_PAST:
    'A price cannot start before today: past prices are what buyers saw and stay as they were.',
  PRICE_VERSION_PLANNED:
    'A later price version is already planned: correct it (same effectiveFrom) or start after it.',
  SUBCONTRACT_ENDED:
    'The listing is delivered under a subcontract that has ended (the message names it): it cannot be bought; live referrals carry on.',
  SUBCONTRACT_NOT_STARTED:
    'The listing is delivered under a subcontract that has not started yet (the message names it): it cannot be bought until it does.',
  NOT_A_PROVIDER:
    'The organisation is a co-funder (a Police and Crime Commissioner, local authority or health body): it provides no interventions.',
  NOT_A_CO_FUNDER:
    'A funding pot can only be funded by an organisation of kind PCC, LOCAL_AUTHORITY or HEALTH.',
  CO_FUNDER_SCOPE:
    "A co-funder's commissioner (a COMMISSIONER token carrying an organisationId) sees only its own funding pots: their spend and outcomes.",
  POT_BELOW_USED:
    'A funding pot cannot be reduced below what is already committed or spent from it.',
} as const;

export type ErrorReason = keyof typeof ERROR_REASONS;
