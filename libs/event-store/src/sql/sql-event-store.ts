import { randomUUID } from 'node:crypto';
import { IdempotencyConflictError, UnknownPositionError, WrongExpectedVersionError } from '../errors';
import { eventHash } from '../hash';
import { CatchUpSubscription } from '../subscription';
import {
  AppendContext,
  AppendResult,
  EventMetadata,
  EventStore,
  EventStoreHealth,
  ExpectedRevision,
  NewEvent,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamWrite,
  Subscription,
  SubscriptionOptions,
  VerifyResult,
} from '../types';
import { UpcasterRegistry } from '../upcasting';
import { EVENT_STORE_SCHEMA } from './schema';
import { SqlClient, SqlQueryable } from './sql-client';

const NOTIFY_CHANNEL = 'es_appended';

interface EventRow {
  global_position: number;
  event_id: string;
  stream_id: string;
  stream_revision: number;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  hash: string;
  prev_hash: string | null;
}

export interface SqlEventStoreOptions {
  upcasters?: UpcasterRegistry;
  /**
   * Test-only: read in plain position order with no regard for transactions still running.
   * Exists so the contract suite can show that guarantee 3 is what prevents skipped events.
   */
  unsafeIgnoreTransactionOrder?: boolean;
  /** Test-only: runs inside the append transaction just before COMMIT. */
  beforeCommit?: (streamIds: string[]) => Promise<void>;
  pollMs?: number;
}

const isUniqueViolation = (e: unknown): boolean => (e as { code?: string })?.code === '23505';

/** The PostgreSQL and PGlite adapter: the same SQL on either engine. */
export class SqlEventStore implements EventStore {
  private readonly localSubscriptions = new Set<CatchUpSubscription>();
  private unlisten?: () => Promise<void>;

  private constructor(
    readonly sql: SqlClient,
    private readonly options: SqlEventStoreOptions,
  ) {}

  get kind(): 'pglite' | 'postgres' {
    return this.sql.kind;
  }

  static async create(sql: SqlClient, options: SqlEventStoreOptions = {}): Promise<SqlEventStore> {
    // Concurrent first starts race on CREATE IF NOT EXISTS; an advisory lock serialises them.
    await sql.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(7300001)');
      for (const stmt of EVENT_STORE_SCHEMA.split(';').map((s) => s.trim()).filter(Boolean)) {
        await tx.query(stmt);
      }
    });
    const store = new SqlEventStore(sql, options);
    store.unlisten = await sql.listen(NOTIFY_CHANNEL, () => store.wakeSubscriptions());
    return store;
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision, ctx: AppendContext): Promise<AppendResult> {
    const [result] = await this.appendMany([{ streamId, events, expected }], ctx);
    return result;
  }

  async appendMany(writes: StreamWrite[], ctx: AppendContext): Promise<AppendResult[]> {
    const prepared = writes.map((w) => ({ ...w, events: w.events.map((e) => ({ ...e, id: e.id ?? randomUUID() })) }));
    const ids = prepared.flatMap((w) => w.events.map((e) => e.id));
    if (new Set(ids).size !== ids.length) throw new Error('Duplicate event ids within one append');
    try {
      const results = await this.sql.transaction(async (tx) => {
        const existing = await this.existingResults(tx, prepared);
        if (existing) return existing;
        const out: AppendResult[] = [];
        for (const w of prepared) out.push(await this.appendInTx(tx, w.streamId, w.events, w.expected, ctx));
        await tx.query(`SELECT pg_notify('${NOTIFY_CHANNEL}', '')`);
        if (this.options.beforeCommit) await this.options.beforeCommit(prepared.map((w) => w.streamId));
        return out;
      });
      this.wakeSubscriptions();
      return results;
    } catch (e) {
      // A concurrent retry with the same ids may have won: then this append is a no-op.
      if (e instanceof WrongExpectedVersionError || isUniqueViolation(e)) {
        const existing = await this.existingResults(this.sql, prepared);
        if (existing) return existing;
        if (isUniqueViolation(e) && !(e instanceof WrongExpectedVersionError)) {
          const w = prepared[0];
          const constraint = (e as { constraint?: string }).constraint ?? '';
          if (constraint.includes('stream_id')) {
            throw new WrongExpectedVersionError(w.streamId, w.expected, -1);
          }
        }
      }
      throw e;
    }
  }

  /** All ids already stored in the same streams → the results of the first append; none → null. */
  private async existingResults(
    q: SqlQueryable,
    writes: Array<{ streamId: string; events: Array<NewEvent & { id: string }> }>,
  ): Promise<AppendResult[] | null> {
    const ids = writes.flatMap((w) => w.events.map((e) => e.id));
    if (ids.length === 0) return null;
    const { rows } = await q.query<{ event_id: string; stream_id: string; stream_revision: number; global_position: number }>(
      'SELECT event_id, stream_id, stream_revision, global_position FROM es_events WHERE event_id = ANY($1::uuid[])',
      [ids],
    );
    if (rows.length === 0) return null;
    const byId = new Map(rows.map((r) => [r.event_id, r]));
    const misplaced = writes.flatMap((w) =>
      w.events.filter((e) => byId.get(e.id) && byId.get(e.id)!.stream_id !== w.streamId).map((e) => e.id),
    );
    if (rows.length !== ids.length || misplaced.length > 0) {
      throw new IdempotencyConflictError(writes[0].streamId, rows.map((r) => r.event_id));
    }
    return writes.map((w) => {
      const last = byId.get(w.events[w.events.length - 1].id)!;
      return { nextRevision: last.stream_revision, position: last.global_position, written: false };
    });
  }

  private async appendInTx(
    tx: SqlQueryable,
    streamId: string,
    events: Array<NewEvent & { id: string }>,
    expected: ExpectedRevision,
    ctx: AppendContext,
  ): Promise<AppendResult> {
    let revision: number;
    let prevHash: string | null;
    if (expected === 'no_stream') {
      // Blocks on a concurrent creator until it commits; then DO NOTHING: exactly one wins.
      const created = await tx.query(
        'INSERT INTO es_streams (stream_id, revision, last_hash) VALUES ($1, -1, NULL) ON CONFLICT DO NOTHING RETURNING stream_id',
        [streamId],
      );
      if (created.rowCount === 0) {
        const cur = await tx.query<{ revision: number }>('SELECT revision FROM es_streams WHERE stream_id = $1', [streamId]);
        throw new WrongExpectedVersionError(streamId, expected, cur.rows[0]?.revision ?? -1);
      }
      revision = -1;
      prevHash = null;
    } else {
      const cur = await tx.query<{ revision: number; last_hash: string | null }>(
        'SELECT revision, last_hash FROM es_streams WHERE stream_id = $1 FOR UPDATE',
        [streamId],
      );
      const row = cur.rows[0];
      if (!row) {
        if (expected !== 'any') throw new WrongExpectedVersionError(streamId, expected, 'no_stream');
        const created = await tx.query(
          'INSERT INTO es_streams (stream_id, revision, last_hash) VALUES ($1, -1, NULL) ON CONFLICT DO NOTHING RETURNING stream_id',
          [streamId],
        );
        if (created.rowCount === 0) throw new WrongExpectedVersionError(streamId, expected, -1);
        revision = -1;
        prevHash = null;
      } else {
        if (typeof expected === 'number' && row.revision !== expected) {
          throw new WrongExpectedVersionError(streamId, expected, row.revision);
        }
        revision = row.revision;
        prevHash = row.last_hash;
      }
    }
    if (events.length === 0) return { nextRevision: revision, position: 0, written: false };

    const recordedAt = new Date().toISOString();
    const values: unknown[] = [];
    const tuples: string[] = [];
    for (const e of events) {
      revision += 1;
      const metadata: EventMetadata = {
        actor: ctx.actor,
        correlationId: ctx.correlationId,
        causationId: ctx.causationId ?? null,
        schemaVersion: e.schemaVersion ?? 1,
        recordedAt,
      };
      const hash = eventHash({ streamId, revision, type: e.type, data: e.data, metadata, prevHash });
      const p = values.length;
      tuples.push(`($${p + 1}::uuid, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}::jsonb, $${p + 6}::jsonb, $${p + 7}, $${p + 8})`);
      values.push(e.id, streamId, revision, e.type, JSON.stringify(e.data), JSON.stringify(metadata), hash, prevHash);
      prevHash = hash;
    }
    const inserted = await tx.query<{ global_position: number }>(
      `INSERT INTO es_events (event_id, stream_id, stream_revision, type, data, metadata, hash, prev_hash)
       VALUES ${tuples.join(', ')} RETURNING global_position`,
      values,
    );
    await tx.query('UPDATE es_streams SET revision = $2, last_hash = $3 WHERE stream_id = $1', [streamId, revision, prevHash]);
    const position = Math.max(...inserted.rows.map((r) => r.global_position));
    return { nextRevision: revision, position, written: true };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const params: unknown[] = [streamId];
    let where = 'stream_id = $1';
    if (options.fromRevision !== undefined) {
      params.push(options.fromRevision);
      where += backwards ? ` AND stream_revision <= $2` : ` AND stream_revision >= $2`;
    }
    params.push(options.maxCount ?? 1_000_000);
    const { rows } = await this.sql.query<EventRow>(
      `SELECT global_position, event_id, stream_id, stream_revision, type, data, metadata, hash, prev_hash
       FROM es_events WHERE ${where} ORDER BY stream_revision ${backwards ? 'DESC' : 'ASC'} LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => this.toRecorded(r));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.limit ?? 1000;
    const params: unknown[] = [];
    const where: string[] = [];
    if (this.options.unsafeIgnoreTransactionOrder) {
      params.push(options.after ?? 0);
      where.push(`global_position > $${params.length}`);
    } else {
      // Guarantee 3: commit order is (tx_id, position), and only transactions older than every
      // running one are safe to read: a later reader can never find an event before this batch.
      where.push('tx_id < pg_snapshot_xmin(pg_current_snapshot())');
      if (options.after && options.after > 0) {
        const { rows } = await this.sql.query<{ tx_id: string }>(
          'SELECT tx_id::text AS tx_id FROM es_events WHERE global_position = $1',
          [options.after],
        );
        if (!rows[0]) throw new UnknownPositionError(options.after);
        params.push(rows[0].tx_id, options.after);
        where.push(`(tx_id, global_position) > ($${params.length - 1}::xid8, $${params.length}::bigint)`);
      }
    }
    if (options.streamPrefixes?.length) {
      params.push(options.streamPrefixes.map((p) => `${p.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
      where.push(`stream_id LIKE ANY($${params.length}::text[])`);
    }
    if (options.types?.length) {
      params.push(options.types);
      where.push(`type = ANY($${params.length}::text[])`);
    }
    params.push(limit);
    const order = this.options.unsafeIgnoreTransactionOrder ? 'global_position' : 'tx_id, global_position';
    const { rows } = await this.sql.query<EventRow>(
      `SELECT global_position, event_id, stream_id, stream_revision, type, data, metadata, hash, prev_hash
       FROM es_events WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => this.toRecorded(r));
  }

  async headPosition(): Promise<Position> {
    const { rows } = await this.sql.query<{ p: number | null }>(
      `SELECT global_position AS p FROM es_events WHERE tx_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY tx_id DESC, global_position DESC LIMIT 1`,
    );
    return rows[0]?.p ?? 0;
  }

  subscribe(options: SubscriptionOptions): Subscription {
    const sub = new CatchUpSubscription(this, options, this.options.pollMs ?? 200);
    this.localSubscriptions.add(sub);
    const stop = sub.stop.bind(sub);
    sub.stop = async () => {
      this.localSubscriptions.delete(sub);
      await stop();
    };
    return sub;
  }

  async verify(options: { streamId?: string } = {}): Promise<VerifyResult> {
    const lastHash = new Map<string, { revision: number; hash: string }>();
    let checked = 0;
    let after = 0;
    const pageSize = 5000;
    for (;;) {
      const params: unknown[] = [after, pageSize];
      let filter = '';
      if (options.streamId) {
        params.push(options.streamId);
        filter = 'AND stream_id = $3';
      }
      // Raw rows in insertion order: hashing must see the stored bytes, never upcast data.
      const { rows } = await this.sql.query<EventRow>(
        `SELECT global_position, event_id, stream_id, stream_revision, type, data, metadata, hash, prev_hash
         FROM es_events WHERE global_position > $1 ${filter} ORDER BY global_position LIMIT $2`,
        params,
      );
      if (rows.length === 0) break;
      for (const r of rows) {
        checked += 1;
        const prev = lastHash.get(r.stream_id);
        const expectedPrev = prev?.hash ?? null;
        const expectedRevision = prev ? prev.revision + 1 : 0;
        const recomputed = eventHash({
          streamId: r.stream_id,
          revision: r.stream_revision,
          type: r.type,
          data: r.data,
          metadata: r.metadata,
          prevHash: r.prev_hash,
        });
        let reason: string | undefined;
        if (r.stream_revision !== expectedRevision) reason = `revision ${r.stream_revision} where ${expectedRevision} was expected`;
        else if (r.prev_hash !== expectedPrev) reason = 'previous-hash link broken';
        else if (recomputed !== r.hash) reason = 'hash does not match the stored event';
        if (reason) {
          return {
            eventsChecked: checked,
            ok: false,
            firstMismatch: { streamId: r.stream_id, revision: r.stream_revision, position: r.global_position, eventId: r.event_id, reason },
          };
        }
        lastHash.set(r.stream_id, { revision: r.stream_revision, hash: r.hash });
      }
      after = rows[rows.length - 1].global_position;
    }
    return { eventsChecked: checked, ok: true };
  }

  async health(): Promise<EventStoreHealth> {
    try {
      await this.sql.query('SELECT 1');
      return { ok: true, detail: this.sql.description };
    } catch (e) {
      return { ok: false, detail: (e as Error).message };
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.localSubscriptions].map((s) => s.stop()));
    await this.unlisten?.().catch(() => undefined);
    await this.sql.close();
  }

  private wakeSubscriptions(): void {
    this.localSubscriptions.forEach((s) => s.wake());
  }

  private toRecorded(r: EventRow): RecordedEvent {
    const event: RecordedEvent = {
      eventId: r.event_id,
      streamId: r.stream_id,
      revision: r.stream_revision,
      position: r.global_position,
      type: r.type,
      data: r.data,
      metadata: r.metadata,
      hash: r.hash,
      prevHash: r.prev_hash,
    };
    return this.options.upcasters ? this.options.upcasters.upcast(event) : event;
  }
}
