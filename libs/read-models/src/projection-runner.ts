import { Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { EventStore, PostgresClient, SqlClient, Subscription } from '@app/event-store';
import { liveTables, Projection, TableNames } from './projection';

function lockKey(name: string): string {
  return BigInt.asIntN(64, BigInt(`0x${createHash('sha256').update(`projection:${name}`).digest('hex').slice(0, 16)}`)).toString();
}

export async function readCheckpoint(db: SqlClient, name: string): Promise<number> {
  const { rows } = await db.query<{ position: number }>('SELECT position FROM projection_checkpoints WHERE name = $1', [name]);
  return rows[0] ? Number(rows[0].position) : 0;
}

/**
 * Applies a batch and moves the checkpoint in the same transaction (guarantee 4): a crash
 * replays from the last checkpoint and nothing is applied twice. The checkpoint is compared
 * with the one this runner last saw, so a second runner can never double-apply a batch.
 */
export async function applyBatch(
  db: SqlClient,
  projection: Projection,
  events: Parameters<Projection['apply']>[1],
  tables: TableNames,
  checkpointName: string,
  expectedCheckpoint: number,
): Promise<number> {
  const last = events[events.length - 1].position;
  await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ position: number }>(
      'SELECT position FROM projection_checkpoints WHERE name = $1 FOR UPDATE',
      [checkpointName],
    );
    const current = rows[0] ? Number(rows[0].position) : 0;
    if (current !== expectedCheckpoint) {
      throw new Error(`Checkpoint of ${checkpointName} moved to ${current} (expected ${expectedCheckpoint}): another runner is active`);
    }
    await projection.apply(tx, events, tables);
    await tx.query(
      `INSERT INTO projection_checkpoints (name, position, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = now()`,
      [checkpointName, last],
    );
  });
  return last;
}

export async function ensureProjectionSchema(db: SqlClient, projection: Projection, tables: TableNames): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7300003)');
    for (const stmt of projection.schema(tables).split(/;\s*(?:\n|$)/).map((s) => s.trim()).filter(Boolean)) {
      await tx.query(stmt);
    }
  });
}

interface Running {
  projection: Projection;
  subscription?: Subscription;
  checkpoint: number;
  releaseLease?: () => Promise<void>;
}

/**
 * Runs each projection as a checkpointed catch-up subscription. On PostgreSQL a session-level
 * advisory lock is the lease: one process runs a projection; when it dies its connection drops,
 * the lock is freed and another projector takes over at its next attempt.
 */
export class ProjectionRunner {
  private readonly logger = new Logger('Projector');
  private readonly running = new Map<string, Running>();
  private leaseTimer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly store: EventStore,
    private readonly db: SqlClient,
    private readonly projections: Projection[],
    private readonly options: { batchSize?: number; leaseRetryMs?: number } = {},
  ) {}

  async start(): Promise<void> {
    for (const p of this.projections) await ensureProjectionSchema(this.db, p, liveTables(p));
    await this.acquireLeases();
    this.leaseTimer = setInterval(() => void this.acquireLeases(), this.options.leaseRetryMs ?? 2000);
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
    for (const r of this.running.values()) {
      await r.subscription?.stop();
      await r.releaseLease?.();
    }
    this.running.clear();
  }

  private async acquireLeases(): Promise<void> {
    for (const p of this.projections) {
      if (this.stopped || this.running.has(p.name)) continue;
      try {
        const release = await this.tryLease(p.name);
        if (!release) continue;
        const checkpoint = await readCheckpoint(this.db, p.name);
        const r: Running = { projection: p, checkpoint, releaseLease: release };
        this.running.set(p.name, r);
        this.startSubscription(r);
        this.logger.log(`projection ${p.name} running from position ${checkpoint}`);
      } catch (e) {
        this.logger.warn(`projection ${p.name}: lease not taken: ${(e as Error).message}`);
      }
    }
  }

  private startSubscription(r: Running): void {
    const tables = liveTables(r.projection);
    r.subscription = this.store.subscribe({
      name: r.projection.name,
      after: r.checkpoint,
      batchSize: this.options.batchSize ?? 500,
      ...r.projection.filter,
      handler: async (events) => {
        r.checkpoint = await applyBatch(this.db, r.projection, events, tables, r.projection.name, r.checkpoint);
      },
      onError: (error, attempt) => {
        if (attempt === 1 || attempt % 20 === 0) {
          this.logger.error(`projection ${r.projection.name} failed (attempt ${attempt}): ${(error as Error).message}`);
        }
      },
    });
  }

  /** A session advisory lock on a dedicated connection; PGlite (one process) always gets it. */
  private async tryLease(name: string): Promise<(() => Promise<void>) | undefined> {
    if (!(this.db instanceof PostgresClient) && this.db.kind !== 'postgres') return async () => undefined;
    const pool = (this.db as PostgresClient).pool;
    const client = await pool.connect();
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS ok', [lockKey(name)]);
    if (!rows[0]?.ok) {
      client.release();
      return undefined;
    }
    client.on('error', () => {
      // Lost the lease connection: stop this projection; a projector (maybe this one) retakes it.
      const r = this.running.get(name);
      this.running.delete(name);
      void r?.subscription?.stop();
    });
    return async () => {
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [lockKey(name)]).catch(() => undefined);
      client.release();
    };
  }
}
