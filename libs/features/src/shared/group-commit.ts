import { randomUUID } from 'node:crypto';
import {
  AppendContext,
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  RecordedEvent,
  SqlEventStore,
  StreamWrite,
} from '@app/event-store';

/** At most this many streams per combined append, and per combined read. */
const MAX_WRITES = 100;
const MAX_READS = 200;

interface PendingRead {
  streamId: string;
  resolve: (events: RecordedEvent[]) => void;
  reject: (e: unknown) => void;
}

interface Pending {
  write: StreamWrite & { ctx: AppendContext };
  resolve: (r: AppendResult) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit for the payout path (docs/architecture.md "Payout throughput"): single-stream
 * appends made at about the same time (payout workers running side by side, the payout process
 * manager's parallel steps) are written as one `appendStreams` statement, each stream with its own
 * expected revision and its own actor and causation. While one combined append is in flight the
 * next ones gather, so an idle store sees no delay. Nothing about the appends changes: each still
 * fails on its own lost race (only that stream is refused; a batch failing otherwise is sent again
 * stream by stream, so every caller gets its own answer, and the event ids are fixed before the first try, so a combined append that
 * did commit before its answer was lost is recognised as written). Everything else, and appends
 * to several streams at once, go to the store as they are. Whole-stream reads made at about the
 * same time are gathered the same way into one statement on the SQL stores (`readStreams`).
 */
export class GroupCommitStore implements EventStore {
  private pending: Pending[] = [];
  private flushing = false;
  private reads: PendingRead[] = [];
  private reading = false;

  constructor(private readonly store: EventStore) {}

  get kind(): EventStore['kind'] {
    return this.store.kind;
  }

  append(streamId: string, events: NewEvent[], expected: ExpectedRevision, ctx: AppendContext) {
    if (!this.gathers) return this.store.append(streamId, events, expected, ctx);
    return this.enqueue({ streamId, events, expected }, ctx);
  }

  /** Only where one statement writes several streams atomically (PostgreSQL, PGlite): KurrentDB writes them one by one. */
  private get gathers(): boolean {
    return this.store instanceof SqlEventStore;
  }

  async appendMany(writes: StreamWrite[], ctx: AppendContext): Promise<AppendResult[]> {
    if (writes.length !== 1 || !this.gathers) return this.store.appendMany(writes, ctx);
    return [await this.enqueue(writes[0], ctx)];
  }

  /** Batches of streams go to the store as they are (they are one statement already). */
  appendStreams(...args: Parameters<EventStore['appendStreams']>) {
    return this.store.appendStreams(...args);
  }
  streamRevisions(...args: Parameters<EventStore['streamRevisions']>) {
    return this.store.streamRevisions(...args);
  }

  readStream(streamId: string, options?: Parameters<EventStore['readStream']>[1]): Promise<RecordedEvent[]> {
    if (options || !this.gathers) return this.store.readStream(streamId, options);
    return new Promise<RecordedEvent[]>((resolve, reject) => {
      this.reads.push({ streamId, resolve, reject });
      if (!this.reading) {
        this.reading = true;
        setImmediate(() => void this.flushReads(this.store as SqlEventStore));
      }
    });
  }
  readAll(...args: Parameters<EventStore['readAll']>) {
    return this.store.readAll(...args);
  }
  headPosition() {
    return this.store.headPosition();
  }
  subscribe(...args: Parameters<EventStore['subscribe']>) {
    return this.store.subscribe(...args);
  }
  verify(...args: Parameters<EventStore['verify']>) {
    return this.store.verify(...args);
  }
  health() {
    return this.store.health();
  }
  /** The store belongs to its owner: closing the wrapper closes nothing. */
  async close(): Promise<void> {}

  private enqueue(write: StreamWrite, ctx: AppendContext): Promise<AppendResult> {
    // Ids fixed now: a combined append that committed unseen is then a no-op when sent again.
    const events = write.events.map((e) => ({ ...e, id: e.id ?? randomUUID() }));
    return new Promise<AppendResult>((resolve, reject) => {
      this.pending.push({ write: { ...write, events, ctx: write.ctx ?? ctx }, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        // After the current microtasks: appends started in the same tick join the first group.
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    try {
      while (this.pending.length > 0) await this.writeGroup(this.takeGroup());
    } finally {
      this.flushing = false;
    }
  }

  private async flushReads(store: SqlEventStore): Promise<void> {
    try {
      while (this.reads.length > 0) {
        const group = this.reads.splice(0, MAX_READS);
        try {
          const streams = await store.readStreams(group.map((r) => r.streamId));
          // Each caller its own copy: two readers of one stream must not share (and fold) one array.
          group.forEach((r) => r.resolve([...(streams.get(r.streamId) ?? [])]));
        } catch (e) {
          group.forEach((r) => r.reject(e));
        }
      }
    } finally {
      this.reading = false;
    }
  }

  /** Up to MAX_WRITES pending appends, one per stream (a second append to a stream waits its turn). */
  private takeGroup(): Pending[] {
    const streams = new Set<string>();
    const group: Pending[] = [];
    const rest: Pending[] = [];
    for (const p of this.pending) {
      if (group.length < MAX_WRITES && !streams.has(p.write.streamId)) {
        streams.add(p.write.streamId);
        group.push(p);
      } else rest.push(p);
    }
    this.pending = rest;
    return group;
  }

  private async writeGroup(group: Pending[]): Promise<void> {
    if (group.length > 1) {
      try {
        // One statement; a stream's lost race refuses only that stream (docs/event-store.md
        // "Batches of streams"), the others are written and each caller gets its own answer.
        const outcomes = await this.store.appendStreams(
          group.map((p) => p.write),
          group[0].write.ctx,
        );
        outcomes.forEach((o, i) => (o.ok ? group[i].resolve(o.result) : group[i].reject(o.error)));
        return;
      } catch {
        // Any other failure of the batch: each on its own below, with append's own errors.
      }
    }
    await Promise.all(
      group.map((p) =>
        this.store.appendMany([p.write], p.write.ctx).then(
          ([r]) => p.resolve(r),
          (e: unknown) => p.reject(e),
        ),
      ),
    );
  }
}

const wrapped = new WeakMap<EventStore, GroupCommitStore>();

/** The one group-commit wrapper of a store (shared by the payout worker and the process manager). */
export function groupCommitted(store: EventStore): EventStore {
  if (store instanceof GroupCommitStore) return store;
  let g = wrapped.get(store);
  if (!g) wrapped.set(store, (g = new GroupCommitStore(store)));
  return g;
}
