import type { GraphQLFormattedError } from 'graphql';
import { FieldMessage } from '../view-filters';
import { pageErrorOf } from '../web-graphql';

/** "title must be ..." → "Title must be ...": the API's message as a sentence on the page. */
export function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/**
 * The API's refusal of a form as messages on the form's fields: BAD_USER_INPUT's field paths
 * through `fieldOf`, anything else refusing the input (CONFLICT, or BAD_USER_INPUT without
 * field paths) on `defaultField`. Signing in again, FORBIDDEN and NOT_FOUND become the sign-in
 * redirect, the 403 page and the 404 page (thrown); anything else is a failure.
 */
export function refusalMessages(
  error: GraphQLFormattedError,
  fieldOf: (path: string) => string,
  defaultField: string,
): FieldMessage[] {
  const code = error.extensions?.code;
  if (code === 'BAD_USER_INPUT') {
    const fieldErrors = (error.extensions?.fieldErrors ?? []) as FieldMessage[];
    if (fieldErrors.length > 0) {
      return fieldErrors.map((e) => ({
        field: e.field ? fieldOf(e.field) : defaultField,
        message: sentence(e.message),
      }));
    }
    return [{ field: defaultField, message: sentence(error.message) }];
  }
  if (code === 'CONFLICT') return [{ field: defaultField, message: sentence(error.message) }];
  throw pageErrorOf(error);
}
