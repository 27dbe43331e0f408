import { DataSource } from 'typeorm';

/** Rows in every table of the public schema (but the migrations' bookkeeping), by table. */
export async function rowCounts(dataSource: DataSource): Promise<Record<string, number>> {
  const tables = await dataSource.query<{ name: string }[]>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
        AND table_name NOT IN ('migrations', 'typeorm_metadata')
      ORDER BY table_name`,
  );
  // Table names come from the catalogue, not from a caller; quoted as identifiers.
  const counts = await dataSource.query<{ name: string; rows: string }[]>(
    tables
      .map(
        ({ name }) =>
          `SELECT '${name}' AS name, count(*) AS rows FROM "${name.replace(/"/g, '""')}"`,
      )
      .join(' UNION ALL '),
  );
  return Object.fromEntries(counts.map(({ name, rows }) => [name, Number(rows)]));
}
