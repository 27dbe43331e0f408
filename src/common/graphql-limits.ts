import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, ValidationContext, ValidationRule } from 'graphql';
import { GraphqlLimits } from '../config/app-config';

/**
 * GraphQL Armor's rules throw their error out of graphql-js's `validate` (which Apollo would
 * answer as an internal error); reported instead, it is an ordinary validation error, which the
 * formatter turns into BAD_USER_INPUT. Armor prefixes "Syntax Error: ", which it is not.
 */
const reportInstead = {
  propagateOnRejection: false,
  onReject: [
    (context: ValidationContext | null, error: GraphQLError) =>
      context?.reportError(
        new GraphQLError(`${error.message.replace(/^Syntax Error: /, '')} Ask for less at once.`),
      ),
  ],
};

/**
 * Depth, aliases and estimated cost of an operation, checked before it runs. The cost model is
 * Armor's: objects cost 2, scalars 1, each level 1.5 times deeper, a literal `first: n` or
 * `last: n` multiplies its selection by n (each is also capped by its argument's validation).
 * Tokens are limited while parsing (`parseOptions.maxTokens`).
 */
export function queryLimitRules(limits: GraphqlLimits): ValidationRule[] {
  return [
    maxDepthRule({ n: limits.maxDepth, ...reportInstead }),
    maxAliasesRule({ n: limits.maxAliases, ...reportInstead }),
    costLimitRule({ maxCost: limits.maxCost, ...reportInstead }),
  ] as ValidationRule[];
}
