import {
  GraphQLArgument,
  GraphQLField,
  GraphQLInputType,
  GraphQLOutputType,
  GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
} from 'graphql';

/** A root field of the schema: a query or a mutation. */
export interface Operation {
  kind: 'query' | 'mutation';
  name: string;
  field: GraphQLField<unknown, unknown>;
}

/** Every query and mutation in the schema, read from the schema itself (so new ones are included). */
export function operationsOf(schema: GraphQLSchema): Operation[] {
  const roots = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const;
  return roots.flatMap(([kind, type]) =>
    type ? Object.values(type.getFields()).map((field) => ({ kind, name: field.name, field })) : [],
  );
}

/** The operation's key in tables: `Query.name` or `Mutation.name`. */
export function operationKey(operation: Operation): string {
  return `${operation.kind === 'query' ? 'Query' : 'Mutation'}.${operation.name}`;
}

export const DUMMY_UUID = '00000000-0000-4000-8000-000000000000';

const SCALARS: Record<string, unknown> = {
  ID: DUMMY_UUID,
  String: 'x',
  Int: 1,
  Float: 1,
  Boolean: false,
  Date: '2026-01-01',
  DateTime: '2026-01-01T00:00:00Z',
  SafeInt: 1,
  JSONObject: {},
};

/**
 * The smallest value of the right shape: required input fields only, one element per list, the
 * first enum value, `overrides` by argument or field name (e.g. a real division code).
 */
export function minimalValue(
  type: GraphQLInputType,
  name: string,
  overrides: Record<string, unknown> = {},
): unknown {
  if (name in overrides) return overrides[name];
  if (isNonNullType(type)) return minimalValue(type.ofType, name, overrides);
  if (isListType(type)) return [minimalValue(type.ofType, name, overrides)];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type) && field.defaultValue === undefined) {
        value[field.name] = minimalValue(field.type, field.name, overrides);
      }
    }
    return value;
  }
  if (type.name in SCALARS) return SCALARS[type.name];
  throw new Error(`No minimal value for scalar ${type.name}: add it to SCALARS`);
}

/** The arguments an operation must be given (required ones without a default), minimally. */
export function requiredArgs(
  args: readonly GraphQLArgument[],
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const arg of args) {
    if (isNonNullType(arg.type) && arg.defaultValue === undefined) {
      values[arg.name] = minimalValue(arg.type, arg.name, overrides);
    }
  }
  return values;
}

/** `{ __typename }` for an object result, nothing for a scalar or enum. */
export function minimalSelection(type: GraphQLOutputType): string {
  return isLeafType(getNamedType(type)) ? '' : '{ __typename }';
}

/**
 * A document calling one operation with the given arguments as variables (so any JSON value can
 * be sent, typed by the schema's own argument types).
 */
export function documentFor(operation: Operation, variables: Record<string, unknown>): string {
  const args = operation.field.args.filter((arg) => arg.name in variables);
  const declarations = args.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(', ');
  const passed = args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  return (
    `${operation.kind}${declarations ? ` (${declarations})` : ''} ` +
    `{ ${operation.name}${passed ? `(${passed})` : ''} ${minimalSelection(operation.field.type)} }`
  );
}
