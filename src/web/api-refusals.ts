import type { GraphQLFormattedError } from 'graphql';
import type { FieldMessage } from './view-filters';
import { pageErrorOf } from './web-graphql';

/**
 * An API refusal a form shows on the page: BAD_USER_INPUT as each field's message (its path
 * mapped to the form's field by `fieldOf`), CONFLICT as one message on `fallbackField`. Anything
 * else (signing in again, refused, not found, a failure) becomes the page's own error.
 */
export function formErrorsOf(
  error: GraphQLFormattedError,
  fallbackField: string,
  fieldOf: (path: string) => string = (path) => path,
): FieldMessage[] {
  const code = error.extensions?.code;
  if (code === 'BAD_USER_INPUT') {
    const fieldErrors = (error.extensions?.fieldErrors ?? []) as FieldMessage[];
    return fieldErrors.length > 0
      ? fieldErrors.map((e) => ({ field: fieldOf(e.field), message: sentence(e.message) }))
      : [{ field: fallbackField, message: sentence(error.message) }];
  }
  if (code === 'CONFLICT') return [{ field: fallbackField, message: sentence(error.message) }];
  throw pageErrorOf(error);
}

/** The API's messages start with a field name in lower case; a page shows a sentence. */
function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}
