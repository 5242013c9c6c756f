import { EventFilter, RecordedEvent, SqlQueryable } from '@app/event-store';

/**
 * A named read model built from the event store. `tables` maps the logical table names the
 * projection writes to physical ones, so a rebuild can fill fresh tables while the live ones
 * keep serving, then swap them in (issue 5).
 */
export interface Projection {
  name: string;
  /** Logical table names this projection owns, e.g. ['members', 'member_heirs']. */
  tables: string[];
  /** DDL with `{{table}}` placeholders for each logical name; must be idempotent. */
  schema: (t: TableNames) => string;
  filter?: EventFilter;
  /** Applies one batch inside the transaction that also moves the checkpoint. */
  apply: (tx: SqlQueryable, events: RecordedEvent[], t: TableNames) => Promise<void>;
}

export type TableNames = Record<string, string>;

export const CHECKPOINTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS projection_checkpoints (
  name       text PRIMARY KEY,
  position   bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
)`;

export function liveTables(p: Projection): TableNames {
  return Object.fromEntries(p.tables.map((t) => [t, `rm_${t}`]));
}

export function rebuildTables(p: Projection): TableNames {
  return Object.fromEntries(p.tables.map((t) => [t, `rm_${t}__rebuild`]));
}
