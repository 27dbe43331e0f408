/**
 * Every stable `extensions.reason` a refusal may carry, with what it means. A client branches on
 * `reason` (never on the English message); `extensions.code` stays the broad class (CONFLICT,
 * BAD_USER_INPUT...). Add a reason here, with its meaning, before throwing it, and to the list in
 * docs/errors-and-limits.md (src/common/docs.spec.ts fails while one is missing there).
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
} as const;

export type ErrorReason = keyof typeof ERROR_REASONS;
