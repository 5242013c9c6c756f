import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import {
  EventStore,
  PostgresClient,
  Position,
  RecordedEvent,
  SqlClient,
  SqlQueryable,
  Subscription,
  ADVISORY_LOCKS,
  advisoryKey,
} from '@app/event-store';
import { CHECKPOINTS_SCHEMA, liveTables, Projection, TableNames } from './projection';
import { openSessionConnection } from './pg-session';
import {
  clearProjectionFailure,
  PROJECTION_FAILURES_SCHEMA,
  ProjectionEventError,
  recordProjectionFailure,
} from './projection-failures';

export { advisoryKey };

/** The stored checkpoint is not the one this runner last wrote: a rebuild swapped, or another runner ran. */
export class CheckpointMovedError extends Error {
  constructor(
    readonly checkpointName: string,
    readonly expected: Position,
    readonly actual: Position,
  ) {
    super(`Checkpoint of ${checkpointName} moved to ${actual} (expected ${expected})`);
    this.name = 'CheckpointMovedError';
  }
}

export async function readCheckpoint(db: SqlQueryable, name: string): Promise<number> {
  const { rows } = await db.query<{ position: number }>(
    'SELECT position FROM projection_checkpoints WHERE name = $1',
    [name],
  );
  return rows[0] ? Number(rows[0].position) : 0;
}

/**
 * Locks the checkpoint row for the rest of the transaction and checks it still holds the
 * position this writer last saw. The row is created first if missing, so two writers always
 * contend on a real row lock (a missing row locks nothing).
 */
export async function lockCheckpoint(tx: SqlQueryable, name: string, expected: Position): Promise<void> {
  const current = await lockCheckpointRow(tx, name);
  if (current !== expected) throw new CheckpointMovedError(name, expected, current);
}

/** Locks the checkpoint row (creating it at 0 if missing) and returns the position it holds. */
export async function lockCheckpointRow(tx: SqlQueryable, name: string): Promise<Position> {
  const select = 'SELECT position FROM projection_checkpoints WHERE name = $1 FOR UPDATE';
  let { rows } = await tx.query<{ position: number }>(select, [name]);
  if (!rows[0]) {
    await tx.query(
      'INSERT INTO projection_checkpoints (name, position) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING',
      [name],
    );
    ({ rows } = await tx.query<{ position: number }>(select, [name]));
  }
  return rows[0] ? Number(rows[0].position) : 0;
}

export async function writeCheckpoint(tx: SqlQueryable, name: string, position: Position): Promise<void> {
  await tx.query(
    `INSERT INTO projection_checkpoints (name, position, updated_at) VALUES ($1, $2, now())
     ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = now()`,
    [name, position],
  );
}

/**
 * Applies a batch and moves the checkpoint in the same transaction (guarantee 4): a crash
 * replays from the last checkpoint and nothing is applied twice. The checkpoint is compared
 * with the one this runner last saw, so a second runner can never double-apply a batch.
 */
export async function applyBatch(
  db: SqlClient,
  projection: Projection,
  events: RecordedEvent[],
  tables: TableNames,
  checkpointName: string,
  expectedCheckpoint: Position,
): Promise<Position> {
  if (events.length === 0) return expectedCheckpoint;
  const last = events[events.length - 1].position;
  await db.transaction(async (tx) => {
    await lockCheckpoint(tx, checkpointName, expectedCheckpoint);
    await projection.apply(tx, events, tables);
    await writeCheckpoint(tx, checkpointName, last);
  });
  return last;
}

/** Moves an idle projection's checkpoint past events its filter does not select. */
export async function advanceCheckpoint(
  db: SqlClient,
  checkpointName: string,
  expected: Position,
  to: Position,
): Promise<Position> {
  await db.transaction(async (tx) => {
    await lockCheckpoint(tx, checkpointName, expected);
    await writeCheckpoint(tx, checkpointName, to);
  });
  return to;
}

function statements(ddl: string): string[] {
  return ddl
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export async function ensureProjectionSchema(
  db: SqlClient,
  projection: Projection,
  tables: TableNames,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [ADVISORY_LOCKS.projectionSchema]);
    const ddl = [CHECKPOINTS_SCHEMA, PROJECTION_FAILURES_SCHEMA, projection.schema(tables)];
    for (const stmt of ddl.flatMap(statements)) await tx.query(stmt);
  });
}

/**
 * Projection leases. On PostgreSQL: session advisory locks held on one dedicated connection
 * (never a pooled one, which would starve the pool); when the process dies the connection
 * drops, the locks are freed and another projector takes over at its next attempt. PGlite is
 * one process by construction, so its leases are always granted.
 */
interface LeaseHolder {
  tryAcquire(name: string): Promise<boolean>;
  release(name: string): Promise<void>;
  /** False once the lease connection is gone: every lease it held is lost. */
  alive(): Promise<boolean>;
  close(): Promise<void>;
}

class InProcessLeases implements LeaseHolder {
  async tryAcquire(): Promise<boolean> {
    return true;
  }
  async release(): Promise<void> {}
  async alive(): Promise<boolean> {
    return true;
  }
  async close(): Promise<void> {}
}

class AdvisoryLockLeases implements LeaseHolder {
  private client?: Client;
  private connecting?: Promise<Client>;
  private scope?: string;
  private readonly held = new Set<string>();

  constructor(
    private readonly db: PostgresClient,
    private readonly onLost: () => void,
  ) {}

  private async connection(): Promise<Client> {
    if (this.client) return this.client;
    this.connecting ??= (async () => {
      const { client, scope } = await openSessionConnection(this.db);
      client.on('error', () => this.lose(client));
      client.on('end', () => this.lose(client));
      this.scope = scope;
      this.client = client;
      return client;
    })().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private lose(client: Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.held.clear();
    void client.end().catch(() => undefined);
    this.onLost();
  }

  private key(name: string): string {
    return advisoryKey(`projection:${this.scope}:${name}`);
  }

  async tryAcquire(name: string): Promise<boolean> {
    const client = await this.connection();
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS ok', [
      this.key(name),
    ]);
    if (rows[0]?.ok) this.held.add(name);
    return !!rows[0]?.ok;
  }

  async release(name: string): Promise<void> {
    if (!this.held.delete(name) || !this.client) return;
    await this.client.query('SELECT pg_advisory_unlock($1::bigint)', [this.key(name)]).catch(() => undefined);
  }

  async alive(): Promise<boolean> {
    const client = this.client;
    if (!client) return false;
    try {
      await client.query('SELECT 1');
      return true;
    } catch {
      this.lose(client);
      return false;
    }
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.held.clear();
    await client?.end().catch(() => undefined);
  }
}

interface Running {
  projection: Projection;
  tables: TableNames;
  subscription?: Subscription;
  checkpoint: Position;
  /** Batches, heartbeats and resyncs of one projection never overlap. */
  queue: Promise<unknown>;
  resyncing: boolean;
  /** A failure may be on record (from this or an earlier process) until a batch applies. */
  failureOnRecord: boolean;
}

/**
 * Events per batch (one transaction with the checkpoint). A period posts 45,000 member events at
 * once; each batch costs a page read, a lock and a write of the checkpoint besides its rows.
 */
const PROJECTION_BATCH = 1_000;

export interface ProjectionRunnerOptions {
  batchSize?: number;
  /** How often a projector tries to take projections no live process runs. */
  leaseRetryMs?: number;
  /** How often leases are checked and idle checkpoints move to the head. */
  heartbeatMs?: number;
}

/**
 * Runs each projection as a checkpointed catch-up subscription, at most one process per
 * projection (a lease), restartable at any point: the checkpoint moves in the transaction that
 * writes the rows, so a crash loses nothing and applies nothing twice.
 */
export class ProjectionRunner {
  private readonly logger = new Logger('Projector');
  private readonly running = new Map<string, Running>();
  private readonly leases: LeaseHolder;
  private leaseTimer?: NodeJS.Timeout;
  private heartbeatTimer?: NodeJS.Timeout;
  private acquiring?: Promise<void>;
  private heartbeating?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly store: EventStore,
    private readonly db: SqlClient,
    private readonly projections: Projection[],
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.leases =
      db.kind === 'postgres'
        ? new AdvisoryLockLeases(db as PostgresClient, () => this.leasesLost())
        : new InProcessLeases();
  }

  async start(): Promise<void> {
    this.stopped = false;
    for (const p of this.projections) await ensureProjectionSchema(this.db, p, liveTables(p));
    await this.acquireLeases();
    this.leaseTimer = setInterval(() => void this.acquireLeases(), this.options.leaseRetryMs ?? 2000);
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), this.options.heartbeatMs ?? 1000);
  }

  /** Names of the projections this process runs now. */
  active(): string[] {
    return [...this.running.keys()];
  }

  /** Resolves when every projection this process runs has caught up with the store. */
  async caughtUp(): Promise<void> {
    await Promise.all([...this.running.values()].map((r) => r.subscription?.caughtUp()));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.leaseTimer) clearInterval(this.leaseTimer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    await this.acquiring;
    await this.heartbeating;
    for (const name of [...this.running.keys()]) await this.drop(name);
    await this.leases.close();
  }

  private acquireLeases(): Promise<void> {
    this.acquiring ??= this.takeFreeProjections().finally(() => (this.acquiring = undefined));
    return this.acquiring;
  }

  private async takeFreeProjections(): Promise<void> {
    for (const p of this.projections) {
      if (this.stopped || this.running.has(p.name)) continue;
      try {
        if (!(await this.leases.tryAcquire(p.name))) continue;
        if (this.stopped) {
          await this.leases.release(p.name);
          continue;
        }
        const checkpoint = await readCheckpoint(this.db, p.name);
        const r: Running = {
          projection: p,
          tables: liveTables(p),
          checkpoint,
          queue: Promise.resolve(),
          resyncing: false,
          failureOnRecord: true,
        };
        this.running.set(p.name, r);
        this.startSubscription(r);
        this.logger.log(`projection ${p.name} running from position ${checkpoint}`);
      } catch (e) {
        this.logger.warn(`projection ${p.name}: lease not taken: ${(e as Error).message}`);
      }
    }
  }

  private exclusive<T>(r: Running, fn: () => Promise<T>): Promise<T> {
    const run = r.queue.then(fn);
    r.queue = run.catch(() => undefined);
    return run;
  }

  private startSubscription(r: Running): void {
    const name = r.projection.name;
    r.subscription = this.store.subscribe({
      name,
      after: r.checkpoint,
      batchSize: this.options.batchSize ?? PROJECTION_BATCH,
      ...r.projection.filter,
      handler: (events) =>
        this.exclusive(r, async () => {
          if (this.running.get(name) !== r) throw new Error(`projection ${name} is no longer run here`);
          r.checkpoint = await this.applyNamingFailure(r, events);
        }),
      onError: (error, attempt) => {
        if (error instanceof CheckpointMovedError) {
          void this.resync(r);
          return;
        }
        if (this.running.get(name) !== r) return;
        if (attempt === 1 || attempt % 20 === 0) {
          this.logger.error(`projection ${name} failed (attempt ${attempt}): ${(error as Error).message}`);
        }
      },
    });
  }

  /** Applies a batch; when it fails, names the event it cannot apply (log and /health). */
  private async applyNamingFailure(r: Running, events: RecordedEvent[]): Promise<Position> {
    const name = r.projection.name;
    try {
      const position = await applyBatch(this.db, r.projection, events, r.tables, name, r.checkpoint);
      if (r.failureOnRecord) {
        await clearProjectionFailure(this.db, name);
        r.failureOnRecord = false;
      }
      return position;
    } catch (batchError) {
      if (batchError instanceof CheckpointMovedError) throw batchError;
      let failing: ProjectionEventError | undefined;
      try {
        failing = await this.findFailingEvent(r, events);
      } catch {
        throw batchError; // the store itself is failing (a lost connection): nothing to name
      }
      if (!failing) throw batchError;
      r.failureOnRecord = true;
      await recordProjectionFailure(this.db, failing);
      throw failing;
    }
  }

  /**
   * Applies the batch again one event at a time in a transaction that is always rolled back:
   * the first event that fails is the one to name, and nothing of the batch is kept.
   */
  private async findFailingEvent(
    r: Running,
    events: RecordedEvent[],
  ): Promise<ProjectionEventError | undefined> {
    let failing: ProjectionEventError | undefined;
    const rollBack = new Error('roll back the search for the failing event');
    await this.db
      .transaction(async (tx) => {
        for (const event of events) {
          try {
            await r.projection.apply(tx, [event], r.tables);
          } catch (e) {
            failing = ProjectionEventError.of(r.projection.name, event, e);
            break;
          }
        }
        throw rollBack;
      })
      .catch((e: unknown) => {
        if (e !== rollBack) throw e;
      });
    return failing;
  }

  /** The stored checkpoint moved (a rebuild was swapped in): continue from it, not from ours. */
  private async resync(r: Running): Promise<void> {
    if (r.resyncing) return;
    r.resyncing = true;
    try {
      await r.subscription?.stop();
      await this.exclusive(r, async () => {
        if (this.stopped || this.running.get(r.projection.name) !== r) return;
        r.checkpoint = await readCheckpoint(this.db, r.projection.name);
        this.logger.warn(
          `projection ${r.projection.name}: checkpoint was moved elsewhere; continuing from ${r.checkpoint}`,
        );
        this.startSubscription(r);
      });
    } catch (e) {
      this.logger.error(`projection ${r.projection.name}: resync failed: ${(e as Error).message}`);
      await this.drop(r.projection.name);
    } finally {
      r.resyncing = false;
    }
  }

  /** `releaseLease` false: the lease died with its connection, and may already be ours again. */
  private async drop(name: string, releaseLease = true): Promise<void> {
    const r = this.running.get(name);
    if (!r) return;
    this.running.delete(name);
    await r.subscription?.stop();
    if (releaseLease) await this.leases.release(name);
  }

  private leasesLost(): void {
    // Without the lease connection another projector may already run these: stop at once.
    const names = [...this.running.keys()];
    if (names.length) this.logger.warn(`lease connection lost; stopping ${names.join(', ')}`);
    for (const name of names) void this.drop(name, false);
  }

  private heartbeat(): Promise<void> {
    this.heartbeating ??= this.beat().finally(() => (this.heartbeating = undefined));
    return this.heartbeating;
  }

  private async beat(): Promise<void> {
    if (this.stopped || this.running.size === 0) return;
    if (!(await this.leases.alive())) return this.leasesLost();
    for (const r of [...this.running.values()]) {
      if (this.stopped) return;
      if (r.resyncing) continue;
      const moved = await this.exclusive(r, () => this.skipToHead(r)).catch(
        (e: unknown) => e instanceof CheckpointMovedError,
      );
      if (moved) void this.resync(r);
    }
  }

  /**
   * Moves an idle checkpoint to the head when nothing this projection selects lies between them,
   * so the lag in /health and /metrics counts only events it has yet to apply. Runs between
   * batches, with the head read here: a head read before the last batch landed is behind it, and
   * "moving" to it would hand that batch to the next start again. Positions are not commit order
   * on PostgreSQL, so the checkpoint cannot be kept monotonic by comparing numbers; instead it
   * moves only when an event lies after it, and only from the value the stored row still holds.
   */
  private async skipToHead(r: Running): Promise<false> {
    if (this.running.get(r.projection.name) !== r) return false;
    const head = await this.store.headPosition();
    if (head === 0 || r.checkpoint === head) return false;
    const pending = await this.store.readAll({ after: r.checkpoint, limit: 1, ...r.projection.filter });
    if (pending.length > 0) return false;
    if (r.checkpoint > 0 && (await this.store.readAll({ after: r.checkpoint, limit: 1 })).length === 0)
      return false;
    r.checkpoint = await advanceCheckpoint(this.db, r.projection.name, r.checkpoint, head);
    return false;
  }
}
