import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError as EsdbWrongExpectedVersion,
  jsonEvent,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import {
  EmptyAppendError,
  EventIdReusedError,
  IdempotencyConflictError,
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

interface StoredMetadata extends EventMetadata {
  $hash: string;
  $prevHash: string | null;
  /** Names the append call that wrote the event (outside the hash): tells a write from a retry. */
  $appendId?: string;
}

interface AllPosition {
  commit: bigint;
  prepare: bigint;
}

/**
 * How many of a stream's last events (beyond the append's own count) answer a retry with
 * `any`/`stream_exists`, or a replayed decision (the limit; a retry at a number or no_stream is
 * answered by the server however old).
 */
const RECENT_ID_WINDOW = 64;
/** Fewest $all events one read asks for, whatever the caller's limit (tests lower it). */
const MIN_ALL_PAGE = 512;

function comparePositions(a: AllPosition, b: AllPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  return a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;
}

/** How many of a stream's last events a refused append searches for its own ids. */
const ID_SEARCH_WINDOW = 1_000;

function reusedId(streamId: string, eventId: string, reason: string): EventIdReusedError {
  return new EventIdReusedError(streamId, eventId, reason);
}

/** A retry is a no-op only when it repeats each stored event exactly. */
function assertRepeats(
  streamId: string,
  requested: ReadonlyArray<NewEvent & { id: string }>,
  stored: ReadonlyArray<RecordedEvent | undefined>,
): void {
  requested.forEach((e, i) => {
    const s = stored[i];
    const reason =
      !s || s.eventId !== e.id
        ? 'stored at another revision'
        : s.type !== e.type
          ? 'another type'
          : canonicalJson(s.data) !== canonicalJson(e.data)
            ? 'other data'
            : s.metadata.schemaVersion !== (e.schemaVersion ?? 1)
              ? 'another schema version'
              : undefined;
    if (reason) throw reusedId(streamId, e.id, reason);
  });
}

/** Appends (or reads) of a stream batch in flight at once on KurrentDB. */
const APPEND_STREAMS_AT_ONCE = 16;

/** fn over items, at most `limit` at once; results in the items' order. */
async function inParallel<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** The revision an expected revision names (-1: none); undefined-free for any/stream_exists. */
function expectedRevisionNumber(expected: ExpectedRevision): number {
  return typeof expected === 'number' ? expected : -1;
}

function currentRevision(actual: bigint | 'no_stream' | undefined): number | 'no_stream' {
  return typeof actual === 'bigint' ? Number(actual) : 'no_stream';
}

/**
 * EventStoreDB / KurrentDB adapter. The server enforces expected revisions; this adapter adds
 * the hash chain (it reads the stream's last event to link to) and the id-based idempotency
 * the contract asks for. Global position = the event's commit position.
 */
export class EsdbEventStore implements EventStore {
  readonly kind = 'esdb' as const;
  private readonly subscriptions = new Set<CatchUpSubscription>();

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: { upcasters?: UpcasterRegistry; pollMs?: number; allPageSize?: number } = {},
  ) {}

  static connect(
    url: string,
    options: { upcasters?: UpcasterRegistry; allPageSize?: number } = {},
  ): EsdbEventStore {
    const normalized = url
      .replace(/^kurrentdb:\/\//, 'esdb://')
      .replace(/^kurrentdb\+discover:\/\//, 'esdb+discover://');
    return new EsdbEventStore(EventStoreDBClient.connectionString(normalized), options);
  }

  async append(
    streamId: string,
    events: NewEvent[],
    expected: ExpectedRevision,
    ctx: AppendContext,
  ): Promise<AppendResult> {
    // An empty append records nothing, yet no_stream would look like it claimed the stream.
    if (events.length === 0) throw new EmptyAppendError(streamId);
    const withIds = events.map((e) => ({ ...e, id: e.id ?? randomUUID() }));
    const weak = expected === 'any' || expected === 'stream_exists';
    for (let attempt = 0; ; attempt++) {
      // The stream head links the hash chain; the recent tail also answers a retry, or a
      // decision replayed from a state that already held its events (docs/event-store.md,
      // "Idempotency on KurrentDB").
      const tail = await this.readStream(
        streamId,
        { direction: 'backwards', maxCount: withIds.length + RECENT_ID_WINDOW },
        true,
      );
      const head = tail[0];
      const stored = new Map(tail.map((e) => [e.eventId, e]));
      const already = withIds.filter((e) => stored.has(e.id));
      if (already.length > 0 && already.length < withIds.length)
        throw new IdempotencyConflictError(
          streamId,
          already.map((e) => e.id),
        );
      if (already.length > 0) {
        const found = withIds.map((e) => stored.get(e.id)!);
        const read = expectedRevisionNumber(expected);
        // A retry puts them just after the revision read; a replayed decision read them already.
        const retried = found.every((f, i) => f.revision === read + 1 + i);
        const replayed = read <= (head?.revision ?? -1) && found.every((f) => f.revision <= read);
        if (!weak && !retried && !replayed)
          throw reusedId(
            streamId,
            found[0].eventId,
            'stored after the revision its writer read, or never reached',
          );
        assertRepeats(streamId, withIds, found);
        const last = found[found.length - 1];
        return { nextRevision: last.revision, position: last.position, written: false };
      }
      if (weak) {
        if (expected === 'stream_exists' && !head)
          throw new WrongExpectedVersionError(streamId, expected, 'no_stream');
      }
      const headRevision = head ? head.revision : -1;
      // The hash links to the head just read, so the server must check that nothing came between;
      // a number or no_stream goes to the server as given, so its own (durable) idempotency check
      // answers a retry at the same expected revision.
      const serverExpected: AppendExpectedRevision = weak
        ? head
          ? BigInt(headRevision)
          : NO_STREAM
        : expected === 'no_stream'
          ? NO_STREAM
          : BigInt(expected);
      const appendId = randomUUID();
      let prevHash = head?.hash ?? null;
      let revision = headRevision;
      const recordedAt = new Date().toISOString();
      const payload = withIds.map((e) => {
        revision += 1;
        const metadata: EventMetadata = {
          actor: ctx.actor,
          correlationId: ctx.correlationId,
          causationId: ctx.causationId ?? null,
          schemaVersion: e.schemaVersion ?? 1,
          recordedAt,
        };
        const hash = eventHash({ streamId, revision, type: e.type, data: e.data, metadata, prevHash });
        const stored: StoredMetadata = { ...metadata, $hash: hash, $prevHash: prevHash, $appendId: appendId };
        prevHash = hash;
        return jsonEvent({
          id: e.id,
          type: e.type,
          data: e.data as Record<string, unknown>,
          metadata: stored,
        });
      });
      try {
        const result = await this.client.appendToStream(streamId, payload, {
          expectedRevision: serverExpected,
        });
        const nextRevision = Number(result.nextExpectedRevision);
        // The server answers a retry of stored ids as a success without writing: the last event
        // carries this call's append id only if this call wrote it, and a retry must repeat the
        // stored events exactly.
        const n = withIds.length;
        const run = n > 0 ? await this.storedRun(streamId, nextRevision - n + 1, n) : [];
        const written = n > 0 && run[n - 1]?.appendId === appendId;
        if (written) this.subscriptions.forEach((s) => s.wake());
        else
          assertRepeats(
            streamId,
            withIds,
            run.map((r) => r.event),
          );
        return { nextRevision, position: Number(result.position?.commit ?? 0), written };
      } catch (e) {
        if (e instanceof EsdbWrongExpectedVersion) {
          // With any/stream_exists a concurrent writer moved the stream: re-read and re-link.
          if (weak && attempt < 5) continue;
          if (!weak) await this.refuseReusedIds(streamId, withIds);
          throw new WrongExpectedVersionError(streamId, expected, currentRevision(e.actualVersion));
        }
        throw e;
      }
    }
  }

  /** `count` events from `revision`, as stored, each with the append id that wrote it. */
  private async storedRun(
    streamId: string,
    revision: number,
    count: number,
  ): Promise<Array<{ event: RecordedEvent | undefined; appendId: string | undefined }>> {
    const run: Array<{ event: RecordedEvent | undefined; appendId: string | undefined }> = [];
    // Read to the end: leaving a read early keeps its gRPC call open (and dispose() waiting).
    for await (const resolved of this.client.readStream(streamId, {
      fromRevision: BigInt(revision),
      maxCount: count,
    })) {
      run.push({
        event: this.toRecorded(resolved, true),
        appendId: ((resolved.event?.metadata ?? {}) as Partial<StoredMetadata>).$appendId,
      });
    }
    return run;
  }

  /**
   * A wrong expected version whose ids are already in the stream (at another revision, or only
   * some of them at the expected one: the server's CorruptedIdempotency) is a reused id, not a
   * race. Only the stream's last ID_SEARCH_WINDOW events are searched: KurrentDB has no lookup by
   * event id, and an id stored in another stream is not found at all (docs/event-store.md).
   */
  private async refuseReusedIds(streamId: string, events: Array<{ id: string }>): Promise<void> {
    const tail = await this.readStream(
      streamId,
      { direction: 'backwards', maxCount: ID_SEARCH_WINDOW },
      true,
    );
    const ids = new Set(tail.map((e) => e.eventId));
    const found = events.find((e) => ids.has(e.id));
    if (found) throw reusedId(streamId, found.id, 'stored at another revision');
  }

  /** EventStoreDB has no multi-stream transaction in this client: streams are written in order. */
  async appendMany(writes: StreamWrite[], ctx: AppendContext): Promise<AppendResult[]> {
    const empty = writes.find((w) => w.events.length === 0);
    if (empty) throw new EmptyAppendError(empty.streamId);
    const results: AppendResult[] = [];
    for (const w of writes) results.push(await this.append(w.streamId, w.events, w.expected, w.ctx ?? ctx));
    return results;
  }

  /**
   * No multi-stream transaction here (guarantee 12): each write is its own append, with its own
   * expected revision and hash chain, APPEND_STREAMS_AT_ONCE at a time; a conflict is that
   * write's outcome and stops no other (docs/event-store.md "Batches of streams").
   */
  async appendStreams(writes: StreamWrite[], ctx: AppendContext): Promise<StreamWriteOutcome[]> {
    checkStreamBatch(writes);
    return inParallel(writes, APPEND_STREAMS_AT_ONCE, (w) => appendAsOutcome(this, w, ctx));
  }

  async streamRevisions(streamIds: string[]): Promise<Map<string, number>> {
    const revisions = await inParallel(streamIds, APPEND_STREAMS_AT_ONCE, async (id) => {
      const [last] = await this.readStream(id, { direction: 'backwards', maxCount: 1 }, true);
      return last ? last.revision : -1;
    });
    return new Map(streamIds.map((id, i) => [id, revisions[i]]));
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}, raw = false): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const out: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamId, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision:
          options.fromRevision !== undefined ? BigInt(options.fromRevision) : backwards ? END : START,
        maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
      });
      for await (const resolved of read) {
        const e = this.toRecorded(resolved, raw);
        if (e) out.push(e);
      }
    } catch (e) {
      if (e instanceof StreamNotFoundError) return [];
      throw e;
    }
    return out;
  }

  async readAll(options: ReadAllOptions = {}, raw = false): Promise<RecordedEvent[]> {
    const limit = options.limit ?? 1000;
    // This client reads $all unfiltered: filter here, in pages large enough that a sparse filter
    // does not cost one call per event.
    const pageSize = Math.max(limit + 1, this.options.allPageSize ?? MIN_ALL_PAGE);
    const out: RecordedEvent[] = [];
    // A gRPC append is an implicit transaction: commit = prepare position for every event, so
    // the commit position names one event (see docs/event-store.md, "Positions on KurrentDB").
    let from: AllPosition | undefined =
      options.after && options.after > 0
        ? { commit: BigInt(options.after), prepare: BigInt(options.after) }
        : undefined;
    for (;;) {
      let seen = 0;
      let last: AllPosition | undefined;
      const read = this.client.readAll({
        fromPosition: from ?? START,
        direction: FORWARDS,
        maxCount: pageSize,
      });
      for await (const resolved of read as AsyncIterable<AllStreamResolvedEvent>) {
        seen += 1;
        const position = resolved.event?.position;
        if (!position) continue;
        last = position;
        // KurrentDB includes the event at the start position: only what comes after it counts.
        if (from && comparePositions(position, from) <= 0) continue;
        const e = this.toRecorded(resolved as ResolvedEvent, raw);
        if (!e || e.streamId.startsWith('$') || e.type.startsWith('$')) continue;
        if (options.streamPrefixes?.length && !options.streamPrefixes.some((p) => e.streamId.startsWith(p)))
          continue;
        if (options.types?.length && !options.types.includes(e.type)) continue;
        // Read the page to its end even when full: leaving early keeps the gRPC call open.
        if (out.length < limit) out.push(e);
      }
      if (out.length >= limit || seen < pageSize || last === undefined) return out;
      from = last;
    }
  }

  async headPosition(): Promise<Position> {
    let head = 0;
    for await (const resolved of this.client.readAll({
      fromPosition: END,
      direction: BACKWARDS,
      maxCount: 1,
    })) {
      head = Number(resolved.event?.position?.commit ?? 0);
    }
    return head;
  }

  subscribe(options: SubscriptionOptions): Subscription {
    const sub = new CatchUpSubscription(this, options, this.options.pollMs ?? 200);
    this.subscriptions.add(sub);
    return sub;
  }

  async verify(options: { streamId?: string } = {}): Promise<VerifyResult> {
    const last = new Map<string, RecordedEvent>();
    let checked = 0;
    let after = 0;
    // The log as it stood when verification began: appends arriving meanwhile are left to the
    // next run, so a busy store is verified in bounded time.
    const end = options.streamId ? Infinity : await this.headPosition();
    for (;;) {
      // Hashes cover the stored bytes: read without upcasting.
      const batch = (
        options.streamId
          ? checked === 0
            ? await this.readStream(options.streamId, {}, true)
            : []
          : await this.readAll({ after, limit: 2000 }, true)
      ).filter((e) => e.position <= end);
      if (batch.length === 0) break;
      for (const e of batch) {
        checked += 1;
        const prev = last.get(e.streamId);
        const raw = { ...e.metadata } as Partial<StoredMetadata>;
        delete raw.$hash;
        delete raw.$prevHash;
        const recomputed = eventHash({
          streamId: e.streamId,
          revision: e.revision,
          type: e.type,
          data: e.data,
          metadata: raw as EventMetadata,
          prevHash: e.prevHash,
        });
        const reason =
          (prev?.hash ?? null) !== e.prevHash
            ? 'previous-hash link broken'
            : recomputed !== e.hash
              ? 'hash does not match the stored event'
              : undefined;
        if (reason) {
          return {
            eventsChecked: checked,
            ok: false,
            firstMismatch: {
              streamId: e.streamId,
              revision: e.revision,
              position: e.position,
              eventId: e.eventId,
              reason,
            },
          };
        }
        last.set(e.streamId, e);
      }
      after = batch[batch.length - 1].position;
      if (options.streamId) break;
    }
    return { eventsChecked: checked, ok: true };
  }

  async health(): Promise<EventStoreHealth> {
    try {
      await this.headPosition();
      return { ok: true, detail: 'esdb' };
    } catch (e) {
      return { ok: false, detail: (e as Error).message };
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    await this.client.dispose();
  }

  private toRecorded(resolved: ResolvedEvent, raw = false): RecordedEvent | undefined {
    const ev = resolved.event;
    if (!ev || !ev.isJson) return undefined;
    const meta = (ev.metadata ?? {}) as StoredMetadata;
    // Upcasting and verification see the metadata as hashed, without the chain fields.
    const { $hash, $prevHash, $appendId: _appendId, ...metadata } = meta;
    const recorded: RecordedEvent = {
      eventId: ev.id,
      streamId: ev.streamId,
      revision: Number(ev.revision),
      position: Number(ev.position?.commit ?? resolved.commitPosition ?? 0),
      type: ev.type,
      data: ev.data,
      metadata: metadata as EventMetadata,
      hash: $hash,
      prevHash: $prevHash ?? null,
    };
    return this.options.upcasters && !raw ? this.options.upcasters.upcast(recorded) : recorded;
  }
}

export { ANY, STREAM_EXISTS };
