import { SqlQueryable } from '@app/event-store';
import { liveTables, Projection, TableNames } from './projection';

/** Every row of a table as canonical JSON, sorted: two tables are equal row for row when these are. */
export async function tableRows(db: SqlQueryable, table: string): Promise<string[]> {
  const { rows } = await db.query<{ row: string }>(
    `SELECT to_jsonb(t)::text AS row FROM "${table.replace(/"/g, '""')}" t ORDER BY 1`,
  );
  return rows.map((r) => r.row);
}

/** A projection's rows per logical table (live tables unless other physical names are given). */
export async function projectionRows(
  db: SqlQueryable,
  projection: Projection,
  tables: TableNames = liveTables(projection),
): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const logical of projection.tables) out[logical] = await tableRows(db, tables[logical]);
  return out;
}
