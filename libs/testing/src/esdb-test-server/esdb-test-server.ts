import * as grpc from '@grpc/grpc-js';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import {
  AllStreamPosition,
  Empty,
  MaximumAppendSizeExceeded,
  StreamIdentifier,
  UUID,
  WrongExpectedVersion as SharedWrongExpectedVersion,
} from '@eventstore/db-client/generated/shared_pb';
import { Code } from '@eventstore/db-client/generated/code_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
  ReadReq,
  ReadResp,
} from '@eventstore/db-client/generated/streams_pb';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty as ProtoEmpty } from 'google-protobuf/google/protobuf/empty_pb';

/**
 * A protocol-level KurrentDB (EventStoreDB) test double: a gRPC server speaking the service
 * definitions `@eventstore/db-client` ships (Streams: Read, Append, BatchAppend; ServerFeatures),
 * with the server's documented semantics, kept in memory. The real server is still the
 * reference: the contract suite runs against it whenever ESDB_URL is set.
 *
 * Semantics and where they come from (KurrentDB source and docs, github.com/kurrent-io/KurrentDB):
 * - Expected revision: `any` never conflicts, `no_stream` only on a stream without events,
 *   `stream_exists` only on one with events, a number only when it is the last event's revision
 *   (src/KurrentDB.Core/Services/Storage/ReaderIndex/IndexWriter.cs, CheckCommit; client docs
 *   "Handling concurrency" in docs/api/appending-events.md of KurrentDB-Client-NodeJS).
 * - Idempotent append: the same event ids at the same expected revision (a number or
 *   `no_stream`) succeed without writing, for the whole history ("strong" check, the events
 *   at those revisions are read); with `any`/`stream_exists` only recently written ids are
 *   recognised ("weak" check, a bounded cache); some ids written and some not is a conflict
 *   (CommitDecision.CorruptedIdempotency, answered as wrong expected version) (IndexWriter.cs;
 *   docs/server/http-api/introduction.md "Idempotence": fully idempotent with an expected
 *   version, best effort with `any`).
 * - Positions: an append through gRPC is an implicit transaction, so each event's commit and
 *   prepare positions are equal and grow with the log (EventStore/EventStore issue 3989, a
 *   maintainer: "Prepare position can only be different if you use explicit transactions").
 *   Positions are log byte offsets, not consecutive numbers.
 * - `$all` read forwards from a position includes the event at that position; backwards from a
 *   position starts before it (TFChunkReader reads from the log position given).
 * - Maximum append size: 1,048,576 bytes by default, an event counting data + metadata +
 *   2 × type length (docs/server/configuration/configuration.md "MAX APPEND SIZE";
 *   src/KurrentDB.Core/Data/Event.cs SizeOnDisk; Grpc/Streams.Append.cs answers
 *   InvalidArgument with the `maximum-append-size-exceeded` exception key).
 * - A missing stream is read as `stream_not_found` (Grpc/Streams.Read.cs).
 * Not modelled: deletes, stream metadata ($maxCount, ACLs), projections, persistent and
 * server-pushed subscriptions, clusters, TLS.
 */
export interface EsdbTestServerOptions {
  /** KurrentDB's default `MaxAppendSize`. */
  maxAppendSize?: number;
  /** Advertise BatchAppend (KurrentDB 21.10+ does; the client then prefers it). */
  batchAppend?: boolean;
  /** How many recently written event ids the weak idempotency check remembers. */
  recentIdCache?: number;
}

interface StoredEvent {
  id: string;
  streamId: string;
  revision: number;
  type: string;
  contentType: string;
  data: Uint8Array;
  metadata: Uint8Array;
  created: bigint;
  position: bigint;
}

type Expected =
  | { kind: 'any' }
  | { kind: 'no_stream' }
  | { kind: 'stream_exists' }
  | { kind: 'revision'; revision: number };

interface Proposed {
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  metadata: Uint8Array;
}

type AppendOutcome =
  | { ok: true; revision: number; position: bigint }
  | { ok: false; current: number | 'no_stream'; expected: Expected };

/** A failure the test arms for appends to matching streams (fault injection). */
interface InjectedFailure {
  matches: (streamId: string) => boolean;
  remaining: number;
}

const MAX_APPEND_SIZE = 1_048_576;
/** Where the first event lands: a real log starts after its own system records. */
const FIRST_POSITION = 1_024n;
const TICKS_PER_MS = 10_000n;
const EPOCH_TICKS = 621_355_968_000_000_000n;

function uuidOf(id: UUID | undefined): string {
  if (!id) throw new Error('event without id');
  if (id.hasString()) return id.getString();
  const s = id.getStructured()!;
  const hex = (v: string) => BigInt.asUintN(64, BigInt(v)).toString(16).padStart(16, '0');
  const h = hex(s.getMostSignificantBits()) + hex(s.getLeastSignificantBits());
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function streamName(identifier: StreamIdentifier | undefined): string {
  return Buffer.from(identifier?.getStreamName_asU8() ?? new Uint8Array()).toString('utf8');
}

/** The expected revision of Append (`revision`) and BatchAppend (`stream_position`) options. */
function expectedOf(
  revision: string | undefined,
  options: { hasNoStream(): boolean; hasStreamExists(): boolean },
): Expected {
  if (revision !== undefined) return { kind: 'revision', revision: Number(revision) };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  return options.hasStreamExists() ? { kind: 'stream_exists' } : { kind: 'any' };
}

function sizeOnDisk(p: Proposed): number {
  return p.data.length + p.metadata.length + p.type.length * 2;
}

export class EsdbTestServer {
  private server: grpc.Server | undefined;
  private readonly log: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly recentIds = new Map<string, StoredEvent>();
  private nextPosition = FIRST_POSITION;
  private failures: InjectedFailure[] = [];
  private readFailures: InjectedFailure[] = [];
  private port = 0;
  private readonly maxAppendSize: number;

  private constructor(private readonly options: EsdbTestServerOptions) {
    this.maxAppendSize = options.maxAppendSize ?? MAX_APPEND_SIZE;
  }

  static async start(options: EsdbTestServerOptions = {}): Promise<EsdbTestServer> {
    const s = new EsdbTestServer(options);
    await s.listen();
    return s;
  }

  /** A single-node connection string without TLS (no gossip: the client connects directly). */
  get url(): string {
    return `esdb://127.0.0.1:${this.port}?tls=false`;
  }

  /** Events stored, across streams (for assertions). */
  get eventCount(): number {
    return this.log.length;
  }

  /**
   * Drops every connection and in-flight call, as a server restart or a network cut does, and
   * listens again on the same port after `downMs`; stored events survive.
   */
  async dropConnections(downMs = 50): Promise<void> {
    this.server?.forceShutdown();
    this.server = undefined;
    await new Promise((r) => setTimeout(r, downMs));
    await this.listen();
  }

  /** The next `times` appends to a stream `matches` accepts fail with UNAVAILABLE, writing nothing. */
  failAppends(matches: (streamId: string) => boolean, times = 1): void {
    this.failures.push({ matches, remaining: times });
  }

  /** Rewrites a stored event's data behind the client's back (tamper-detection tests). */
  rewriteData(position: number, data: unknown): void {
    const event = this.log.find((e) => e.position === BigInt(position));
    if (!event) throw new Error(`no event at ${position}`);
    event.data = Buffer.from(JSON.stringify(data), 'utf8');
  }

  /** The next `times` reads of a stream `matches` accepts (`$all` for the log) fail with UNAVAILABLE. */
  failReads(matches: (streamId: string) => boolean, times = 1): void {
    this.readFailures.push({ matches, remaining: times });
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    // Clients keep a BatchAppend stream open: give calls a moment, then cut them.
    await Promise.race([
      new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
      new Promise((r) => setTimeout(r, 200)),
    ]);
    server.forceShutdown();
  }

  private async listen(): Promise<void> {
    const server = new grpc.Server();
    server.addService(StreamsService, {
      read: (call: grpc.ServerWritableStream<ReadReq, ReadResp>) => this.read(call),
      append: (
        call: grpc.ServerReadableStream<AppendReq, AppendResp>,
        callback: grpc.sendUnaryData<AppendResp>,
      ) => this.appendCall(call, callback),
      batchAppend: (call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>) => this.batchAppend(call),
      delete: (_call: unknown, callback: grpc.sendUnaryData<never>) =>
        callback({ code: grpc.status.UNIMPLEMENTED, details: 'not modelled by the test server' }),
      tombstone: (_call: unknown, callback: grpc.sendUnaryData<never>) =>
        callback({ code: grpc.status.UNIMPLEMENTED, details: 'not modelled by the test server' }),
    });
    server.addService(ServerFeaturesService, {
      getSupportedMethods: (_call: unknown, callback: grpc.sendUnaryData<SupportedMethods>) =>
        callback(null, this.features()),
    });
    this.port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`127.0.0.1:${this.port}`, grpc.ServerCredentials.createInsecure(), (err, port) =>
        err ? reject(err) : resolve(port),
      ),
    );
    this.server = server;
  }

  private features(): SupportedMethods {
    const method = (name: string) =>
      new SupportedMethod().setServiceName('event_store.client.streams.streams').setMethodName(name);
    const methods = [method('read'), method('append')];
    if (this.options.batchAppend !== false) methods.push(method('batchappend'));
    return new SupportedMethods().setMethodsList(methods).setEventStoreServerVersion('24.10.0-test');
  }

  // ---- writing ----

  private injectedFailure(
    streamId: string,
    kind: 'append' | 'read' = 'append',
  ): grpc.ServiceError | undefined {
    const list = kind === 'append' ? this.failures : this.readFailures;
    const f = list.find((x) => x.remaining > 0 && x.matches(streamId));
    if (!f) return undefined;
    f.remaining -= 1;
    return Object.assign(new Error('injected failure'), {
      code: grpc.status.UNAVAILABLE,
      details: 'injected failure',
      metadata: new grpc.Metadata(),
    });
  }

  private commit(streamId: string, expected: Expected, events: Proposed[]): AppendOutcome {
    const stream = this.streams.get(streamId) ?? [];
    const current = stream.length - 1;
    const ids = events.map((e) => e.id);
    const idempotent = (last: StoredEvent): AppendOutcome => ({
      ok: true,
      revision: last.revision,
      position: last.position,
    });
    if (expected.kind === 'revision' || expected.kind === 'no_stream') {
      // Strong check: the events at the revisions after the expected one carry these ids.
      const from = expected.kind === 'no_stream' ? 0 : expected.revision + 1;
      if (current >= from && ids.length > 0) {
        const found = ids.map((id, i) => stream[from + i]?.id === id);
        if (found.every(Boolean)) return idempotent(stream[from + ids.length - 1]);
        return { ok: false, current: current < 0 ? 'no_stream' : current, expected };
      }
      const ok = expected.kind === 'no_stream' ? current === -1 : current === expected.revision;
      if (!ok) return { ok: false, current: current < 0 ? 'no_stream' : current, expected };
    } else {
      // Weak check: only recently written ids, and only in this stream.
      const known = ids
        .map((id) => this.recentIds.get(id))
        .map((e) => (e?.streamId === streamId ? e : undefined));
      if (ids.length > 0 && known.every(Boolean)) return idempotent(known[known.length - 1]!);
      if (known[0] && known.some((k) => !k))
        return { ok: false, current: current < 0 ? 'no_stream' : current, expected };
      if (expected.kind === 'stream_exists' && current < 0)
        return { ok: false, current: 'no_stream', expected };
    }
    const created = BigInt(Date.now()) * TICKS_PER_MS + EPOCH_TICKS;
    let last: StoredEvent | undefined;
    for (const e of events) {
      const stored: StoredEvent = {
        ...e,
        streamId,
        revision: stream.length,
        created,
        position: this.nextPosition,
      };
      // Positions are log offsets: the record's size moves the next one along.
      this.nextPosition += BigInt(64 + e.data.length + e.metadata.length + streamId.length);
      stream.push(stored);
      this.log.push(stored);
      this.remember(stored);
      last = stored;
    }
    this.streams.set(streamId, stream);
    return last
      ? { ok: true, revision: last.revision, position: last.position }
      : { ok: true, revision: current, position: -1n };
  }

  private remember(e: StoredEvent): void {
    this.recentIds.set(e.id, e);
    const limit = this.options.recentIdCache ?? 10_000;
    if (this.recentIds.size > limit) this.recentIds.delete(this.recentIds.keys().next().value!);
  }

  private proposed(m: AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage): Proposed {
    const meta = m.getMetadataMap();
    return {
      id: uuidOf(m.getId()),
      type: meta.get('type') ?? '',
      contentType: meta.get('content-type') ?? 'application/octet-stream',
      data: m.getData_asU8(),
      metadata: m.getCustomMetadata_asU8(),
    };
  }

  private sizeError(): grpc.ServiceError {
    const metadata = new grpc.Metadata();
    metadata.set('exception', 'maximum-append-size-exceeded');
    metadata.set('maximum-append-size', String(this.maxAppendSize));
    return Object.assign(new Error(`Maximum Append Size of ${this.maxAppendSize} Exceeded.`), {
      code: grpc.status.INVALID_ARGUMENT,
      details: `Maximum Append Size of ${this.maxAppendSize} Exceeded.`,
      metadata,
    });
  }

  private appendCall(
    call: grpc.ServerReadableStream<AppendReq, AppendResp>,
    callback: grpc.sendUnaryData<AppendResp>,
  ): void {
    let options: AppendReq.Options | undefined;
    const events: Proposed[] = [];
    let size = 0;
    let failed = false;
    call.on('data', (req: AppendReq) => {
      if (failed) return;
      if (req.hasOptions()) options = req.getOptions();
      else if (req.hasProposedMessage()) {
        const p = this.proposed(req.getProposedMessage()!);
        size += sizeOnDisk(p);
        events.push(p);
        if (size > this.maxAppendSize) {
          failed = true;
          callback(this.sizeError());
        }
      }
    });
    call.on('end', () => {
      if (failed) return;
      if (!options) return callback({ code: grpc.status.INVALID_ARGUMENT, details: 'no options' });
      const streamId = streamName(options.getStreamIdentifier());
      const injected = this.injectedFailure(streamId);
      if (injected) return callback(injected);
      const expected = expectedOf(options.hasRevision() ? options.getRevision() : undefined, options);
      const outcome = this.commit(streamId, expected, events);
      const resp = new AppendResp();
      if (outcome.ok) {
        const success = new AppendResp.Success();
        if (outcome.revision < 0) success.setNoStream(new Empty());
        else success.setCurrentRevision(String(outcome.revision));
        success.setPosition(
          new AppendResp.Position()
            .setCommitPosition(String(outcome.position))
            .setPreparePosition(String(outcome.position)),
        );
        resp.setSuccess(success);
      } else {
        const wev = new AppendResp.WrongExpectedVersion();
        if (outcome.current === 'no_stream') wev.setCurrentNoStream(new Empty());
        else wev.setCurrentRevision(String(outcome.current));
        if (expected.kind === 'revision') wev.setExpectedRevision(String(expected.revision));
        else if (expected.kind === 'no_stream') wev.setExpectedNoStream(new Empty());
        else if (expected.kind === 'stream_exists') wev.setExpectedStreamExists(new Empty());
        else wev.setExpectedAny(new Empty());
        resp.setWrongExpectedVersion(wev);
      }
      callback(null, resp);
    });
    call.on('error', () => undefined);
  }

  private batchAppend(call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void {
    const pending = new Map<string, { options?: BatchAppendReq.Options; events: Proposed[]; size: number }>();
    call.on('data', (req: BatchAppendReq) => {
      const correlation = uuidOf(req.getCorrelationId());
      const entry = pending.get(correlation) ?? { events: [], size: 0 };
      if (req.hasOptions()) entry.options = req.getOptions();
      for (const m of req.getProposedMessagesList()) {
        const p = this.proposed(m);
        entry.size += sizeOnDisk(p);
        entry.events.push(p);
      }
      pending.set(correlation, entry);
      if (!req.getIsFinal()) return;
      pending.delete(correlation);
      const options = entry.options!;
      const identifier = options.getStreamIdentifier()!;
      const streamId = streamName(identifier);
      const resp = new BatchAppendResp()
        .setCorrelationId(new UUID().setString(correlation))
        .setStreamIdentifier(identifier);
      const fail = (
        typeName: string,
        detail: { serializeBinary(): Uint8Array },
        code: grpc.status,
        message: string,
      ) => {
        const any = new Any();
        any.pack(detail.serializeBinary(), typeName);
        resp.setError(
          new Status()
            .setCode(code as number as Code)
            .setMessage(message)
            .setDetails(any),
        );
        call.write(resp);
      };
      if (entry.size > this.maxAppendSize) {
        return fail(
          'event_store.client.MaximumAppendSizeExceeded',
          new MaximumAppendSizeExceeded().setMaxappendsize(this.maxAppendSize),
          grpc.status.INVALID_ARGUMENT,
          `Maximum Append Size of ${this.maxAppendSize} Exceeded.`,
        );
      }
      const injected = this.injectedFailure(streamId);
      if (injected) {
        // The stream breaks as a dropped connection would: every pending append fails.
        call.emit('error', injected);
        return;
      }
      const expected = expectedOf(
        options.hasStreamPosition() ? options.getStreamPosition() : undefined,
        options,
      );
      const outcome = this.commit(streamId, expected, entry.events);
      if (outcome.ok) {
        const success = new BatchAppendResp.Success();
        if (outcome.revision < 0) success.setNoStream(new ProtoEmpty());
        else success.setCurrentRevision(String(outcome.revision));
        success.setPosition(
          new AllStreamPosition()
            .setCommitPosition(String(outcome.position))
            .setPreparePosition(String(outcome.position)),
        );
        resp.setSuccess(success);
        call.write(resp);
        return;
      }
      const wev = new SharedWrongExpectedVersion();
      if (outcome.current === 'no_stream') wev.setCurrentNoStream(new ProtoEmpty());
      else wev.setCurrentStreamRevision(String(outcome.current));
      if (expected.kind === 'revision') wev.setExpectedStreamPosition(String(expected.revision));
      else if (expected.kind === 'no_stream') wev.setExpectedNoStream(new ProtoEmpty());
      else if (expected.kind === 'stream_exists') wev.setExpectedStreamExists(new ProtoEmpty());
      else wev.setExpectedAny(new ProtoEmpty());
      fail(
        'event_store.client.WrongExpectedVersion',
        wev,
        grpc.status.FAILED_PRECONDITION,
        'wrong expected version',
      );
    });
    call.on('end', () => call.end());
    call.on('error', () => undefined);
  }

  // ---- reading ----

  private read(call: grpc.ServerWritableStream<ReadReq, ReadResp>): void {
    const options = call.request.getOptions()!;
    if (options.hasSubscription()) {
      call.emit(
        'error',
        Object.assign(new Error('subscriptions are not modelled'), {
          code: grpc.status.UNIMPLEMENTED,
          details: 'subscriptions are not modelled by the test server',
          metadata: new grpc.Metadata(),
        }),
      );
      return;
    }
    const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
    const count = Number(options.getCount() || '0');
    let events: StoredEvent[];
    if (options.hasStream()) {
      const s = options.getStream()!;
      const id = streamName(s.getStreamIdentifier());
      const injected = this.injectedFailure(id, 'read');
      if (injected) {
        call.emit('error', injected);
        return;
      }
      const stream = this.streams.get(id);
      if (!stream) {
        call.write(
          new ReadResp().setStreamNotFound(
            new ReadResp.StreamNotFound().setStreamIdentifier(s.getStreamIdentifier()),
          ),
        );
        call.end();
        return;
      }
      if (backwards) {
        const from = s.hasRevision() ? Number(s.getRevision()) : s.hasStart() ? 0 : stream.length - 1;
        events = stream.slice(0, from + 1).reverse();
      } else {
        const from = s.hasRevision() ? Number(s.getRevision()) : s.hasEnd() ? stream.length : 0;
        events = stream.slice(from);
      }
    } else {
      const injected = this.injectedFailure('$all', 'read');
      if (injected) {
        call.emit('error', injected);
        return;
      }
      const a = options.getAll()!;
      if (backwards) {
        // Backwards from a position: the events before it; from the end: everything.
        const before = a.hasPosition()
          ? BigInt(a.getPosition()!.getCommitPosition())
          : a.hasStart()
            ? -1n
            : undefined;
        events = (before === undefined ? this.log : this.log.filter((e) => e.position < before))
          .slice()
          .reverse();
      } else {
        // Forwards from a position: that event included.
        const from = a.hasPosition()
          ? BigInt(a.getPosition()!.getCommitPosition())
          : a.hasEnd()
            ? this.nextPosition
            : 0n;
        events = this.log.filter((e) => e.position >= from);
      }
      events = events.filter(this.allFilter(options));
    }
    for (const e of events.slice(0, count)) {
      if (call.cancelled || call.destroyed) return;
      call.write(new ReadResp().setEvent(this.readEvent(e)));
    }
    call.end();
  }

  private allFilter(options: ReadReq.Options): (e: StoredEvent) => boolean {
    if (!options.hasFilter()) return () => true;
    const f = options.getFilter()!;
    const test = (expr: ReadReq.Options.FilterOptions.Expression | undefined, value: string) => {
      if (!expr) return true;
      const prefixes = expr.getPrefixList();
      if (prefixes.length) return prefixes.some((p) => value.startsWith(p));
      return expr.getRegex() ? new RegExp(expr.getRegex()).test(value) : true;
    };
    return (e) =>
      (f.hasStreamIdentifier() ? test(f.getStreamIdentifier(), e.streamId) : true) &&
      (f.hasEventType() ? test(f.getEventType(), e.type) : true);
  }

  private readEvent(e: StoredEvent): ReadResp.ReadEvent {
    const record = new ReadResp.ReadEvent.RecordedEvent()
      .setId(new UUID().setString(e.id))
      .setStreamIdentifier(new StreamIdentifier().setStreamName(Buffer.from(e.streamId, 'utf8')))
      .setStreamRevision(String(e.revision))
      .setPreparePosition(String(e.position))
      .setCommitPosition(String(e.position))
      .setData(e.data)
      .setCustomMetadata(e.metadata);
    record
      .getMetadataMap()
      .set('type', e.type)
      .set('content-type', e.contentType)
      .set('created', String(e.created));
    return new ReadResp.ReadEvent().setEvent(record).setCommitPosition(String(e.position));
  }
}
