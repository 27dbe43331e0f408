import type { GraphQLFormattedError } from 'graphql';
import { FieldMessage } from '../view-filters';

/** The API's refusals (by reason) in words a practitioner reads at a glance. */
const REFUSAL_WORDS: Record<string, string> = {
  NO_PLACES_LEFT: 'There are no places left on this service.',
  BUDGET_EXCEEDED: 'Your division’s budget for this financial year cannot cover this place.',
  LISTING_NOT_PUBLISHED: 'This service is not taking referrals just now (it is not published).',
  NO_PRICE_IN_FORCE: 'This service has no price in force today, so it cannot be bought.',
  IDEMPOTENCY_KEY_REUSED:
    'This form was already used to buy a place with other answers. Start again from the listing.',
  INVALID_TRANSITION: 'The referral is not at a stage where this can be done.',
  AMEND_WINDOW_CLOSED: 'The time allowed for amending the outcome has passed.',
  ALREADY_RECORDED: 'The outcome is recorded already: amend it instead.',
  REFERRAL_NOT_FINISHED: 'The outcome can be recorded once the referral has finished.',
  NOT_RECORDED_YET: 'There is no outcome to amend yet: record it first.',
  OUT_OF_SCOPE: 'This is not yours to change.',
};

/** A refusal (CONFLICT and the like) in plain words, the API's message kept when no words fit. */
export function refusalInWords(error: GraphQLFormattedError): string {
  const reason = error.extensions?.reason;
  return (typeof reason === 'string' && REFUSAL_WORDS[reason]) || error.message;
}

/** Names of the person's details as a referrer reads them. */
const PERSON_FIELDS: Record<string, string> = {
  sex: 'Sex',
  age: 'Age',
  riskLevel: 'Risk of serious harm',
  supervisionType: 'Supervision',
};

/** Enum values in a sentence as words: "admits FEMALE only" → "admits female only". */
function enumsInWords(text: string): string {
  return text.replace(/\b[A-Z][A-Z_]+\b/g, (value) => value.toLowerCase().replace(/_/g, ' '));
}

/**
 * An eligibility failure on a person's detail ("age: admits 18 and over") as a sentence ("Age: not
 * eligible, this service admits 18 and over"); other messages as they are.
 */
export function fieldMessageInWords(error: FieldMessage): FieldMessage {
  const prefix = `${error.field}: `;
  if (error.field in PERSON_FIELDS && error.message.startsWith(prefix)) {
    return {
      field: error.field,
      message: `${PERSON_FIELDS[error.field]}: not eligible, this service ${enumsInWords(error.message.slice(prefix.length))}`,
    };
  }
  return error;
}

/** The field errors a BAD_USER_INPUT refusal carries. */
export function fieldErrorsOf(error: GraphQLFormattedError): FieldMessage[] {
  const fieldErrors = error.extensions?.fieldErrors;
  return Array.isArray(fieldErrors) ? (fieldErrors as FieldMessage[]) : [];
}
