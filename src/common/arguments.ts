/**
 * A query's arguments without those given as null: GraphQL applies an argument's default only
 * when it is left out, so `first: null` or `filter: null` would otherwise reach the service as
 * null. For reads, where null cannot mean "clear", the same as leaving it out.
 */
export function withoutNulls<T extends object>(args: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(args).filter(([, value]) => value !== null)) as {
    [K in keyof T]: Exclude<T[K], null>;
  };
}
