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
import { IdempotencyConflictError, WrongExpectedVersionError } from '../errors';
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

interface StoredMetadata extends EventMetadata {
  $hash: string;
  $prevHash: string | null;
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
    private readonly options: { upcasters?: UpcasterRegistry; pollMs?: number } = {},
  ) {}

  static connect(url: string, options: { upcasters?: UpcasterRegistry } = {}): EsdbEventStore {
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
    const withIds = events.map((e) => ({ ...e, id: e.id ?? randomUUID() }));
    for (let attempt = 0; ; attempt++) {
      const tail = await this.readStream(streamId, {
        direction: 'backwards',
        maxCount: Math.max(withIds.length, 1) + 16,
      }).catch(() => [] as RecordedEvent[]);
      const stored = new Map(tail.map((e) => [e.eventId, e]));
      const already = withIds.filter((e) => stored.has(e.id));
      if (already.length === withIds.length && withIds.length > 0) {
        const last = stored.get(withIds[withIds.length - 1].id)!;
        return { nextRevision: last.revision, position: last.position, written: false };
      }
      if (already.length > 0)
        throw new IdempotencyConflictError(
          streamId,
          already.map((e) => e.id),
        );
      const current = tail[0];
      const currentRevision = current ? current.revision : -1;
      if (expected === 'no_stream' && current)
        throw new WrongExpectedVersionError(streamId, expected, currentRevision);
      if (expected === 'stream_exists' && !current)
        throw new WrongExpectedVersionError(streamId, expected, 'no_stream');
      if (typeof expected === 'number' && expected !== currentRevision) {
        throw new WrongExpectedVersionError(streamId, expected, current ? currentRevision : 'no_stream');
      }
      // The hash links to the event just read, so the server must check that nothing came between.
      const serverExpected: AppendExpectedRevision = current ? BigInt(currentRevision) : NO_STREAM;
      let prevHash = current?.hash ?? null;
      let revision = currentRevision;
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
        const stored: StoredMetadata = { ...metadata, $hash: hash, $prevHash: prevHash };
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
        this.subscriptions.forEach((s) => s.wake());
        return {
          nextRevision: Number(result.nextExpectedRevision),
          position: Number(result.position?.commit ?? 0),
          written: true,
        };
      } catch (e) {
        if (e instanceof EsdbWrongExpectedVersion) {
          // With 'any' a concurrent writer moved the stream: re-read and re-link, a few times.
          if (expected === 'any' && attempt < 5) continue;
          throw new WrongExpectedVersionError(streamId, expected, Number(e.actualVersion ?? -1));
        }
        throw e;
      }
    }
  }

  /** EventStoreDB has no multi-stream transaction in this client: streams are written in order. */
  async appendMany(writes: StreamWrite[], ctx: AppendContext): Promise<AppendResult[]> {
    const results: AppendResult[] = [];
    for (const w of writes) results.push(await this.append(w.streamId, w.events, w.expected, ctx));
    return results;
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
    const out: RecordedEvent[] = [];
    let from =
      options.after && options.after > 0
        ? { commit: BigInt(options.after), prepare: BigInt(options.after) }
        : undefined;
    // This client reads $all unfiltered: filter here, page until the limit is met or the log ends.
    for (;;) {
      let seen = 0;
      let last: bigint | undefined;
      const read = this.client.readAll({
        fromPosition: from ?? START,
        direction: FORWARDS,
        maxCount: limit + 1,
      });
      for await (const resolved of read as AsyncIterable<AllStreamResolvedEvent>) {
        seen += 1;
        const commit = resolved.event?.position?.commit;
        if (commit === undefined) continue;
        last = commit;
        if (options.after && Number(commit) <= options.after) continue;
        const e = this.toRecorded(resolved as ResolvedEvent, raw);
        if (!e || e.streamId.startsWith('$') || e.type.startsWith('$')) continue;
        if (options.streamPrefixes?.length && !options.streamPrefixes.some((p) => e.streamId.startsWith(p)))
          continue;
        if (options.types?.length && !options.types.includes(e.type)) continue;
        out.push(e);
        if (out.length >= limit) return out;
      }
      if (seen <= 1 || last === undefined) return out;
      from = { commit: last, prepare: last };
    }
  }

  async headPosition(): Promise<Position> {
    for await (const resolved of this.client.readAll({
      fromPosition: END,
      direction: BACKWARDS,
      maxCount: 1,
    })) {
      return Number(resolved.event?.position?.commit ?? 0);
    }
    return 0;
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
    for (;;) {
      // Hashes cover the stored bytes: read without upcasting.
      const batch = options.streamId
        ? checked === 0
          ? await this.readStream(options.streamId, {}, true)
          : []
        : await this.readAll({ after, limit: 2000 }, true);
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
    const { $hash, $prevHash, ...metadata } = meta;
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
