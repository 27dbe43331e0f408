import { SQL_STATEMENTS_HEADER } from '../../src/database/sql-statement-counter';
import { GraphQLError, TestApp } from './test-app';

/**
 * POSTs a GraphQL operation and returns its body with the number of SQL statements that request
 * itself ran, from the response header the app writes when it runs with SQL_STATEMENT_COUNT on
 * (`startApp({ SQL_STATEMENT_COUNT: 'true' })`). Counted per request, not per process: statements
 * of other requests or of background work (the webhook dispatcher's poll) are not in it.
 */
export async function gqlWithStatementCount<T>(
  t: TestApp,
  query: string,
  { variables, token }: { variables?: Record<string, unknown>; token?: string } = {},
): Promise<{ data?: T | null; errors?: GraphQLError[]; statements: number }> {
  const response = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const header = response.headers.get(SQL_STATEMENTS_HEADER);
  if (header === null) {
    throw new Error(`No ${SQL_STATEMENTS_HEADER} header: start the app with SQL_STATEMENT_COUNT`);
  }
  const body = (await response.json()) as { data?: T | null; errors?: GraphQLError[] };
  return { ...body, statements: Number(header) };
}
