import { Type } from '@nestjs/common';
import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { decodeCursor, encodeCursor, MAX_CURSOR_LENGTH } from './cursor';
import { BadUserInputError, FieldError } from './errors';
import { SafeInt } from './scalars';

/**
 * One way to page (Relay cursor connections): `first` (with `after`) pages forward, `last`
 * (with `before`) backward; `after` and `before` bound the list whichever way it is read.
 */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** A list's page sizes: `size` when neither first nor last is given, at most `max`. */
export interface PageSizes {
  size: number;
  max: number;
}

const argsTypes = new Map<string, Type<PageArgs>>();

/**
 * The paging arguments of a list, to extend: `class ReferralsArgs extends PagingArgs({ size: 20,
 * max: 100 }) { ... }`. `first` has no schema default (the default applies in `readPage`):
 * with one, `last` could never be given alone.
 */
export function PagingArgs({ size, max }: PageSizes): Type<PageArgs> {
  const key = `${size}/${max}`;
  const known = argsTypes.get(key);
  if (known) return known;
  const range = `must be 1 to ${max}`;

  @ArgsType()
  class Paging implements PageArgs {
    @Field(() => Int, {
      nullable: true,
      description: `Page size, 1-${max}: the first results (after \`after\`). Default ${size}, unless \`last\` is given.`,
    })
    @IsOptional()
    @IsInt()
    @Min(1, { message: `first ${range}` })
    @Max(max, { message: `first ${range}` })
    first?: number;

    @Field(() => String, {
      nullable: true,
      description: 'Cursor to continue after: the endCursor of the page before.',
    })
    @IsOptional()
    @IsString()
    @MaxLength(MAX_CURSOR_LENGTH)
    after?: string;

    @Field(() => Int, {
      nullable: true,
      description: `Page size, 1-${max}: the last results (before \`before\`), paging backward. Not with \`first\`.`,
    })
    @IsOptional()
    @IsInt()
    @Min(1, { message: `last ${range}` })
    @Max(max, { message: `last ${range}` })
    last?: number;

    @Field(() => String, {
      nullable: true,
      description: 'Cursor to continue before: the startCursor of the page after.',
    })
    @IsOptional()
    @IsString()
    @MaxLength(MAX_CURSOR_LENGTH)
    before?: string;
  }
  argsTypes.set(key, Paging);
  return Paging;
}

/** A page to read: `limit` rows (one more than `size`, to know whether more follow). */
export interface Page<K extends unknown[] = unknown[]> {
  size: number;
  limit: number;
  /** Paging with `last`: the rows are read in reverse order, from `before` (or the end). */
  backward: boolean;
  after?: K;
  before?: K;
}

/** How a list's cursors are checked: `valid` sees the decoded values (the last one a uuid). */
export interface CursorRules extends PageSizes {
  valid: (values: unknown[]) => boolean;
  /** Which list, for the message on a bad cursor: "referrals", "this report". */
  list: string;
}

/**
 * The page asked for: sizes within the list's cap, first or last (not both), cursors this API
 * gave for this list. Anything else is BAD_USER_INPUT naming the argument.
 */
export function readPage<K extends unknown[]>(args: PageArgs, rules: CursorRules): Page<K> {
  const { first, last, after, before } = args;
  const errors: FieldError[] = [];
  for (const [field, value] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (value !== undefined && value !== null && !(value >= 1 && value <= rules.max)) {
      errors.push({ field, message: `${field} must be 1 to ${rules.max}` });
    }
  }
  if (first !== undefined && first !== null && last !== undefined && last !== null) {
    errors.push({ field: 'last', message: 'give first or last, not both' });
  }
  if (errors.length) throw new BadUserInputError('The page asked for is not valid', errors);
  const cursor = (value: string | null | undefined, field: 'after' | 'before') =>
    value === undefined || value === null
      ? undefined
      : decodeCursor<K>(
          value,
          rules.valid,
          `use a cursor from a page of ${rules.list} (${field === 'after' ? 'endCursor' : 'startCursor'})`,
          field,
        );
  const backward = last !== undefined && last !== null;
  const size = (backward ? last : first) ?? rules.size;
  return {
    size,
    limit: size + 1,
    backward,
    after: cursor(after, 'after'),
    before: cursor(before, 'before'),
  };
}

/**
 * The WHERE conditions (zero to two) that keep a page between its cursors, for a list ordered by
 * `keys` (SQL expressions, the row's uuid last), all ascending or all `descending`. `param` adds
 * a value as a query parameter and answers its placeholder (with a cast: `$3::uuid`); `values`
 * turns a cursor into one value per key when its shape differs.
 */
export function keysetConditions<K extends unknown[]>(
  page: Page<K>,
  keys: string[],
  param: (value: unknown, index: number) => string,
  options: { descending?: boolean; values?: (cursor: K) => unknown[] } = {},
): string[] {
  const { descending = false, values = (cursor: K) => cursor } = options;
  const row = `(${keys.join(', ')})`;
  const tuple = (cursor: K) => `(${values(cursor).map(param).join(', ')})`;
  const conditions: string[] = [];
  if (page.after) conditions.push(`${row} ${descending ? '<' : '>'} ${tuple(page.after)}`);
  if (page.before) conditions.push(`${row} ${descending ? '>' : '<'} ${tuple(page.before)}`);
  return conditions;
}

/** The direction that reads a page: the list's, or the reverse when paging backward. */
export function keysetDirection(page: Page, descending = false): 'ASC' | 'DESC' {
  return descending !== page.backward ? 'DESC' : 'ASC';
}

/** The ORDER BY that reads a page: the list's order, or its reverse when paging backward. */
export function keysetOrder(page: Page, keys: string[], descending = false): string {
  const direction = keysetDirection(page, descending);
  return keys.map((key) => `${key} ${direction}`).join(', ');
}

/**
 * `keysetConditions`' `param` for a TypeORM query builder: named parameters (`:key0::uuid`, one
 * cast per key) collected in `params`, to pass with the conditions.
 */
export function namedKeyParams(casts: string[]): {
  params: Record<string, unknown>;
  param: (value: unknown, index: number) => string;
} {
  const params: Record<string, unknown> = {};
  return {
    params,
    param: (value, index) => {
      const name = `pageKey${Object.keys(params).length}`;
      params[name] = value;
      return `:${name}${casts[index] ?? ''}`;
    },
  };
}

/**
 * Reads a page's rows (up to `page.limit`, in reading order: give them to `pageRows` or
 * `keysetPage`) with a TypeORM query builder, ordered by `keys`: [SQL expression, cast], the
 * row's id last.
 */
export function readKeyset<T extends ObjectLiteral, K extends unknown[] = unknown[]>(
  query: SelectQueryBuilder<T>,
  page: Page<K>,
  keys: [string, string][],
  descending = false,
  values?: (cursor: K) => unknown[],
): Promise<T[]> {
  const named = namedKeyParams(keys.map(([, cast]) => cast));
  const expressions = keys.map(([expression]) => expression);
  const options = { descending, values };
  for (const condition of keysetConditions(page, expressions, named.param, options)) {
    query.andWhere(condition, named.params);
  }
  const direction = keysetDirection(page, descending);
  query.orderBy(expressions[0], direction);
  for (const expression of expressions.slice(1)) query.addOrderBy(expression, direction);
  return query.take(page.limit).getMany();
}

export interface PageFlags {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

/**
 * The rows of a page from those read (up to `page.limit`, in the order `keysetOrder` gave), in
 * the list's order, and whether more come before or after them.
 */
export function pageRows<R>(fetched: R[], page: Page): { rows: R[] } & PageFlags {
  const more = fetched.length > page.size;
  const rows = fetched.slice(0, page.size);
  if (page.backward) rows.reverse();
  return {
    rows,
    // Reading forward from `after`, its own row came before; backward to `before`, after.
    hasNextPage: page.backward ? page.before !== undefined : more,
    hasPreviousPage: page.backward ? more : page.after !== undefined,
  };
}

/** A page's edges, their nodes and pageInfo. */
export function connectionOf<N, E extends { cursor: string; node: N }>(
  edges: E[],
  flags: PageFlags,
): { edges: E[]; nodes: N[]; pageInfo: PageInfo } {
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      ...flags,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/**
 * A page from keyset rows read with `keysetConditions`/`keysetOrder` and `LIMIT page.limit`:
 * each row's edge carries the cursor of its key values (`keyOf`).
 */
export function keysetPage<R, N>(
  fetched: R[],
  page: Page,
  keyOf: (row: R) => unknown[],
  nodeOf: (row: R) => N,
): { edges: { cursor: string; node: N }[]; nodes: N[]; pageInfo: PageInfo } {
  const { rows, ...flags } = pageRows(fetched, page);
  return connectionOf(
    rows.map((row) => ({ cursor: encodeCursor(keyOf(row)), node: nodeOf(row) })),
    flags,
  );
}

/** Every page of a connection, one after another (for exports that want the whole list). */
export async function* everyPage<N>(
  fetch: (after?: string) => Promise<{
    edges: { node: N }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  }>,
): AsyncIterable<N[]> {
  let after: string | undefined;
  do {
    const page = await fetch(after);
    yield page.edges.map((edge) => edge.node);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor! : undefined;
  } while (after);
}

/** Every node of a connection, read page by page. */
export async function allNodes<N>(
  fetch: (after?: string) => Promise<{
    edges: { node: N }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  }>,
): Promise<N[]> {
  const nodes: N[] = [];
  for await (const page of everyPage(fetch)) nodes.push(...page);
  return nodes;
}

@ObjectType('PageInfo', { description: 'Where a page sits in the whole list.' })
export class PageInfo {
  @Field({
    description:
      'More results follow this page (paging backward: the page ends before a cursor, whose result follows).',
  })
  hasNextPage!: boolean;

  @Field({
    description:
      'More results come before this page (paging forward: the page starts after a cursor, whose result comes before).',
  })
  hasPreviousPage!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the first result on this page: pass as `before` to page backward.',
  })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last result on this page.' })
  endCursor!: string | null;
}

/** An edge's fields: extend it to give an edge more (`@ObjectType('XEdge') class extends ...`). */
export function EdgeFields<N>(node: Type<N>, nodeDescription: string) {
  @ObjectType({ isAbstract: true })
  class EdgeType {
    @Field(() => node, { description: nodeDescription })
    node!: N;

    @Field({ description: 'Opaque cursor: pass as `after` (or `before`) to page from here.' })
    cursor!: string;
  }
  return EdgeType;
}

export interface ConnectionText {
  /** The connection type's description. */
  description: string;
  /** The edges field's: "The referrals on this page." */
  edges: string;
  /** totalCount's ("How many referrals match, over all pages."); left out, no totalCount. */
  totalCount?: string;
}

export interface ConnectionShape<N, E extends { node: N } = { cursor: string; node: N }> {
  edges: E[];
  nodes: N[];
  pageInfo: PageInfo;
  totalCount?: number;
}

/** A connection's fields over an edge type: extend it to give a connection more. */
export function ConnectionFields<N, E extends { node: N }>(
  edge: Type<E>,
  node: Type<N>,
  text: ConnectionText,
): Type<ConnectionShape<N, E>> {
  @ObjectType({ isAbstract: true })
  class ConnectionType {
    @Field(() => [edge], { description: text.edges })
    edges!: E[];

    @Field(() => [node], { description: 'The nodes of edges, for when cursors are not needed.' })
    nodes!: N[];

    @Field(() => PageInfo, { description: 'Paging.' })
    pageInfo!: PageInfo;
  }
  if (!text.totalCount) return ConnectionType;

  @ObjectType({ isAbstract: true })
  class CountedConnectionType extends ConnectionType {
    @Field(() => SafeInt, { description: text.totalCount })
    totalCount!: number;
  }
  return CountedConnectionType;
}

/**
 * `Connection(Referral, { name: 'Referral', ... })`: the types `ReferralConnection` (edges,
 * pageInfo, totalCount when described) and `ReferralEdge` (cursor, node).
 */
export function Connection<N>(
  node: Type<N>,
  text: ConnectionText & { name: string; node: string; edge: string },
): Type<ConnectionShape<N>> {
  @ObjectType(`${text.name}Edge`, { description: text.edge })
  class Edge extends EdgeFields(node, text.node) {}

  @ObjectType(`${text.name}Connection`, { description: text.description })
  class ConnectionType extends ConnectionFields(Edge, node, text) {}
  return ConnectionType;
}
