import { GraphQLScalarType } from 'graphql';
import { GraphQLDateTime, GraphQLLocalDate, GraphQLSafeInt } from 'graphql-scalars';

/**
 * A day in the Europe/London calendar, 'YYYY-MM-DD', kept as that string end to end (never
 * turned into a midnight instant, which would shift days across time zones).
 */
export const DateScalar = new GraphQLScalarType({
  ...GraphQLLocalDate.toConfig(),
  name: 'Date',
  description: "A calendar day, 'YYYY-MM-DD' (Europe/London), e.g. 2026-04-01.",
});

/**
 * Money and totals that can pass 2^31 (£21.47m in pence) use SafeInt: a JSON number exact to
 * 2^53. Instants are `DateTime` (UTC, ISO 8601).
 */
export { GraphQLDateTime as DateTimeScalar, GraphQLSafeInt as SafeInt };
