import { FragmentDefinitionNode, Kind, OperationDefinitionNode, parse } from 'graphql';
import { SelectionInfo, selectedFields } from './selection';

/** The info a resolver of the operation's first field would get. */
function infoFor(query: string): SelectionInfo {
  const document = parse(query);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )!;
  const fragments = Object.fromEntries(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const field = operation.selectionSet.selections[0];
  if (field.kind !== Kind.FIELD) throw new Error('the first selection is not a field');
  return { fieldNodes: [field], fragments };
}

describe('selectedFields', () => {
  it('names the fields at a path, whatever their aliases', () => {
    const info = infoFor(`{ search { total: totalCount edges { node { id t: title } } } }`);
    expect([...selectedFields(info, [])]).toEqual(['totalCount', 'edges']);
    expect([...selectedFields(info, ['edges', 'node'])]).toEqual(['id', 'title']);
  });

  it('reads through named and inline fragments, nested, and under @include or @skip', () => {
    const info = infoFor(`
      query ($venues: Boolean!) { search { edges { ...Edge } edges { node { ... on Intervention { price { amountPence } } } } } }
      fragment Edge on Edge { node { ...Node venues @include(if: $venues) { name } } }
      fragment Node on Intervention { id ... { priceHistory { amountPence } } }`);
    expect([...selectedFields(info, ['edges', 'node'])].sort()).toEqual([
      'id',
      'price',
      'priceHistory',
      'venues',
    ]);
  });

  it('is empty for a path the query does not select', () => {
    const info = infoFor(`{ search { totalCount } }`);
    expect(selectedFields(info, ['edges', 'node']).size).toBe(0);
    expect(selectedFields(info, ['totalCount', 'x']).size).toBe(0);
  });
});
