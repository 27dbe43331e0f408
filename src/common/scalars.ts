import { GraphQLDate, GraphQLDateTime, GraphQLSafeInt } from 'graphql-scalars';

/**
 * Money and totals that can pass 2^31 (£21.47m in pence) use SafeInt: a JSON number exact to
 * 2^53. Days are `Date` ('YYYY-MM-DD', Europe/London calendar); instants are `DateTime` (UTC).
 */
export { GraphQLDate as DateScalar, GraphQLDateTime as DateTimeScalar, GraphQLSafeInt as SafeInt };
