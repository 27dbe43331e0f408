import { encodeCursor, isCursorInstant } from './cursor';
import { BadUserInputError } from './errors';
import {
  allNodes,
  connectionOf,
  CursorRules,
  keysetConditions,
  keysetOrder,
  keysetPage,
  Page,
  pageRows,
  readPage,
} from './paging';

const ID = '2f1c7a58-3a0e-4c52-9f3e-0d6b5c1c9e11';
const AT = '2026-05-01T09:00:00.000Z';
const RULES: CursorRules = {
  size: 20,
  max: 100,
  list: 'referrals',
  valid: (values) => values.length === 2 && isCursorInstant(values[0]),
};

function fieldsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BadUserInputError);
    return (error as BadUserInputError).fieldErrors.map((e) => e.field);
  }
  throw new Error('expected BAD_USER_INPUT');
}

describe('reading the page asked for', () => {
  it('reads forward by default, at the list’s own size', () => {
    expect(readPage({}, RULES)).toEqual({ size: 20, limit: 21, backward: false });
    expect(readPage({ first: null, after: null }, RULES)).toMatchObject({ size: 20 });
  });

  it('reads forward with first and backward with last, one more row than the page', () => {
    expect(readPage({ first: 5 }, RULES)).toMatchObject({ size: 5, limit: 6, backward: false });
    expect(readPage({ last: 5 }, RULES)).toMatchObject({ size: 5, limit: 6, backward: true });
  });

  it('decodes after and before, each checked by the list’s own rule', () => {
    const cursor = encodeCursor([AT, ID]);
    expect(readPage({ after: cursor, before: cursor }, RULES)).toMatchObject({
      after: [AT, ID],
      before: [AT, ID],
    });
  });

  it('refuses first with last, sizes past the cap, and names the argument', () => {
    expect(fieldsOf(() => readPage({ first: 1, last: 1 }, RULES))).toEqual(['last']);
    expect(fieldsOf(() => readPage({ first: 101 }, RULES))).toEqual(['first']);
    expect(fieldsOf(() => readPage({ first: 0 }, RULES))).toEqual(['first']);
    expect(fieldsOf(() => readPage({ last: 101 }, RULES))).toEqual(['last']);
    expect(fieldsOf(() => readPage({ last: -1 }, RULES))).toEqual(['last']);
  });

  it('refuses a cursor it did not give, naming after or before', () => {
    const wrongShape = encodeCursor(['not an instant', ID]);
    expect(fieldsOf(() => readPage({ after: 'garbage' }, RULES))).toEqual(['after']);
    expect(fieldsOf(() => readPage({ after: wrongShape }, RULES))).toEqual(['after']);
    expect(fieldsOf(() => readPage({ before: wrongShape }, RULES))).toEqual(['before']);
    expect(fieldsOf(() => readPage({ before: encodeCursor([AT, 'no uuid']) }, RULES))).toEqual([
      'before',
    ]);
  });
});

describe('keyset SQL', () => {
  const params: unknown[] = [];
  const param = (value: unknown, index: number) => {
    params.push(value);
    return `$${params.length}${['::timestamptz', '::uuid'][index]}`;
  };
  beforeEach(() => params.splice(0));
  const page = (extra: Partial<Page>): Page => ({ size: 2, limit: 3, backward: false, ...extra });

  it('bounds a page between its cursors, the comparison following the list’s direction', () => {
    const bounded = page({ after: ['a', ID], before: ['b', ID] });
    expect(keysetConditions(bounded, ['t', 'id'], param)).toEqual([
      '(t, id) > ($1::timestamptz, $2::uuid)',
      '(t, id) < ($3::timestamptz, $4::uuid)',
    ]);
    expect(params).toEqual(['a', ID, 'b', ID]);
    expect(keysetConditions(bounded, ['t', 'id'], param, { descending: true })).toEqual([
      '(t, id) < ($5::timestamptz, $6::uuid)',
      '(t, id) > ($7::timestamptz, $8::uuid)',
    ]);
  });

  it('adds no condition without a cursor, and can spread a cursor over the keys', () => {
    expect(keysetConditions(page({}), ['t', 'id'], param)).toEqual([]);
    const nested = page({ after: ['PRICE', [1, 2], ID] });
    expect(
      keysetConditions(nested, ['a', 'b', 'id'], (v) => JSON.stringify(v), {
        values: ([, keys, id]) => [...(keys as number[]), id],
      }),
    ).toEqual([`(a, b, id) > (1, 2, "${ID}")`]);
  });

  it('reads backward in the reverse order', () => {
    expect(keysetOrder(page({}), ['t', 'id'])).toBe('t ASC, id ASC');
    expect(keysetOrder(page({ backward: true }), ['t', 'id'])).toBe('t DESC, id DESC');
    expect(keysetOrder(page({}), ['t', 'id'], true)).toBe('t DESC, id DESC');
    expect(keysetOrder(page({ backward: true }), ['t', 'id'], true)).toBe('t ASC, id ASC');
  });
});

describe('building a page from keyset rows', () => {
  const forward: Page = { size: 2, limit: 3, backward: false };
  const backward: Page = { size: 2, limit: 3, backward: true };

  it('keeps the page’s rows and says whether more follow', () => {
    expect(pageRows([1, 2, 3], forward)).toEqual({
      rows: [1, 2],
      hasNextPage: true,
      hasPreviousPage: false,
    });
    expect(pageRows([1, 2], forward)).toMatchObject({ rows: [1, 2], hasNextPage: false });
    expect(pageRows([], forward)).toMatchObject({ rows: [], hasNextPage: false });
  });

  it('after a cursor, its row came before', () => {
    expect(pageRows([1], { ...forward, after: ['x'] })).toMatchObject({ hasPreviousPage: true });
  });

  it('puts rows read backward back in the list’s order', () => {
    // Read newest-to-oldest from the end: 9, 8, and one more (7) means more come before.
    expect(pageRows([9, 8, 7], backward)).toEqual({
      rows: [8, 9],
      hasNextPage: false,
      hasPreviousPage: true,
    });
    expect(pageRows([9, 8], { ...backward, before: ['x'] })).toEqual({
      rows: [8, 9],
      hasNextPage: true,
      hasPreviousPage: false,
    });
  });

  it('gives each edge its cursor, the nodes, and the first and last cursors', () => {
    const page = keysetPage(
      [
        { at: 'b', id: ID },
        { at: 'a', id: ID },
        { at: '-', id: ID },
      ],
      backward,
      (row) => [row.at, row.id],
      (row) => row.at,
    );
    expect(page.nodes).toEqual(['a', 'b']);
    expect(page.edges.map((edge) => edge.node)).toEqual(['a', 'b']);
    expect(page.pageInfo).toEqual({
      hasNextPage: false,
      hasPreviousPage: true,
      startCursor: encodeCursor(['a', ID]),
      endCursor: encodeCursor(['b', ID]),
    });
  });

  it('has no cursors on an empty page', () => {
    expect(connectionOf([], { hasNextPage: false, hasPreviousPage: false }).pageInfo).toEqual({
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: null,
      endCursor: null,
    });
  });

  it('reads every node of a connection, page by page', async () => {
    const pages: Record<string, { nodes: number[]; next: string | null }> = {
      start: { nodes: [1, 2], next: 'c1' },
      c1: { nodes: [3], next: null },
    };
    const nodes = await allNodes(async (after) => {
      const page = pages[after ?? 'start'];
      return {
        edges: page.nodes.map((node) => ({ node })),
        pageInfo: { hasNextPage: page.next !== null, endCursor: page.next },
      };
    });
    expect(nodes).toEqual([1, 2, 3]);
  });
});
