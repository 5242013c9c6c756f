import { RecordedEvent, SqlClient } from '@app/event-store';
import { Projection, TableNames } from './projection';

/** A projection's table names for one spec, so several specs share a database. */
export async function tablesFor(db: SqlClient, projection: Projection, suffix: string): Promise<TableNames> {
  const t = Object.fromEntries(
    projection.tables.map((name) => [name, `spec_${name}_${suffix}`]),
  ) as TableNames;
  for (const stmt of projection
    .schema(t)
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter(Boolean))
    await db.query(stmt);
  return t;
}

/**
 * A projection spec in the domain's words: given events already applied, when new events arrive,
 * then the rows a query reads. Each `given` and `when` is applied in its own transaction, as the
 * runner does.
 */
export function projectionSpec(db: SqlClient, projection: Projection, tables: TableNames) {
  const apply = (events: RecordedEvent[]) => db.transaction((tx) => projection.apply(tx, events, tables));
  return {
    async given(...batches: RecordedEvent[][]) {
      for (const batch of batches) await apply(batch);
      return {
        async when(...whenBatches: RecordedEvent[][]) {
          for (const batch of whenBatches) await apply(batch);
          return {
            // Not `then`: an object with a `then` method would be awaited as a promise.
            thenRows: async <R>(read: (t: TableNames) => Promise<R>): Promise<R> => read(tables),
          };
        },
      };
    },
  };
}
