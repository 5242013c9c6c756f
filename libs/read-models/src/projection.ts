import { EventFilter, RecordedEvent, SqlQueryable } from '@app/event-store';

/**
 * A named read model built from the event store. `tables` maps the logical table names the
 * projection writes to physical ones, so a rebuild can fill fresh tables while the live ones
 * keep serving, then swap them in.
 *
 * Two rules make a rebuild equal the incrementally built tables row for row:
 *  - rows are a function of the events alone (use `recordedAt` or event data, never `now()`);
 *  - index and constraint names derive from the physical table name (`${t.members}_nik`), so
 *    the rebuild's copies do not collide with the live ones; the swap renames them back.
 */
export interface Projection {
  name: string;
  /** Logical table names this projection owns, e.g. ['members', 'member_heirs']. */
  tables: string[];
  /** DDL using the physical names in `t` for each logical name; must be idempotent. */
  schema: (t: TableNames) => string;
  filter?: EventFilter;
  /**
   * Applies one batch inside the transaction that also moves the checkpoint. A batch can be
   * redelivered after a crash only as a whole (the checkpoint did not move), never in part.
   */
  apply: (tx: SqlQueryable, events: RecordedEvent[], t: TableNames) => Promise<void>;
}

export type TableNames = Record<string, string>;

export const CHECKPOINTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS projection_checkpoints (
  name       text PRIMARY KEY,
  position   bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
)`;

/** Physical name of a logical table while it serves reads. */
export function liveTableName(logical: string): string {
  return `rm_${logical}`;
}

/** Physical name of a logical table while a rebuild fills it. */
export function rebuildTableName(logical: string): string {
  return `rm_${logical}__rebuild`;
}

export function liveTables(p: Projection): TableNames {
  return Object.fromEntries(p.tables.map((t) => [t, liveTableName(t)]));
}

export function rebuildTables(p: Projection): TableNames {
  return Object.fromEntries(p.tables.map((t) => [t, rebuildTableName(t)]));
}

/** The checkpoint a rebuild moves while it runs; it replaces the live one at the swap. */
export const REBUILD_CHECKPOINT_SUFFIX = '__rebuild';
export function rebuildCheckpointName(projectionName: string): string {
  return `${projectionName}${REBUILD_CHECKPOINT_SUFFIX}`;
}

/** The same test the event store applies for a filtered read, for events read unfiltered. */
export function matchesFilter(filter: EventFilter | undefined, event: RecordedEvent): boolean {
  if (!filter) return true;
  if (filter.streamPrefixes?.length && !filter.streamPrefixes.some((p) => event.streamId.startsWith(p)))
    return false;
  if (filter.types?.length && !filter.types.includes(event.type)) return false;
  return true;
}

/**
 * One read-side filter that selects every event any of the projections needs: the union of
 * their types (or prefixes) when they all filter the same way, else no filter at all.
 */
export function unionFilter(projections: Projection[]): EventFilter | undefined {
  if (projections.some((p) => !p.filter || (!p.filter.types?.length && !p.filter.streamPrefixes?.length)))
    return undefined;
  const onlyTypes = projections.every((p) => p.filter?.types?.length && !p.filter.streamPrefixes?.length);
  if (onlyTypes) return { types: [...new Set(projections.flatMap((p) => p.filter!.types!))] };
  const onlyPrefixes = projections.every((p) => p.filter?.streamPrefixes?.length && !p.filter.types?.length);
  if (onlyPrefixes)
    return { streamPrefixes: [...new Set(projections.flatMap((p) => p.filter!.streamPrefixes!))] };
  if (projections.length === 1) return projections[0].filter;
  return undefined;
}
