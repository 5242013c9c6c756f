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

/**
 * Events as the store would record them, for projection specs: per stream revisions from 0, one
 * global position, `recordedAt` a second apart from 2026-03-16T03:00:00Z.
 */
export function eventRecorder() {
  let position = 0;
  const revisions = new Map<string, number>();
  return (streamId: string, type: string, data: object, actor = 't'): RecordedEvent => {
    const revision = (revisions.get(streamId) ?? -1) + 1;
    revisions.set(streamId, revision);
    position += 1;
    return {
      eventId: `e-${position}`,
      streamId,
      revision,
      position,
      type,
      data,
      metadata: {
        actor,
        correlationId: 'c',
        schemaVersion: 1,
        recordedAt: new Date(Date.UTC(2026, 2, 16, 3, 0, position)).toISOString(),
      },
      hash: 'h',
      prevHash: null,
    };
  };
}
