import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

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
  const metadata = dataSource.getMetadata(target);
  const entity = metadata.create() as T;
  for (const column of metadata.columns) {
    if (!(column.databaseName in json)) continue;
    column.setEntityValue(
      entity,
      dataSource.driver.prepareHydratedValue(json[column.databaseName], column),
    );
  }
  return entity;
}
