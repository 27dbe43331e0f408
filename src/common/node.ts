import { Field, FieldMiddleware, ID, InterfaceType } from '@nestjs/graphql';
import type { DataSource } from 'typeorm';

/**
 * The type a value answered by `node(id:)` is, set by the node resolver (the values are plain
 * objects, so GraphQL cannot tell their type by their class).
 */
export const NODE_TYPE = Symbol('nodeType');

/** Marks a value with its GraphQL type, for `Node`'s resolveType. */
export function asNode<T extends object>(typename: string, value: T): T {
  return Object.assign(value, { [NODE_TYPE]: typename });
}

/**
 * Relay Global Object Identification. Records keep the UUID they always had as their `id` (UUIDs
 * do not collide across tables, so they are global as they are); what has no row id of its own
 * (reference data keyed by code, contribution scores) gets a derived id `Type:key[:key]`.
 */
@InterfaceType('Node', {
  description:
    'An object with a globally unique `id` (Relay Global Object Identification): `node(id:)` fetches it again, with the same visibility rules as its own lookup. Records use their UUID; reference data and contribution scores a derived id such as `Division:LDN`.',
  resolveType: (value: { [NODE_TYPE]?: string }) => value[NODE_TYPE],
})
export abstract class Node {
  @Field(() => ID, { description: 'Globally unique, stable identifier.' })
  id!: string;
}

/** The derived id of an object without a row id: its type and its keys (`Division:LDN`). */
export function derivedId(typename: string, ...keys: string[]): string {
  return [typename, ...keys].join(':');
}

/** A derived id's type and keys; undefined for anything else (a UUID, say). */
export function parseDerivedId(id: string): { typename: string; keys: string[] } | undefined {
  const [typename, ...keys] = id.split(':');
  if (keys.length === 0 || !/^[A-Z][A-Za-z]+$/.test(typename)) return undefined;
  return { typename, keys };
}

/**
 * A field middleware for the `id` of a type without a row id: derives it from the object
 * (so every place that answers the type answers the same id).
 */
export function derivedIdOf<T>(typename: string, keys: (source: T) => string[]): FieldMiddleware {
  return ({ source }) => derivedId(typename, ...keys(source as T));
}

/** A record that is fetched through the record that owns it (a session through its referral). */
export interface OwnedRecord {
  typename: string;
  ownerId: string;
}

/**
 * Which of `tables` holds the row `id`, and its owner's id: one statement. Table and column names
 * come from the code, never from a caller; the id is a parameter.
 */
export async function ownedRecord(
  dataSource: DataSource,
  id: string,
  tables: { typename: string; table: string; ownerColumn: string }[],
): Promise<OwnedRecord | undefined> {
  const sql = tables
    .map(
      (t) =>
        `SELECT '${t.typename}' AS typename, ${t.ownerColumn}::text AS owner_id FROM ${t.table} WHERE id = $1`,
    )
    .join(' UNION ALL ');
  const rows = await dataSource.query<{ typename: string; owner_id: string }[]>(sql, [id]);
  return rows[0] && { typename: rows[0].typename, ownerId: rows[0].owner_id };
}
