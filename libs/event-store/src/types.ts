/**
 * The event store port. Three adapters implement it (PGlite, PostgreSQL, EventStoreDB/KurrentDB)
 * and one contract suite proves them alike.
 */

/** `no_stream` creates, `stream_exists` appends to an existing stream, a number is the revision read. */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | number;

/** A global position: unique per event; read order is the store's commit order (see readAll). */
export type Position = number;

export interface EventMetadata {
  /** The person (JWT `sub`) or service process that caused the event. */
  actor: string;
  correlationId: string;
  causationId?: string | null;
  /** Schema version of `data` for this event type (guarantee 8). */
  schemaVersion: number;
  /** ISO 8601 UTC instant the store recorded the event. */
  recordedAt: string;
  [key: string]: unknown;
}

export interface NewEvent {
  /** Deterministic where a retry can happen (guarantee 2); random otherwise. */
  id?: string;
  type: string;
  data: unknown;
  schemaVersion?: number;
}

export interface AppendContext {
  actor: string;
  correlationId: string;
  causationId?: string | null;
}

export interface RecordedEvent<TData = unknown> {
  eventId: string;
  streamId: string;
  /** 0-based position of the event in its stream. */
  revision: number;
  position: Position;
  type: string;
  data: TData;
  metadata: EventMetadata;
  /** SHA-256 over stream, revision, type, data, metadata and the previous hash (guarantee 9). */
  hash: string;
  prevHash: string | null;
}

export interface AppendResult {
  /** Revision of the last event now in the stream. */
  nextRevision: number;
  /** Position of the last appended event. */
  position: Position;
  /** False when every event id was already stored: an idempotent retry wrote nothing. */
  written: boolean;
}

export interface StreamWrite {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedRevision;
  /** This stream's actor and causation when they differ from the call's (a group commit of several callers). */
  ctx?: AppendContext;
}

/**
 * One write's outcome in `appendStreams`: appended (or found already stored: `written` false), or
 * refused by its expected revision (WrongExpectedVersionError) or by an event id stored as
 * something else (IdempotencyConflictError, EventIdReusedError); a refused write wrote nothing.
 */
export type StreamWriteOutcome =
  { streamId: string; ok: true; result: AppendResult } | { streamId: string; ok: false; error: Error };

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive start revision (forwards: from the first; backwards: from the last). */
  fromRevision?: number;
  maxCount?: number;
}

export interface EventFilter {
  streamPrefixes?: string[];
  types?: string[];
}

export interface ReadAllOptions extends EventFilter {
  /** Exclusive: events after this position in global order; absent or 0 = from the start. */
  after?: Position;
  limit?: number;
}

export interface VerifyResult {
  eventsChecked: number;
  ok: boolean;
  firstMismatch?: { streamId: string; revision: number; position: Position; eventId: string; reason: string };
}

export interface SubscriptionOptions extends EventFilter {
  /** Checkpoint: deliver events after this position. */
  after?: Position;
  batchSize?: number;
  /** Called with each batch in global order; the next batch waits for it (back-pressure). */
  handler: (events: RecordedEvent[]) => Promise<void>;
  /** Called when a read or the handler fails; the subscription retries with backoff. */
  onError?: (error: unknown, attempt: number) => void;
  /** Where the store supports it: a name for logs and metrics. */
  name?: string;
}

export interface Subscription {
  /** Last position delivered and handled. */
  readonly position: Position | undefined;
  /** Resolves when the subscription has read everything committed at the time of the call. */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
}

export interface EventStoreHealth {
  ok: boolean;
  detail?: string;
}

export interface EventStore {
  readonly kind: 'pglite' | 'postgres' | 'esdb';
  append(
    streamId: string,
    events: NewEvent[],
    expected: ExpectedRevision,
    ctx: AppendContext,
  ): Promise<AppendResult>;
  /**
   * Several streams at once. PostgreSQL and PGlite write them in one transaction (all or
   * nothing); EventStoreDB writes them one by one, in order, each with its expected revision.
   */
  appendMany(writes: StreamWrite[], ctx: AppendContext): Promise<AppendResult[]>;
  /**
   * Many independent writes (one per stream), each checked by its own expected revision and each
   * all or nothing; a conflict on one does not stop the others: every write gets its outcome, in
   * order. Meant for batches (a period's member-months): PostgreSQL and PGlite check and write a
   * whole batch of streams in one set-based statement (a second statement writes the rest when
   * some conflict); KurrentDB appends stream by stream, several at once (docs/event-store.md
   * "Batches of streams"). Streams must be distinct; errors other than conflicts reject.
   */
  appendStreams(writes: StreamWrite[], ctx: AppendContext): Promise<StreamWriteOutcome[]>;
  /** The revision of each stream's last event (-1: no such stream), for many streams at once. */
  streamRevisions(streamIds: string[]): Promise<Map<string, number>>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Events in global (commit) order, only those no running transaction can precede. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Position of the last committed event, 0 when empty. */
  headPosition(): Promise<Position>;
  subscribe(options: SubscriptionOptions): Subscription;
  verify(options?: { streamId?: string }): Promise<VerifyResult>;
  health(): Promise<EventStoreHealth>;
  close(): Promise<void>;
}
