import { errorCodes, TestApp } from './test-app';

interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

interface Page {
  edges: { cursor: string; node: { key: string } }[];
  nodes: { key: string }[];
  pageInfo: PageInfo;
}

/**
 * A list's paging through the public API, the same for every connection: `field` is the query
 * field, `args` its other arguments as GraphQL text (e.g. `kind: CRC`), `key` a field of the node
 * that tells nodes apart (e.g. `id`, or `provider { id } factor` flattened by `keyOf`), `max` the
 * cap. Reads the whole list with `first: max`, then checks that paging forward by `size` and
 * backward by `size` give the same list in the same order, with the right pageInfo, and that
 * first+last, sizes past the cap and cursors this API did not give are BAD_USER_INPUT naming the
 * argument.
 */
export async function checkPaging(
  t: TestApp,
  token: string,
  options: {
    field: string;
    args?: string;
    key?: string;
    keyOf?: (node: Record<string, unknown>) => string;
    max: number;
    size?: number;
    /** Variables the args refer to, with their types: `{ $id: ['ID!', id] }`. */
    variables?: Record<string, [string, unknown]>;
  },
): Promise<string[]> {
  const { field, args = '', key = 'id', max, size = 2 } = options;
  const keyOf = options.keyOf ?? ((node: Record<string, unknown>) => String(node[key]));
  const declared = Object.entries(options.variables ?? {}).map(
    ([name, [type]]) => `${name}: ${type}`,
  );
  const values = Object.fromEntries(
    Object.entries(options.variables ?? {}).map(([name, [, value]]) => [name.slice(1), value]),
  );
  const query = (paging: string) =>
    `query (${['$first: Int', '$after: String', '$last: Int', '$before: String', ...declared].join(', ')}) {
      ${field}(${[args, paging].filter(Boolean).join(', ')}) {
        edges { cursor node { ${key} } }
        nodes { ${key} }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      }
    }`;
  const read = async (variables: Record<string, unknown>): Promise<Page> => {
    const res = await t.gql<Record<string, Page>>(
      query('first: $first, after: $after, last: $last, before: $before'),
      { token, variables: { ...values, ...variables } },
    );
    if (!res.data) throw new Error(`${field}: ${JSON.stringify(res.errors)}`);
    const page = res.data[field];
    // nodes are the edges' nodes; the pageInfo cursors are the first and last edges'.
    expect(page.nodes).toEqual(page.edges.map((edge) => edge.node));
    expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor ?? null);
    expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
    return page;
  };
  const keys = (page: Page) =>
    page.nodes.map((node) => keyOf(node as unknown as Record<string, unknown>));

  const whole = await read({ first: max });
  const all = keys(whole);
  expect(whole.pageInfo.hasNextPage).toBe(false);
  expect(whole.pageInfo.hasPreviousPage).toBe(false);
  if (all.length <= size) throw new Error(`${field}: need more than ${size} nodes to page`);

  // Forward: first/after until no next page.
  const forward: string[] = [];
  let after: string | null = null;
  for (let pages = 0; ; pages++) {
    const page = await read({ first: size, after });
    expect(page.edges.length).toBeLessThanOrEqual(size);
    expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
    forward.push(...keys(page));
    if (!page.pageInfo.hasNextPage) break;
    expect(page.edges).toHaveLength(size);
    after = page.pageInfo.endCursor;
    if (pages > all.length) throw new Error(`${field}: paging forward never ends`);
  }
  expect(forward).toEqual(all);

  // Backward: last/before until no previous page.
  const backward: string[] = [];
  let before: string | null = null;
  for (let pages = 0; ; pages++) {
    const page = await read({ last: size, before });
    expect(page.pageInfo.hasNextPage).toBe(before !== null);
    backward.unshift(...keys(page));
    if (!page.pageInfo.hasPreviousPage) break;
    expect(page.edges).toHaveLength(size);
    before = page.pageInfo.startCursor;
    if (pages > all.length) throw new Error(`${field}: paging backward never ends`);
  }
  expect(backward).toEqual(all);

  // Between two cursors: what lies strictly between the first and the last node.
  const between = await read({
    first: max,
    after: whole.edges[0].cursor,
    before: whole.pageInfo.endCursor,
  });
  expect(keys(between)).toEqual(all.slice(1, -1));

  // Refusals name the argument.
  const refused = async (variables: Record<string, unknown>): Promise<string[]> => {
    const res = await t.gql(query('first: $first, after: $after, last: $last, before: $before'), {
      token,
      variables: { ...values, ...variables },
    });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    return (res.errors?.[0].extensions?.fieldErrors ?? []).map((e) => e.field);
  };
  expect(await refused({ first: 1, last: 1 })).toEqual(['last']);
  expect(await refused({ first: max + 1 })).toEqual(['first']);
  expect(await refused({ last: 0 })).toEqual(['last']);
  expect(await refused({ after: 'not-a-cursor' })).toEqual(['after']);
  expect(await refused({ last: 1, before: 'bm90IGEgY3Vyc29y' })).toEqual(['before']);
  return all;
}
