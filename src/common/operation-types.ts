import { GraphQLError, OperationTypeNode, ValidationRule } from 'graphql';

/**
 * Refuses, at validation (so BAD_USER_INPUT), an operation whose type the schema does not have:
 * this API has no subscriptions, and graphql-js only finds out while executing, as an
 * unexpected error. (graphql-js 17 has this rule as KnownOperationTypesRule.)
 */
export const KnownOperationTypes: ValidationRule = (context) => ({
  OperationDefinition(node) {
    const schema = context.getSchema();
    const root =
      node.operation === OperationTypeNode.QUERY
        ? schema.getQueryType()
        : node.operation === OperationTypeNode.MUTATION
          ? schema.getMutationType()
          : schema.getSubscriptionType();
    if (!root) {
      context.reportError(
        new GraphQLError(`This API has no ${node.operation} operations.`, { nodes: node }),
      );
    }
  },
});
