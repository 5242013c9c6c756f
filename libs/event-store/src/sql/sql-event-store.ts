import { ADVISORY_LOCKS } from './advisory-locks';
import { randomUUID } from 'node:crypto';
import {
  EmptyAppendError,
  EventIdReusedError,
  IdempotencyConflictError,
  UnknownPositionError,
  WrongExpectedVersionError,
} from '../errors';
import { canonicalJson, eventHash } from '../hash';
import { appendAsOutcome, checkStreamBatch } from '../stream-batch';
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
  StreamWriteOutcome,
  Subscription,
  SubscriptionOptions,
  VerifyResult,
} from '../types';
import { UpcasterRegistry } from '../upcasting';
import {
  APPEND_FUNCTION,
  APPEND_MANY_FUNCTION,
  APPEND_STREAMS_FUNCTION,
  DROP_OLD_APPEND_STREAMS,
  EVENT_STORE_SCHEMA,
} from './schema';
import { SqlClient, SqlQueryable } from './sql-client';
import { migrateEventsTable } from './schema-migrations';

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

const actualOf = (detail: string | undefined): number | 'no_stream' =>
  detail === 'no_stream' || detail === undefined || detail === '' ? 'no_stream' : Number(detail);
const isUniqueViolation = (e: unknown): boolean => (e as { code?: string })?.code === '23505';
const WRONG_VERSION = 'ES001';
const STALE_HEAD = 'ES003';
/** appendStreams: some streams of the batch refused (DETAIL lists them); nothing was written. */
const BATCH_REFUSED = 'ES005';
const DEADLOCK = '40P01';
/** Stream heads (revision, hash) this process knows, so an append needs no read first. */
const MAX_CACHED_HEADS = 100_000;
/** Transaction ids of the last events pages ended at (one per catch-up loop, and some spare). */
const MAX_CACHED_TX_IDS = 1024;

interface AppendPlan {
  streamId: string;
  expected: 'no_stream' | number;
  prevHash: string | null;
  events: Array<{
    id: string;
    type: string;
    data: unknown;
    metadata: EventMetadata;
    hash: string;
    prevHash: string | null;
  }>;
  lastHash: string | null;
}

/** The PostgreSQL and PGlite adapter: the same SQL on either engine. */
export class SqlEventStore implements EventStore {
  private readonly localSubscriptions = new Set<CatchUpSubscription>();
  private readonly heads = new Map<string, { revision: number; hash: string }>();
  private readonly txIds = new Map<Position, string>();
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
      await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [ADVISORY_LOCKS.eventStoreSchema]);
      for (const stmt of EVENT_STORE_SCHEMA.split(';')
        .map((s) => s.trim())
        .filter(Boolean)) {
        await tx.query(stmt);
      }
      await migrateEventsTable(tx);
      await tx.query(APPEND_FUNCTION);
      await tx.query(APPEND_MANY_FUNCTION);
      await tx.query(DROP_OLD_APPEND_STREAMS);
      await tx.query(APPEND_STREAMS_FUNCTION);
    });
    const store = new SqlEventStore(sql, options);
    store.unlisten = await sql.listen(NOTIFY_CHANNEL, () => store.wakeSubscriptions());
    return store;
  }

  async append(
    streamId: string,
    events: NewEvent[],
    expected: ExpectedRevision,
    ctx: AppendContext,
  ): Promise<AppendResult> {
    const [result] = await this.appendMany([{ streamId, events, expected }], ctx);
    return result;
  }

  async appendMany(writes: StreamWrite[], ctx: AppendContext): Promise<AppendResult[]> {
    const empty = writes.find((w) => w.events.length === 0);
    if (empty) throw new EmptyAppendError(empty.streamId);
    const prepared = writes.map((w) => ({
      ...w,
      events: w.events.map((e) => ({ ...e, id: e.id ?? randomUUID() })),
    }));
    const ids = prepared.flatMap((w) => w.events.map((e) => e.id));
    if (new Set(ids).size !== ids.length) throw new Error('Duplicate event ids within one append');
    for (let attempt = 0; ; attempt++) {
      try {
        const heads = await this.readHeads(prepared);
        const plans = prepared.map((w) => this.plan(w, w.ctx ?? ctx, heads));
        // One statement is its own transaction: without a hook to run before the commit, an
        // append of one stream or many (a roster chunk, a claim and its index) is one round trip.
        const results = !this.options.beforeCommit
          ? plans.length === 1
            ? [await this.execute(this.sql, plans[0])]
            : await this.executeMany(this.sql, plans)
          : await this.sql.transaction(async (tx) => {
              const out =
                plans.length === 1 ? [await this.execute(tx, plans[0])] : await this.executeMany(tx, plans);
              await this.options.beforeCommit!(plans.map((p) => p.streamId));
              return out;
            });
        plans.forEach((p, i) => {
          if (p.lastHash) this.heads.set(p.streamId, { revision: results[i].nextRevision, hash: p.lastHash });
        });
        this.trimHeads();
        this.wakeSubscriptions();
        return results;
      } catch (e) {
        prepared.forEach((w) => this.heads.delete(w.streamId));
        const code = (e as { code?: string }).code;
        if (code === STALE_HEAD && attempt < 5) continue;
        if (code === WRONG_VERSION || isUniqueViolation(e)) {
          // A retry of an append that already happened is a no-op (guarantee 2).
          const existing = await this.existingResults(this.sql, prepared);
          if (existing) return existing;
          const retryable = prepared.some((w) => w.expected === 'any' || w.expected === 'stream_exists');
          if (retryable && attempt < 5) continue;
          const failed =
            prepared.find((w) => String((e as Error).message).includes(w.streamId)) ?? prepared[0];
          const detail = (e as { detail?: string }).detail;
          throw new WrongExpectedVersionError(
            failed.streamId,
            failed.expected,
            detail === 'no_stream'
              ? 'no_stream'
              : detail !== undefined && detail !== ''
                ? Number(detail)
                : -1,
          );
        }
        throw e;
      }
    }
  }

  /**
   * docs/event-store.md "Batches of streams": every write planned from the cached or read heads
   * (one query for the uncached), then one set-based statement for the batch. A conflicting
   * stream makes the statement write nothing and is answered with its revision; the next
   * statement writes the rest. A conflict that is a retry of events already stored is a success
   * that wrote nothing (guarantee 2).
   */
  async appendStreams(writes: StreamWrite[], ctx: AppendContext): Promise<StreamWriteOutcome[]> {
    checkStreamBatch(writes);
    const prepared = writes.map((w) => ({
      ...w,
      events: w.events.map((e) => ({ ...e, id: e.id ?? randomUUID() })),
    }));
    const ids = prepared.flatMap((w) => w.events.map((e) => e.id));
    if (new Set(ids).size !== ids.length) throw new Error('Duplicate event ids within one append');
    const outcomes: StreamWriteOutcome[] = new Array(writes.length);
    const conflicts: Array<{ i: number; actual: number | 'no_stream' }> = [];
    let pending = prepared.map((_, i) => i);
    for (let attempt = 0; pending.length > 0; attempt++) {
      const heads = await this.readHeads(pending.map((i) => prepared[i]));
      const plans: Array<{ i: number; plan: AppendPlan }> = [];
      for (const i of pending) {
        try {
          plans.push({ i, plan: this.plan(prepared[i], prepared[i].ctx ?? ctx, heads) });
        } catch (e) {
          if ((e as { code?: string }).code !== WRONG_VERSION) throw e;
          conflicts.push({ i, actual: actualOf((e as { detail?: string }).detail) });
        }
      }
      if (plans.length === 0) break;
      let refused: Map<string, string>;
      try {
        const { rows } = await this.executeStreams(plans.map((p) => p.plan));
        plans.forEach(({ i, plan }, k) => {
          const row = rows[k];
          if (plan.lastHash)
            this.heads.set(plan.streamId, { revision: Number(row.o_next), hash: plan.lastHash });
          outcomes[i] = {
            streamId: plan.streamId,
            ok: true,
            result: { nextRevision: Number(row.o_next), position: Number(row.o_last), written: true },
          };
        });
        this.trimHeads();
        this.wakeSubscriptions();
        break;
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code !== BATCH_REFUSED) plans.forEach((p) => this.heads.delete(p.plan.streamId));
        if ((code === STALE_HEAD || code === DEADLOCK) && attempt < 5) continue;
        if (isUniqueViolation(e)) {
          // An event id stored elsewhere: each write alone, with append's checks and errors.
          for (const { i } of plans)
            outcomes[i] = await appendAsOutcome(this, prepared[i], prepared[i].ctx ?? ctx);
          break;
        }
        if (code !== BATCH_REFUSED) throw e;
        refused = new Map(JSON.parse((e as { detail: string }).detail) as Array<[string, string]>);
      }
      // Nothing written: the refused streams are conflicts (or, chained from a stale head or
      // with a revision-free expectation, retried); the rest go again in the next statement.
      pending = [];
      for (const { i, plan } of plans) {
        const actual = refused.get(plan.streamId);
        if (actual === undefined) {
          pending.push(i);
          continue;
        }
        this.heads.delete(plan.streamId);
        const loose = prepared[i].expected === 'any' || prepared[i].expected === 'stream_exists';
        if ((actual === 'stale' || loose) && attempt < 5) pending.push(i);
        else conflicts.push({ i, actual: actual === 'stale' ? -1 : actualOf(actual) });
      }
    }
    await this.resolveConflicts(prepared, conflicts, outcomes);
    return outcomes;
  }

  /** Conflicts of appendStreams: a retry of stored events succeeds; anything else is refused. */
  private async resolveConflicts(
    writes: Array<{ streamId: string; expected: ExpectedRevision; events: Array<NewEvent & { id: string }> }>,
    conflicts: Array<{ i: number; actual: number | 'no_stream' }>,
    outcomes: StreamWriteOutcome[],
  ): Promise<void> {
    if (conflicts.length === 0) return;
    const { rows } = await this.sql.query<{ event_id: string }>(
      'SELECT event_id FROM es_events WHERE event_id = ANY($1::uuid[])',
      [conflicts.flatMap(({ i }) => writes[i].events.map((e) => e.id))],
    );
    const stored = new Set(rows.map((r) => r.event_id));
    for (const { i, actual } of conflicts) {
      const w = writes[i];
      const refusal = new WrongExpectedVersionError(w.streamId, w.expected, actual);
      if (!w.events.some((e) => stored.has(e.id))) {
        outcomes[i] = { streamId: w.streamId, ok: false, error: refusal };
        continue;
      }
      try {
        const existing = await this.existingResults(this.sql, [w]);
        outcomes[i] = existing
          ? { streamId: w.streamId, ok: true, result: existing[0] }
          : { streamId: w.streamId, ok: false, error: refusal };
      } catch (e) {
        if (!(e instanceof IdempotencyConflictError)) throw e;
        outcomes[i] = { streamId: w.streamId, ok: false, error: e };
      }
    }
  }

  private executeStreams(plans: AppendPlan[]) {
    const events = plans.flatMap((p) => {
      let revision = p.expected === 'no_stream' ? -1 : p.expected;
      return p.events.map((e) => ({
        i: e.id,
        s: p.streamId,
        r: ++revision,
        t: e.type,
        d: e.data,
        m: e.metadata,
        h: e.hash,
        p: e.prevHash,
      }));
    });
    return this.sql.query<{ o_stream: string; o_next: string; o_last: string }>(
      `SELECT o_stream, o_next, o_last FROM es_append_streams($1::text[], $2::bigint[], $3::text[],
         $4::text[], $5::int[], $6::json)`,
      [
        plans.map((p) => p.streamId),
        plans.map((p) => (p.expected === 'no_stream' ? -1 : p.expected)),
        plans.map((p) => p.prevHash),
        plans.map((p) => p.lastHash),
        plans.map((p) => p.events.length),
        JSON.stringify(events),
      ],
    );
  }

  async streamRevisions(streamIds: string[]): Promise<Map<string, number>> {
    const out = new Map(streamIds.map((id) => [id, -1]));
    if (streamIds.length === 0) return out;
    const { rows } = await this.sql.query<{ stream_id: string; revision: string }>(
      'SELECT stream_id, revision FROM es_streams WHERE stream_id = ANY($1::text[])',
      [streamIds],
    );
    for (const r of rows) out.set(r.stream_id, Number(r.revision));
    return out;
  }

  /** Heads to chain from: the cached ones relied on (copied, see below), one query for the rest. */
  private async readHeads(
    writes: Array<{ streamId: string; expected: ExpectedRevision }>,
  ): Promise<Map<string, { revision: number; last_hash: string | null }>> {
    // The cached heads relied on are copied into the answer: another append may trim the cache
    // while the query below runs, and plan() must not then find neither.
    const heads = new Map<string, { revision: number; last_hash: string | null }>();
    const needed = writes
      .filter((w) => {
        if (w.expected === 'no_stream') return false;
        const cached = this.heads.get(w.streamId);
        if (typeof w.expected === 'number' && cached && cached.revision === w.expected) {
          heads.set(w.streamId, { revision: cached.revision, last_hash: cached.hash });
          return false;
        }
        return true;
      })
      .map((w) => w.streamId);
    if (needed.length === 0) return heads;
    const { rows } = await this.sql.query<{ stream_id: string; revision: number; last_hash: string | null }>(
      'SELECT stream_id, revision, last_hash FROM es_streams WHERE stream_id = ANY($1::text[])',
      [needed],
    );
    for (const r of rows) heads.set(r.stream_id, { revision: Number(r.revision), last_hash: r.last_hash });
    return heads;
  }

  /** Revision and previous hash to chain from: the cached head, or the one read for it. */
  private plan(
    w: { streamId: string; events: Array<NewEvent & { id: string }>; expected: ExpectedRevision },
    ctx: AppendContext,
    heads: Map<string, { revision: number; last_hash: string | null }>,
  ): AppendPlan {
    let expected: 'no_stream' | number;
    let prevHash: string | null = null;
    if (w.expected === 'no_stream') {
      expected = 'no_stream';
    } else {
      const cached = this.heads.get(w.streamId);
      if (typeof w.expected === 'number' && cached && cached.revision === w.expected) {
        expected = w.expected;
        prevHash = cached.hash;
      } else {
        const head = heads.get(w.streamId);
        if (!head) {
          if (w.expected !== 'any')
            throw Object.assign(new Error(`wrong expected version on ${w.streamId}`), {
              code: WRONG_VERSION,
              detail: 'no_stream',
            });
          expected = 'no_stream';
        } else {
          if (typeof w.expected === 'number' && head.revision !== w.expected) {
            throw Object.assign(new Error(`wrong expected version on ${w.streamId}`), {
              code: WRONG_VERSION,
              detail: String(head.revision),
            });
          }
          expected = head.revision;
          prevHash = head.last_hash;
        }
      }
    }
    const recordedAt = new Date().toISOString();
    let revision = expected === 'no_stream' ? -1 : expected;
    const firstPrev = prevHash;
    const events = w.events.map((e) => {
      revision += 1;
      const metadata: EventMetadata = {
        actor: ctx.actor,
        correlationId: ctx.correlationId,
        causationId: ctx.causationId ?? null,
        schemaVersion: e.schemaVersion ?? 1,
        recordedAt,
      };
      const hash = eventHash({
        streamId: w.streamId,
        revision,
        type: e.type,
        data: e.data,
        metadata,
        prevHash,
      });
      const row = { id: e.id, type: e.type, data: e.data, metadata, hash, prevHash };
      prevHash = hash;
      return row;
    });
    return {
      streamId: w.streamId,
      expected,
      prevHash: firstPrev,
      events,
      lastHash: events.length ? prevHash : null,
    };
  }

  private async execute(q: SqlQueryable, plan: AppendPlan): Promise<AppendResult> {
    const { rows } = await q.query<{ next_revision: number; last_position: number }>(
      'SELECT next_revision, last_position FROM es_append($1, $2, $3, $4::jsonb)',
      [plan.streamId, String(plan.expected), plan.prevHash, JSON.stringify(plan.events)],
    );
    return {
      nextRevision: Number(rows[0].next_revision),
      position: Number(rows[0].last_position),
      written: plan.events.length > 0,
    };
  }

  private async executeMany(q: SqlQueryable, plans: AppendPlan[]): Promise<AppendResult[]> {
    const writes = plans.map((p) => ({
      streamId: p.streamId,
      expected: String(p.expected),
      prevHash: p.prevHash,
      events: p.events,
    }));
    const { rows } = await q.query<{ next_revision: number; last_position: number }>(
      'SELECT next_revision, last_position FROM es_append_many($1::jsonb)',
      [JSON.stringify(writes)],
    );
    return rows.map((r, i) => ({
      nextRevision: Number(r.next_revision),
      position: Number(r.last_position),
      written: plans[i].events.length > 0,
    }));
  }

  private rememberTxId(position: Position, txId: string): void {
    this.txIds.set(position, txId);
    if (this.txIds.size > MAX_CACHED_TX_IDS) this.txIds.delete(this.txIds.keys().next().value!);
  }

  private trimHeads(): void {
    if (this.heads.size <= MAX_CACHED_HEADS) return;
    const drop = this.heads.size - MAX_CACHED_HEADS;
    let i = 0;
    for (const key of this.heads.keys()) {
      if (i++ >= drop) break;
      this.heads.delete(key);
    }
  }

  /**
   * A retry of an append already stored → the results of the first append; none stored → null.
   * Only a repeat of the same events is a retry: every id stored, as the same event (type, data,
   * schema version), in the same stream, consecutively, and where the expected revision allows:
   * `no_stream` at revision 0; a number at the next revision, or before it (a process manager
   * replaying a decision the stream it read already holds), never after it (the writer had not
   * seen it there) nor on a revision the stream never reached.
   */
  private async existingResults(
    q: SqlQueryable,
    writes: Array<{ streamId: string; events: Array<NewEvent & { id: string }>; expected: ExpectedRevision }>,
  ): Promise<AppendResult[] | null> {
    const ids = writes.flatMap((w) => w.events.map((e) => e.id));
    if (ids.length === 0) return null;
    const { rows } = await q.query<{
      event_id: string;
      stream_id: string;
      stream_revision: number;
      global_position: number;
      type: string;
      data: unknown;
      schema_version: number | null;
    }>(
      `SELECT event_id, stream_id, stream_revision, global_position, type, data,
              (metadata->>'schemaVersion')::int AS schema_version
       FROM es_events WHERE event_id = ANY($1::uuid[])`,
      [ids],
    );
    if (rows.length === 0) return null;
    const byId = new Map(rows.map((r) => [r.event_id, r]));
    const misplaced = writes.flatMap((w) =>
      w.events.filter((e) => byId.get(e.id) && byId.get(e.id)!.stream_id !== w.streamId).map((e) => e.id),
    );
    if (rows.length === ids.length && misplaced.length > 0) {
      const w = writes.find((x) => x.events.some((e) => e.id === misplaced[0]))!;
      throw new EventIdReusedError(w.streamId, misplaced[0], 'stored in another stream');
    }
    if (rows.length !== ids.length || misplaced.length > 0) {
      throw new IdempotencyConflictError(
        writes[0].streamId,
        rows.map((r) => r.event_id),
      );
    }
    const heads = new Map(
      (
        await q.query<{ stream_id: string; revision: number }>(
          'SELECT stream_id, revision FROM es_streams WHERE stream_id = ANY($1::text[])',
          [writes.map((w) => w.streamId)],
        )
      ).rows.map((r) => [r.stream_id, Number(r.revision)]),
    );
    for (const w of writes) {
      const first = Number(byId.get(w.events[0].id)!.stream_revision);
      const head = heads.get(w.streamId) ?? -1;
      const placed =
        w.expected === 'no_stream'
          ? first === 0
          : typeof w.expected === 'number'
            ? first <= w.expected + 1 && w.expected <= head
            : true;
      w.events.forEach((e, i) => {
        const stored = byId.get(e.id)!;
        const reason =
          stored.type !== e.type
            ? `stored as ${stored.type}`
            : canonicalJson(stored.data) !== canonicalJson(JSON.parse(JSON.stringify(e.data ?? null)))
              ? 'stored with other data'
              : (stored.schema_version ?? 1) !== (e.schemaVersion ?? 1)
                ? `stored as schema version ${stored.schema_version ?? 1}`
                : Number(stored.stream_revision) !== first + i || !placed
                  ? `stored at revision ${stored.stream_revision}, inconsistent with expected revision ${w.expected}`
                  : undefined;
        if (reason) throw new EventIdReusedError(w.streamId, e.id, reason);
      });
    }
    return writes.map((w) => {
      const last = byId.get(w.events[w.events.length - 1].id)!;
      return { nextRevision: last.stream_revision, position: last.global_position, written: false };
    });
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
    if (
      !backwards &&
      options.fromRevision === undefined &&
      options.maxCount === undefined &&
      rows.length > 0
    ) {
      const last = rows[rows.length - 1];
      this.heads.set(streamId, { revision: last.stream_revision, hash: last.hash });
    }
    return rows.map((r) => this.toRecorded(r));
  }

  /**
   * Several whole streams in one statement (for callers that gather concurrent reads, e.g. the
   * payout path's group commit); each stream exactly as `readStream` without options returns it.
   */
  async readStreams(streamIds: string[]): Promise<Map<string, RecordedEvent[]>> {
    const out = new Map<string, RecordedEvent[]>(streamIds.map((id) => [id, []]));
    if (streamIds.length === 0) return out;
    const { rows } = await this.sql.query<EventRow>(
      `SELECT global_position, event_id, stream_id, stream_revision, type, data, metadata, hash, prev_hash
       FROM es_events WHERE stream_id = ANY($1::text[]) ORDER BY stream_id, stream_revision`,
      [[...new Set(streamIds)]],
    );
    for (const r of rows) out.get(r.stream_id)?.push(this.toRecorded(r));
    for (const [streamId, events] of out) {
      const last = events[events.length - 1];
      if (last) this.heads.set(streamId, { revision: last.revision, hash: last.hash });
    }
    return out;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return (await this.readAllWithHorizon(options)).events;
  }

  /** Every transaction with an id below this has finished: what "committed by now" means. */
  async commitHorizon(): Promise<bigint> {
    const { rows } = await this.sql.query<{ h: string }>(
      'SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS h',
    );
    return BigInt(rows[0].h);
  }

  /** readAll, plus the horizon (snapshot xmin) below which every transaction had finished. */
  async readAllWithHorizon(
    options: ReadAllOptions = {},
  ): Promise<{ events: RecordedEvent[]; horizon: bigint; scannedTo?: Position }> {
    const limit = options.limit ?? 1000;
    const params: unknown[] = [];
    const where: string[] = [];
    let afterTx: string | undefined;
    if (this.options.unsafeIgnoreTransactionOrder) {
      params.push(options.after ?? 0);
      where.push(`global_position > $${params.length}`);
    } else {
      // Guarantee 3: commit order is (tx_id, position), and only transactions older than every
      // running one are safe to read: a later reader can never find an event before this batch.
      where.push('tx_id < pg_snapshot_xmin(pg_current_snapshot())');
      if (options.after && options.after > 0) {
        let txId = this.txIds.get(options.after);
        if (txId === undefined) {
          const { rows } = await this.sql.query<{ tx_id: string }>(
            'SELECT tx_id::text AS tx_id FROM es_events WHERE global_position = $1',
            [options.after],
          );
          if (!rows[0]) throw new UnknownPositionError(options.after);
          txId = rows[0].tx_id;
        }
        afterTx = txId;
        params.push(txId, options.after);
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
    // The horizon and the head come from the same statement's snapshot as the rows, so they
    // describe them: the head is the last event in commit order below the horizon.
    // Only a filtered read can stop short of the head with events left unlooked-at behind it; an
    // unfiltered short page ends at the head already, so it skips this look-up.
    const filtered = Boolean(options.streamPrefixes?.length || options.types?.length);
    const head = !filtered
      ? 'SELECT NULL::bigint AS head_position, NULL::text AS head_tx'
      : this.options.unsafeIgnoreTransactionOrder
        ? 'SELECT global_position AS head_position, tx_id::text AS head_tx FROM es_events ORDER BY global_position DESC LIMIT 1'
        : `SELECT global_position AS head_position, tx_id::text AS head_tx FROM es_events
         WHERE tx_id < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY tx_id DESC, global_position DESC LIMIT 1`;
    const { rows } = await this.sql.query<
      EventRow & {
        horizon: string;
        tx_id: string | null;
        head_position: string | null;
        head_tx: string | null;
      }
    >(
      `WITH h AS (SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon), hd AS (${head})
       SELECT e.global_position, e.event_id, e.stream_id, e.stream_revision, e.type, e.data, e.metadata, e.hash, e.prev_hash, e.tx_id::text AS tx_id, h.horizon, hd.head_position, hd.head_tx
       FROM h LEFT JOIN hd ON true LEFT JOIN LATERAL (
         SELECT * FROM es_events WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT $${params.length}
       ) e ON true
       ORDER BY ${order
         .split(', ')
         .map((c) => `e.${c}`)
         .join(', ')}`,
      params,
    );
    const horizon = BigInt(rows[0]?.horizon ?? '0');
    const events = rows.filter((r) => r.event_id !== null).map((r) => this.toRecorded(r));
    // The next read of a catch-up loop starts after this page's last event: remember its
    // transaction so that read is one statement, not two.
    const last = rows[rows.length - 1];
    if (last?.tx_id) this.rememberTxId(Number(last.global_position), last.tx_id);
    // A short page means every event below the horizon after `after` was looked at, matching or
    // not: the next read may start at the head. Without this a filtered reader whose events are
    // rare (claims among a year of contributions) re-scans everything since its last match on
    // every poll, a cost that grows with the log (bench/README.md, session 5).
    const first = rows[0];
    let scannedTo: Position | undefined;
    if (events.length < limit && first?.head_position && first.head_tx) {
      const head = Number(first.head_position);
      // Only forwards: a caller may start after an event committed above today's horizon (an
      // older transaction still open), and the head below the horizon is then behind its start.
      const ahead = !options.after
        ? true
        : this.options.unsafeIgnoreTransactionOrder
          ? head > options.after
          : afterTx !== undefined &&
            (BigInt(first.head_tx) > BigInt(afterTx) ||
              (BigInt(first.head_tx) === BigInt(afterTx) && head > options.after));
      if (ahead) {
        scannedTo = head;
        this.rememberTxId(scannedTo, first.head_tx);
      }
    }
    return { events, horizon, scannedTo };
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

  /**
   * One consistent view of the log, or appends landing between its statements look like
   * tampering. PostgreSQL: one REPEATABLE READ transaction. PGlite serialises statements and
   * commits in position order, so pages read in position order are consistent; the events
   * appended since the last page and the stream heads are read in one (exclusive) transaction.
   */
  async verify(options: { streamId?: string } = {}): Promise<VerifyResult> {
    const chain = new ChainCheck();
    if (this.sql.kind === 'pglite') {
      const mismatch = await this.verifyEvents(this.sql, chain, options);
      if (mismatch) return mismatch;
      return this.sql.transaction(
        async (tx) => (await this.verifyEvents(tx, chain, options)) ?? this.verifyHeads(tx, chain, options),
      );
    }
    return this.sql.transaction(async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      return (await this.verifyEvents(tx, chain, options)) ?? this.verifyHeads(tx, chain, options);
    });
  }

  /**
   * Every event after the chain's last position, page by page; the first mismatch, if any. The
   * next page is asked for before this one is hashed, so on PostgreSQL the server reads it while
   * Node hashes (one connection, one statement at a time: the transaction's snapshot holds).
   */
  private async verifyEvents(
    q: SqlQueryable,
    chain: ChainCheck,
    options: { streamId?: string },
  ): Promise<VerifyResult | undefined> {
    const pageSize = 10_000;
    // Raw rows in insertion order: hashing must see the stored bytes, never upcast data.
    const page = (after: number) =>
      q.query<EventRow>(
        `SELECT global_position, event_id, stream_id, stream_revision, type, data, metadata, hash, prev_hash
         FROM es_events WHERE global_position > $1 ${options.streamId ? 'AND stream_id = $3' : ''}
         ORDER BY global_position LIMIT $2`,
        [after, pageSize, ...(options.streamId ? [options.streamId] : [])],
      );
    let next = page(chain.after);
    for (;;) {
      const { rows } = await next;
      const full = rows.length === pageSize;
      if (full) {
        next = page(Number(rows[rows.length - 1].global_position));
        // Not swallowed: marked handled only while this page is hashed; `await next` above
        // rethrows a failed read on the next turn of the loop.
        next.catch(() => undefined);
      }
      for (const r of rows) {
        const mismatch = chain.add(r);
        if (mismatch) {
          // The read-ahead must finish inside the transaction; the answer is the mismatch
          // already found, which a failure of a page after it cannot change.
          if (full) await next.catch(() => undefined);
          return mismatch;
        }
      }
      if (!full) return undefined;
    }
  }

  /** A removed or rewritten last event leaves the chain intact but no longer ends at the head. */
  private async verifyHeads(
    q: SqlQueryable,
    chain: ChainCheck,
    options: { streamId?: string },
  ): Promise<VerifyResult> {
    const { rows } = await q.query<{ stream_id: string; revision: number; last_hash: string | null }>(
      `SELECT stream_id, revision, last_hash FROM es_streams ${options.streamId ? 'WHERE stream_id = $1' : ''} ORDER BY stream_id`,
      options.streamId ? [options.streamId] : [],
    );
    for (const head of rows) {
      const mismatch = chain.endsAt(head.stream_id, Number(head.revision), head.last_hash);
      if (mismatch) return mismatch;
    }
    return { eventsChecked: chain.checked, ok: true };
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

/** Hash chains per stream, fed events in position order (guarantee 9). */
class ChainCheck {
  checked = 0;
  after = 0;
  private readonly last = new Map<
    string,
    { revision: number; hash: string; position: number; eventId: string }
  >();

  add(r: EventRow): VerifyResult | undefined {
    this.checked += 1;
    this.after = r.global_position;
    const prev = this.last.get(r.stream_id);
    const expectedRevision = prev ? prev.revision + 1 : 0;
    const recomputed = eventHash({
      streamId: r.stream_id,
      revision: r.stream_revision,
      type: r.type,
      data: r.data,
      metadata: r.metadata,
      prevHash: r.prev_hash,
    });
    const reason =
      r.stream_revision !== expectedRevision
        ? `revision ${r.stream_revision} where ${expectedRevision} was expected`
        : r.prev_hash !== (prev?.hash ?? null)
          ? 'previous-hash link broken'
          : recomputed !== r.hash
            ? 'hash does not match the stored event'
            : undefined;
    if (reason)
      return this.mismatch({
        streamId: r.stream_id,
        revision: r.stream_revision,
        position: r.global_position,
        eventId: r.event_id,
        reason,
      });
    this.last.set(r.stream_id, {
      revision: r.stream_revision,
      hash: r.hash,
      position: r.global_position,
      eventId: r.event_id,
    });
    return undefined;
  }

  endsAt(streamId: string, revision: number, lastHash: string | null): VerifyResult | undefined {
    const last = this.last.get(streamId);
    if (revision < 0 && !last) return undefined;
    if (last && last.revision === revision && last.hash === lastHash) return undefined;
    return this.mismatch({
      streamId,
      revision: last?.revision ?? revision,
      position: last?.position ?? 0,
      eventId: last?.eventId ?? '',
      reason: `stream head (revision ${revision}) does not match its last stored event: an event was removed or rewritten`,
    });
  }

  private mismatch(firstMismatch: NonNullable<VerifyResult['firstMismatch']>): VerifyResult {
    return { eventsChecked: this.checked, ok: false, firstMismatch };
  }
}
