import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/** Column types whose JSON value is already what TypeORM would hydrate (no transformer). */
const AS_IS = new Set<unknown>(['text', 'uuid', 'int', 'integer', 'double precision', 'boolean']);

interface Plan {
  create: () => ObjectLiteral;
  columns: { key: string; property: string; column: ColumnMetadata; asIs: boolean }[];
}

const plans = new WeakMap<DataSource, Map<EntityTarget<unknown>, Plan>>();

function planFor(dataSource: DataSource, target: EntityTarget<unknown>): Plan {
  let byTarget = plans.get(dataSource);
  if (!byTarget) {
    byTarget = new Map<EntityTarget<unknown>, Plan>();
    plans.set(dataSource, byTarget);
  }
  let plan = byTarget.get(target);
  if (!plan) {
    const metadata = dataSource.getMetadata(target);
    plan = {
      create: () => metadata.create() as ObjectLiteral,
      columns: metadata.columns.map((column) => ({
        key: column.databaseName,
        property: column.propertyName,
        column,
        asIs:
          !column.embeddedMetadata &&
          !column.transformer &&
          !column.isArray &&
          AS_IS.has(column.type),
      })),
    };
    byTarget.set(target, plan);
  }
  return plan;
}

/**
 * Builds an entity from a row that PostgreSQL turned into JSON (`to_jsonb(t)`, keys are the
 * column names), converting each column as TypeORM does when it reads the row itself: dates,
 * timestamps, transformers (bigint pence). For statements that return related rows with their
 * parent in one round trip instead of a query per relation.
 */
export function hydrateJson<T extends ObjectLiteral>(
  dataSource: DataSource,
  target: EntityTarget<T>,
  json: Record<string, unknown>,
): T {
  const plan = planFor(dataSource, target);
  const entity = plan.create();
  for (const { key, property, column, asIs } of plan.columns) {
    if (!(key in json)) continue;
    const value = json[key];
    if (asIs) entity[property] = value;
    else column.setEntityValue(entity, dataSource.driver.prepareHydratedValue(value, column));
  }
  return entity as T;
}
