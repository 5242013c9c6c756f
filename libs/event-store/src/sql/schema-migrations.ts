import { SqlQueryable } from './sql-client';

/**
 * Changes to the events table for stores created by earlier versions, run when the store opens
 * (inside the schema transaction, under its advisory lock). Each step checks the catalogue first,
 * so it runs once per store and costs one query afterwards. See docs/event-store.md, "What an
 * event row stores".
 *
 * 1. `data` and `metadata` from `jsonb` to `json`: the store only ever writes a whole document and
 *    reads it back whole (hashing and projections parse it in Node), so jsonb's binary form is
 *    paid for on every write and every read (`jsonb_out` rebuilds the text) and used by nothing.
 *    `json` keeps the text: the events table is 5-8% smaller (bench/README.md, profiling
 *    note 4). The stored values are the same JSON values, and hashes are
 *    over their canonical form (sorted keys), so every hash still verifies after the rewrite.
 *    Inserts need no change: jsonb converts to json on assignment.
 */
export async function migrateEventsTable(tx: SqlQueryable): Promise<string[]> {
  const applied: string[] = [];
  const { rows } = await tx.query<{ column_name: string; data_type: string }>(
    `SELECT column_name, data_type FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = 'es_events'
       AND column_name IN ('data', 'metadata')`,
  );
  const jsonb = rows.filter((r) => r.data_type === 'jsonb').map((r) => r.column_name);
  if (jsonb.length > 0) {
    // One rewrite of the table for both columns.
    await tx.query(
      `ALTER TABLE es_events ${jsonb.map((c) => `ALTER COLUMN ${c} TYPE json USING ${c}::json`).join(', ')}`,
    );
    applied.push(`es_events.${jsonb.join(', ')}: jsonb → json`);
  }
  return applied;
}
