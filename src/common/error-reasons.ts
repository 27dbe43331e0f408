/**
 * Every stable `extensions.reason` a refusal may carry, with what it means. A client branches on
 * `reason` (never on the English message); `extensions.code` stays the broad class (CONFLICT,
 * BAD_USER_INPUT...). Add a reason here, with its meaning, before throwing it; the README's
 * list of reasons is written from this table.
 */
export const ERROR_REASONS = {
  NO_PLACES_LEFT: 'Every place on the listing is taken.',
  BUDGET_EXCEEDED: "The division's budget for the financial year cannot cover the purchase.",
  LISTING_NOT_PUBLISHED: 'The listing is not on sale (draft, suspended or withdrawn).',
  SAFEGUARDING_DECLARATION_EXPIRED:
    "The organisation's safeguarding declaration has expired: renew it first.",
  ALREADY_RECORDED: 'The thing being recorded is recorded already (once only).',
  NOT_FOUND: 'Nothing with this id exists, or the caller may not see it.',
  DUPLICATE: 'Another record already has this unique value (a name, a number, a key).',
  UNITS_OUT_OF_RANGE:
    "More units than the listing's price allows: 1 for a price per referral; within the listing's sessions or duration for a price per session, hour or day.",
  PRICE_VERSION_IN_FORCE:
    'The price version in force (or one already bought at) is history: a new price starts tomorrow at the earliest.',
  PRICE_IN_THE_PAST:
    'A price cannot start before today: past prices are what buyers saw and stay as they were.',
  PRICE_VERSION_PLANNED:
    'A later price version is already planned: correct it (same effectiveFrom) or start after it.',
} as const;

export type ErrorReason = keyof typeof ERROR_REASONS;
