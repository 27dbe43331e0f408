import { GraphQLError, GraphQLScalarType, ValueNode } from 'graphql';
import { GraphQLDateTime, GraphQLLocalDate, GraphQLSafeInt } from 'graphql-scalars';

/**
 * A day in the Europe/London calendar, 'YYYY-MM-DD', kept as that string end to end (never
 * turned into a midnight instant, which would shift days across time zones).
 */
const localDate = GraphQLLocalDate.toConfig();

/** PostgreSQL has no year 0000 (1 BC is 0001 BC): refused here rather than by the database. */
function notYearZero(day: unknown): unknown {
  if (typeof day === 'string' && day.startsWith('0000')) {
    throw new GraphQLError(`Value is not a valid Date: ${day} (there is no year 0000)`);
  }
  return day;
}

export const DateScalar = new GraphQLScalarType({
  ...localDate,
  parseValue: (value: unknown) => notYearZero(localDate.parseValue(value)),
  parseLiteral: (ast: ValueNode, variables?: Record<string, unknown> | null) =>
    notYearZero(localDate.parseLiteral(ast, variables)),
  name: 'Date',
  description: "A calendar day, 'YYYY-MM-DD' (Europe/London), e.g. 2026-04-01.",
});

/**
 * Money and totals that can pass 2^31 (£21.47m in pence) use SafeInt: a JSON number exact to
 * 2^53. Instants are `DateTime` (UTC, ISO 8601).
 */
export { GraphQLDateTime as DateTimeScalar, GraphQLSafeInt as SafeInt };
