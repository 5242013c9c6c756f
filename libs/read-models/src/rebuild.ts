import { Client } from 'pg';
import {
  EventStore,
  PostgresClient,
  Position,
  RecordedEvent,
  SqlClient,
  SqlQueryable,
} from '@app/event-store';
import { advisoryKey, ensureProjectionSchema, lockCheckpointRow, writeCheckpoint } from './projection-runner';
import {
  liveTableName,
  matchesFilter,
  Projection,
  rebuildCheckpointName,
  rebuildTableName,
  rebuildTables,
  TableNames,
  unionFilter,
} from './projection';
import { openSessionConnection } from './pg-session';
import { isKeyed, WorkingSet } from './keyed-projection';

export interface RebuildOptions {
  /** Events per read and per transaction (default 5000: fewer, larger statements per row touched). */
  batchSize?: number;
  /**
   * Rows a keyed projection keeps folded in memory before writing them (default 100,000): a
   * rebuild writes each row once per flush instead of once per batch that touches it.
   */
  workingSetRows?: number;
  /** Swap the fresh tables in (default). False leaves them beside the live ones, e.g. to compare. */
  swap?: boolean;
  onProgress?: (progress: { eventsRead: number; position: Position }) => void;
}

export interface ProjectionRebuilt {
  name: string;
  /** Events of this projection's filter that were applied. */
  eventsApplied: number;
  /** Rows per logical table after the rebuild. */
  rows: Record<string, number>;
}

export interface RebuildResult {
  projections: ProjectionRebuilt[];
  /** Events read from the store (one pass serves every projection). */
  eventsRead: number;
  /** The checkpoint the rebuilt tables are consistent with (0: an empty store). */
  position: Position;
  seconds: number;
  swapped: boolean;
}

export class RebuildInProgressError extends Error {
  constructor(name: string) {
    super(`A rebuild of ${name} is already running`);
    this.name = 'RebuildInProgressError';
  }
}

interface Target {
  projection: Projection;
  tables: TableNames;
  eventsApplied: number;
  /** Secondary indexes dropped while the fresh tables fill, built once at the end. */
  deferredIndexes: string[];
  /** Keyed projections: rows folded in memory, written at a flush, then their checkpoint. */
  workingSet?: WorkingSet<unknown>;
}

const quote = (identifier: string): string => `"${identifier.replace(/"/g, '""')}"`;

/**
 * Rebuilds projections from position 0 into fresh tables while the live ones keep serving, then
 * swaps them in with their checkpoint in one transaction. Every projection is fed from
 * one read of the log, so `--all` costs one pass, not one per projection. A live runner notices
 * the swapped checkpoint and continues from it.
 */
export async function rebuildProjections(
  store: EventStore,
  db: SqlClient,
  projections: Projection[],
  options: RebuildOptions = {},
): Promise<RebuildResult> {
  const started = process.hrtime.bigint();
  const batchSize = options.batchSize ?? 5000;
  const names = projections.map((p) => p.name);
  if (new Set(names).size !== names.length) throw new Error(`Projection named twice: ${names.join(', ')}`);
  const targets: Target[] = [...projections]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((projection) => ({
      projection,
      tables: rebuildTables(projection),
      eventsApplied: 0,
      deferredIndexes: [],
      workingSet: isKeyed(projection) ? new WorkingSet(projection.keyed, true) : undefined,
    }));
  const workingSetRows = options.workingSetRows ?? 100_000;

  const release = await takeRebuildLocks(db, names);
  try {
    for (const t of targets) await createFreshTables(db, t);
    const filter = unionFilter(projections);
    const read = (after: Position) =>
      store.readAll({ after: after || undefined, limit: batchSize, ...filter });

    let position: Position = 0;
    let eventsRead = 0;
    // Read the next page while this one is applied: the store and the read models are
    // different connections, so the two round trips overlap.
    let next = read(0);
    for (;;) {
      const page = await next;
      if (page.length === 0) break;
      const last = page[page.length - 1].position;
      next = page.length === batchSize ? read(last) : Promise.resolve([]);
      next.catch(() => undefined);
      await db.transaction((tx) => applyPage(tx, targets, page, last, true));
      await flushWorkingSets(db, targets, last, workingSetRows);
      position = last;
      eventsRead += page.length;
      options.onProgress?.({ eventsRead, position });
      if (page.length < batchSize) break;
    }
    const readTo = position;
    await flushWorkingSets(db, targets, readTo, 0);

    for (const t of targets) await finishFreshTables(db, t);

    const swapped = options.swap !== false;
    if (swapped) {
      position = await db.transaction(async (tx) => {
        // Holding the live checkpoints stops live runners between batches while the last events
        // are applied and the tables change hands.
        for (const t of targets) await lockCheckpointRow(tx, t.projection.name);
        let at = position;
        // PGlite is one connection: a read outside this transaction would wait for it forever.
        if (db.kind === 'postgres') {
          for (;;) {
            const page = await read(at);
            if (page.length === 0) break;
            at = page[page.length - 1].position;
            await applyPage(tx, targets, page, at);
            eventsRead += page.length;
            if (page.length < batchSize) break;
          }
        }
        for (const t of targets) await swapIn(tx, t, at);
        return at;
      });
    }

    const result: ProjectionRebuilt[] = [];
    for (const t of targets) {
      const rows: Record<string, number> = {};
      for (const logical of t.projection.tables) {
        const table = swapped ? liveTableName(logical) : rebuildTableName(logical);
        const { rows: counted } = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM ${quote(table)}`,
        );
        rows[logical] = Number(counted[0].n);
      }
      result.push({ name: t.projection.name, eventsApplied: t.eventsApplied, rows });
    }
    return {
      projections: result,
      eventsRead,
      position,
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
      swapped,
    };
  } finally {
    await release();
  }
}

/**
 * Applies a page to every target. With `buffered`, keyed projections only fold it into their
 * working set (their rows, then their checkpoint, are written at the next flush); otherwise
 * every projection writes its rows and moves its checkpoint with the page.
 */
async function applyPage(
  tx: SqlQueryable,
  targets: Target[],
  page: RecordedEvent[],
  last: Position,
  buffered = false,
): Promise<void> {
  for (const t of targets) {
    const filter = t.projection.filter;
    const events = filter ? page.filter((e) => matchesFilter(filter, e)) : page;
    t.eventsApplied += events.length;
    if (buffered && t.workingSet) {
      if (events.length > 0) await t.workingSet.add(tx, t.tables, events);
      continue;
    }
    if (events.length > 0) await t.projection.apply(tx, events, t.tables);
    // Every projection's checkpoint moves with the page, matching events or not.
    await writeCheckpoint(tx, rebuildCheckpointName(t.projection.name), last);
  }
}

/**
 * Writes each keyed projection's working set that holds at least `minRows` rows, then its
 * checkpoint. On PostgreSQL the rows go out in parallel transactions, one per core's worth of
 * rows: the fresh tables are invisible until the swap and a failed rebuild starts again from
 * scratch, so only "rows before checkpoint" matters, and the server's other core is otherwise
 * idle while this process waits.
 */
async function flushWorkingSets(
  db: SqlClient,
  targets: Target[],
  last: Position,
  minRows: number,
): Promise<void> {
  const flushed: Target[] = [];
  const saves: Promise<void>[] = [];
  for (const t of targets) {
    const set = t.workingSet;
    if (!set || set.size === 0 || set.size < minRows) continue;
    const rows = set.drain();
    flushed.push(t);
    const parts =
      db.kind === 'postgres' && rows.length >= 2 * PARALLEL_FLUSH_MIN_ROWS ? FLUSH_PARALLELISM : 1;
    const size = Math.ceil(rows.length / parts);
    for (let i = 0; i < rows.length; i += size) {
      const part = rows.slice(i, i + size);
      saves.push(db.transaction((tx) => set.save(tx, t.tables, part)));
    }
  }
  await Promise.all(saves);
  if (flushed.length === 0) return;
  await db.transaction(async (tx) => {
    for (const t of flushed) await writeCheckpoint(tx, rebuildCheckpointName(t.projection.name), last);
  });
}

/** Parallel transactions a flush uses on PostgreSQL, and the fewest rows worth a part of their own. */
const FLUSH_PARALLELISM = 2;
const PARALLEL_FLUSH_MIN_ROWS = 500;

/**
 * Fresh, empty tables. Nobody reads them and a failed rebuild starts again from scratch, so
 * while they fill they skip the write-ahead log (UNLOGGED) and their secondary indexes, which
 * are built once at the end: far cheaper than maintaining them row by row.
 */
async function createFreshTables(db: SqlClient, t: Target): Promise<void> {
  await db.transaction(async (tx) => {
    for (const logical of t.projection.tables)
      await tx.query(`DROP TABLE IF EXISTS ${quote(rebuildTableName(logical))} CASCADE`);
  });
  await ensureProjectionSchema(db, t.projection, t.tables);
  await db.transaction(async (tx) => {
    for (const logical of t.projection.tables) {
      const table = rebuildTableName(logical);
      // Unique indexes stay: upserts (ON CONFLICT) need them.
      const { rows } = await tx.query<{ name: string; definition: string }>(
        `SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
         JOIN pg_index x ON x.indexrelid = to_regclass(quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))
         WHERE i.schemaname = current_schema() AND i.tablename = $1 AND NOT x.indisunique`,
        [table],
      );
      for (const index of rows) {
        await tx.query(`DROP INDEX ${quote(index.name)}`);
        t.deferredIndexes.push(index.definition);
      }
      await tx.query(`ALTER TABLE ${quote(table)} SET UNLOGGED`);
    }
    await writeCheckpoint(tx, rebuildCheckpointName(t.projection.name), 0);
  });
}

/** Logged again and indexed: ready to serve. */
async function finishFreshTables(db: SqlClient, t: Target): Promise<void> {
  await db.transaction(async (tx) => {
    for (const logical of t.projection.tables)
      await tx.query(`ALTER TABLE ${quote(rebuildTableName(logical))} SET LOGGED`);
    for (const definition of t.deferredIndexes.splice(0)) await tx.query(definition);
  });
}

async function indexNames(tx: SqlQueryable, table: string): Promise<string[]> {
  const { rows } = await tx.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     WHERE i.indrelid = to_regclass($1) ORDER BY 1`,
    [quote(table)],
  );
  return rows.map((r) => r.name);
}

/** Drops the live table, renames the fresh one (and its indexes, constraints, sequences) to it. */
async function swapIn(tx: SqlQueryable, t: Target, position: Position): Promise<void> {
  for (const logical of t.projection.tables) {
    const live = liveTableName(logical);
    const fresh = rebuildTableName(logical);
    // An index name is unique in a schema: one not named after the live table cannot have a
    // twin on the fresh one (IF NOT EXISTS skipped it), and would vanish with the live table.
    const fixed = (await indexNames(tx, live)).filter((index) => !index.includes(live));
    if (fixed.length > 0) {
      throw new Error(
        `${t.projection.name}: index ${fixed.join(', ')} of ${live} is not named after its table; ` +
          'name indexes after the physical table (e.g. `${t.members}_nik`) so a rebuild gets its own',
      );
    }
    const freshIndexes = await indexNames(tx, fresh);
    await tx.query(`DROP TABLE IF EXISTS ${quote(live)} CASCADE`);
    await tx.query(`ALTER TABLE ${quote(fresh)} RENAME TO ${quote(live)}`);
    const renamed = (name: string) => name.replace(fresh, live);
    // Renaming an index that backs a primary key or unique constraint renames the constraint too.
    for (const index of freshIndexes) {
      if (index.includes(fresh))
        await tx.query(`ALTER INDEX ${quote(index)} RENAME TO ${quote(renamed(index))}`);
    }
    const { rows: constraints } = await tx.query<{ name: string }>(
      `SELECT conname AS name FROM pg_constraint WHERE conrelid = to_regclass($1) AND contype NOT IN ('p', 'u', 'x')`,
      [quote(live)],
    );
    for (const { name } of constraints) {
      if (name.includes(fresh))
        await tx.query(
          `ALTER TABLE ${quote(live)} RENAME CONSTRAINT ${quote(name)} TO ${quote(renamed(name))}`,
        );
    }
    const { rows: sequences } = await tx.query<{ name: string }>(
      `SELECT s.relname AS name FROM pg_depend d JOIN pg_class s ON s.oid = d.objid
       WHERE s.relkind = 'S' AND d.refobjid = to_regclass($1)`,
      [quote(live)],
    );
    for (const { name } of sequences) {
      if (name.includes(fresh))
        await tx.query(`ALTER SEQUENCE ${quote(name)} RENAME TO ${quote(renamed(name))}`);
    }
  }
  await writeCheckpoint(tx, t.projection.name, position);
  await tx.query('DELETE FROM projection_checkpoints WHERE name = $1', [
    rebuildCheckpointName(t.projection.name),
  ]);
}

/** One rebuild per projection at a time, across processes (PostgreSQL) or in this process. */
const rebuildingHere = new Set<string>();

async function takeRebuildLocks(db: SqlClient, names: string[]): Promise<() => Promise<void>> {
  const busy = names.find((n) => rebuildingHere.has(n));
  if (busy) throw new RebuildInProgressError(busy);
  names.forEach((n) => rebuildingHere.add(n));
  let session: { client: Client; scope: string } | undefined;
  const release = async () => {
    names.forEach((n) => rebuildingHere.delete(n));
    await session?.client.end().catch(() => undefined);
  };
  if (db.kind !== 'postgres') return release;
  try {
    session = await openSessionConnection(db as PostgresClient);
    for (const name of names) {
      const { rows } = await session.client.query<{ ok: boolean }>(
        'SELECT pg_try_advisory_lock($1::bigint) AS ok',
        [advisoryKey(`rebuild:${session.scope}:${name}`)],
      );
      if (!rows[0]?.ok) throw new RebuildInProgressError(name);
    }
    return release;
  } catch (e) {
    await release();
    throw e;
  }
}
