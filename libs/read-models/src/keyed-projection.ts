import { RecordedEvent, SqlQueryable } from '@app/event-store';
import { Projection, TableNames } from './projection';

/**
 * The shape most read models have: one row per key (a member, a claim), folded from that key's
 * events. Written this way, a projection is three pure-ish parts (load rows, fold an event into
 * a row, save rows) and gets two ways of applying them:
 *
 *  - live (`apply`): per batch, one load of the touched rows, the fold in memory, one upsert;
 *  - rebuild (`workingSet`): rows stay in memory across many pages and are written once, when
 *    the working set is full or the log is read. A member paid for 12 months is then written
 *    once instead of 13 times, which is what lets a rebuild run near the raw read rate.
 *
 * Both paths run the same `load`, `fold` and `save`, so they cannot disagree; the rebuild test
 * compares their tables row for row.
 */
export interface KeyedState<R> {
  /** The row key an event belongs to, or undefined when this projection ignores the event. */
  keyOf(event: RecordedEvent): string | undefined;
  load(tx: SqlQueryable, t: TableNames, keys: string[]): Promise<Map<string, R>>;
  /** The row after `event`, or undefined when the event changes nothing (e.g. a redelivery). */
  fold(row: R | undefined, event: RecordedEvent): R | undefined;
  /** Upserts rows (each already folded); rows that should not be stored are filtered here. */
  save(tx: SqlQueryable, t: TableNames, rows: R[]): Promise<void>;
}

export interface KeyedProjection<R = unknown> extends Projection {
  keyed: KeyedState<R>;
}

export function isKeyed(p: Projection): p is KeyedProjection {
  return (p as Partial<KeyedProjection>).keyed !== undefined;
}

/** A projection whose `apply` is the keyed load → fold → save of one batch. */
export function keyedProjection<R>(
  definition: Omit<Projection, 'apply'> & { keyed: KeyedState<R> },
): KeyedProjection<R> {
  return {
    ...definition,
    async apply(tx, events, t) {
      const set = new WorkingSet(definition.keyed);
      await set.add(tx, t, events);
      await set.flush(tx, t);
    },
  };
}

/**
 * Rows folded in memory, loaded from the table the first time their key is seen. `flush`
 * writes the rows that changed and forgets them all, so a later page loads them again (from
 * what was just written) and memory stays bounded by the flush threshold.
 */
export class WorkingSet<R> {
  private readonly rows = new Map<string, R | undefined>();
  private readonly dirty = new Set<string>();

  /**
   * @param emptyTables the tables start empty (a rebuild's fresh tables): until the first flush
   *   there is nothing to load, so the set does not ask.
   */
  constructor(
    private readonly keyed: KeyedState<R>,
    private emptyTables = false,
  ) {}

  get size(): number {
    return this.rows.size;
  }

  async add(tx: SqlQueryable, t: TableNames, events: RecordedEvent[]): Promise<void> {
    const keys: (string | undefined)[] = events.map((e) => this.keyed.keyOf(e));
    const missing = [...new Set(keys.filter((k): k is string => k !== undefined && !this.rows.has(k)))];
    if (missing.length > 0) {
      const loaded = this.emptyTables ? new Map<string, R>() : await this.keyed.load(tx, t, missing);
      for (const key of missing) this.rows.set(key, loaded.get(key));
    }
    events.forEach((event, i) => {
      const key = keys[i];
      if (key === undefined) return;
      const next = this.keyed.fold(this.rows.get(key), event);
      if (next === undefined) return;
      this.rows.set(key, next);
      this.dirty.add(key);
    });
  }

  async flush(tx: SqlQueryable, t: TableNames): Promise<void> {
    const changed = this.drain();
    if (changed.length > 0) await this.keyed.save(tx, t, changed);
  }

  /** The rows that changed, for the caller to save; the set is empty afterwards. */
  drain(): R[] {
    const changed = [...this.dirty].map((k) => this.rows.get(k)!);
    this.rows.clear();
    this.dirty.clear();
    this.emptyTables = false;
    return changed;
  }

  save(tx: SqlQueryable, t: TableNames, rows: R[]): Promise<void> {
    return this.keyed.save(tx, t, rows);
  }
}
