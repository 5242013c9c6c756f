import { Logger } from '@nestjs/common';
import {
  EventFilter,
  EventStore,
  PostgresClient,
  ReadAllOptions,
  RecordedEvent,
  SqlClient,
  SqlEventStore,
  Waker,
  advisoryKey,
} from '@app/event-store';

/** How often an idle loop stores the head it skipped to (the lag probe reads stored checkpoints). */
const IDLE_SAVE_MS = 1_000;

export interface CheckpointedLoopOptions {
  /** Checkpoint name in `projection_checkpoints`, and the lease's name. */
  name: string;
  filter: EventFilter;
  /** Must be idempotent: after a crash the batch since the last checkpoint is handled again. */
  handle: (events: RecordedEvent[]) => Promise<void>;
  batchSize?: number;
  pollMs?: number;
  leaseRetryMs?: number;
}

/** Advisory locks are database-wide: the key names the schema too, as the checkpoint lives in it. */
function lockKey(name: string, schema = ''): string {
  return advisoryKey(`process:${schema}:${name}`);
}

/**
 * A checkpointed catch-up loop for the payout process manager and the outbox relay: at-least-once
 * delivery (handlers are idempotent), the checkpoint in `projection_checkpoints`, and on
 * PostgreSQL a session advisory lock as the lease so one projector runs it. When idle it moves its
 * checkpoint to the store's head, so the lag probe sees it caught up despite its filter.
 */
export class CheckpointedLoop {
  private readonly logger: Logger;
  private stopped = false;
  private leased = false;
  private releaseLease?: () => Promise<void>;
  private checkpoint = 0;
  private readonly waker = new Waker();
  /** The checkpoint last stored; `checkpoint` may run ahead of it over events nothing matched. */
  private saved = 0;
  private savedAt = 0;
  private waiters: Array<() => void> = [];
  private done?: Promise<void>;
  private unlisten?: () => Promise<void>;
  private failures = 0;

  constructor(
    private readonly store: EventStore,
    private readonly db: SqlClient,
    private readonly options: CheckpointedLoopOptions,
  ) {
    this.logger = new Logger(options.name);
  }

  get position(): number {
    return this.checkpoint;
  }

  /** True while this process holds the loop's lease (its duties run here, not in another projector). */
  get isLeased(): boolean {
    return this.leased;
  }

  start(): void {
    if (this.done) return;
    if (this.store instanceof SqlEventStore) {
      void this.store.sql
        .listen('es_appended', () => this.wake())
        .then((u) => (this.unlisten = u))
        .catch(() => undefined);
    }
    this.done = this.run();
  }

  /** Something was appended: look soon (passes are coalesced, see Waker). */
  wake(): void {
    this.waker.wake();
  }

  /** Resolves after a pass that started after this call found nothing left to handle. */
  caughtUp(): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.waker.wakeNow();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.waker.wakeNow();
    await this.done;
    if (this.leased && this.checkpoint !== this.saved)
      await this.saveCheckpoint(this.checkpoint).catch(() => undefined);
    await this.unlisten?.().catch(() => undefined);
    await this.releaseLease?.().catch(() => undefined);
    this.waiters.splice(0).forEach((w) => w());
  }

  private async run(): Promise<void> {
    const batchSize = this.options.batchSize ?? 200;
    while (!this.stopped) {
      if (!this.leased) {
        const taken = await this.tryLease().catch((e: Error) => {
          this.logger.warn(`lease not taken: ${e.message}`);
          return false;
        });
        if (!taken) {
          await this.sleep(this.options.leaseRetryMs ?? 2_000);
          continue;
        }
      }
      const waiting = this.waiters.splice(0);
      this.waker.passStarted();
      try {
        // The SQL stores say how far a read looked (scannedTo); others need the head read first.
        const head = this.store instanceof SqlEventStore ? undefined : await this.store.headPosition();
        const { events: batch, scannedTo } = await this.read({
          after: this.checkpoint || undefined,
          limit: batchSize,
          ...this.options.filter,
        });
        if (batch.length > 0) {
          await this.options.handle(batch);
          await this.saveCheckpoint(batch[batch.length - 1].position);
          // A short page looked at every event up to scannedTo: the next pass starts there (in
          // memory only; stored with the next batch or idle save), not at this page's last match.
          if (scannedTo !== undefined) this.checkpoint = scannedTo;
        } else {
          // Nothing matched up to a head read before this pass: every later match comes after it.
          // Skipping ahead is only a shortcut (a restart from the stored checkpoint re-reads the
          // same unmatched events), so it is stored at most once a second, not every pass.
          if (scannedTo !== undefined) this.checkpoint = scannedTo;
          else if (head !== undefined && head > this.checkpoint) this.checkpoint = head;
          if (this.checkpoint !== this.saved && Date.now() - this.savedAt >= IDLE_SAVE_MS)
            await this.saveCheckpoint(this.checkpoint);
        }
        if (this.failures > 0) this.logger.log(`resumed after ${this.failures} failed passes`);
        this.failures = 0;
        if (batch.length < batchSize) {
          if (batch.length === 0) waiting.forEach((w) => w());
          else this.waiters.unshift(...waiting);
          if (batch.length === 0) await this.sleep(this.options.pollMs ?? 250);
        } else {
          this.waiters.unshift(...waiting);
        }
      } catch (e) {
        this.waiters.unshift(...waiting);
        this.failures += 1;
        if (this.failures === 1 || this.failures % 20 === 0)
          this.logger.warn(
            `pass failed (${this.failures}x), retrying from position ${this.checkpoint}: ${(e as Error).message}`,
          );
        await this.sleep(Math.min(5_000, 100 * 2 ** Math.min(this.failures, 6)));
      }
    }
  }

  /** A filtered read; where the store can say so, also how far it looked (see SqlEventStore). */
  private read(options: ReadAllOptions): Promise<{ events: RecordedEvent[]; scannedTo?: number }> {
    if (this.store instanceof SqlEventStore) return this.store.readAllWithHorizon(options);
    return this.store.readAll(options).then((events) => ({ events }));
  }

  private async saveCheckpoint(position: number): Promise<void> {
    await this.db.query(
      `INSERT INTO projection_checkpoints (name, position, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = now()`,
      [this.options.name, position],
    );
    this.checkpoint = position;
    this.saved = position;
    this.savedAt = Date.now();
  }

  /** A session advisory lock on a dedicated connection; PGlite (one process) always has it. */
  private async tryLease(): Promise<boolean> {
    if (!(this.db instanceof PostgresClient)) {
      this.leased = true;
    } else {
      const schema = this.db.schema;
      const client = await this.db.pool.connect();
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS ok', [
        lockKey(this.options.name, schema),
      ]);
      if (!rows[0]?.ok) {
        client.release();
        return false;
      }
      client.on('error', () => {
        // Lost the lease connection: stop handling until it is taken again (maybe by another projector).
        this.leased = false;
        this.releaseLease = undefined;
      });
      this.releaseLease = async () => {
        await client
          .query('SELECT pg_advisory_unlock($1::bigint)', [lockKey(this.options.name, schema)])
          .catch(() => undefined);
        client.release();
      };
      this.leased = true;
    }
    const { rows } = await this.db.query<{ position: number }>(
      'SELECT position FROM projection_checkpoints WHERE name = $1',
      [this.options.name],
    );
    this.checkpoint = rows[0] ? Number(rows[0].position) : 0;
    this.saved = this.checkpoint;
    this.logger.log(`running from position ${this.checkpoint}`);
    return true;
  }

  private sleep(ms: number): Promise<void> {
    return this.stopped ? Promise.resolve() : this.waker.sleep(ms);
  }
}
