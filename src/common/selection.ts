import { FieldNode, GraphQLResolveInfo, Kind, SelectionSetNode } from 'graphql';

/** What `selectedFields` reads of a resolver's info. */
export type SelectionInfo = Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>;

/**
 * The names of the fields a query selects at `path` below the field being resolved (e.g.
 * `['edges', 'node']`), through aliases, named and inline fragments. A field under `@include`
 * or `@skip` counts as selected: the answer may hold more than is read, never less. For a
 * resolver that reads in one statement only what the query will ask of its result.
 */
export function selectedFields(info: SelectionInfo, path: string[]): Set<string> {
  let sets = info.fieldNodes.flatMap((field) => (field.selectionSet ? [field.selectionSet] : []));
  for (const name of path) {
    sets = fieldsIn(sets, info)
      .filter((field) => field.name.value === name && field.selectionSet)
      .map((field) => field.selectionSet!);
  }
  return new Set(fieldsIn(sets, info).map((field) => field.name.value));
}

function fieldsIn(sets: SelectionSetNode[], info: SelectionInfo): FieldNode[] {
  const fields: FieldNode[] = [];
  const visit = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) fields.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else {
        // A query is validated before it runs: its fragments exist and do not spread themselves.
        const fragment = info.fragments[selection.name.value];
        if (fragment) visit(fragment.selectionSet);
      }
    }
  };
  sets.forEach(visit);
  return fields;
}
