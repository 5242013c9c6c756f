import { profiled } from './sql-profile';
import { Pool, PoolClient, types as pgTypes } from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { lockDataDirectory } from './pglite-lock';
import { advisoryKey } from './advisory-locks';

export interface QueryResultRows<T> {
  rows: T[];
  rowCount: number;
}

export interface SqlQueryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResultRows<T>>;
}

/**
 * One SQL dialect (PostgreSQL), two engines: a `pg` pool or an embedded PGlite. PGlite is a
 * single connection, so its access is serialised and a transaction excludes every other query.
 */
export interface SqlClient extends SqlQueryable {
  readonly kind: 'postgres' | 'pglite';
  readonly description: string;
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  /** Several statements at once (schema set-up). */
  exec(sql: string): Promise<void>;
  /** Cross-process wake-ups (LISTEN/NOTIFY); returns an unsubscribe function. */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const int8AsNumber = (oid: number, format?: 'text' | 'binary') => {
  // bigint positions and counts fit a JS number for any realistic store (2^53 events).
  if (oid === 20) return (v: string) => Number(v);
  return pgTypes.getTypeParser(oid, format as 'text');
};

export class PostgresClient implements SqlClient {
  readonly kind = 'postgres' as const;
  readonly pool: Pool;
  private listener?: PoolClient;
  private listening: Promise<void> = Promise.resolve();
  private readonly listeners = new Map<string, Set<() => void>>();
  private rowsSinceVacuum = 0;
  private lastVacuumAt = 0;
  private maintaining?: Promise<boolean>;
  private autovacuumOff?: Promise<boolean>;
  private readonly maintenanceTimer: NodeJS.Timeout;

  constructor(
    readonly connectionString: string,
    readonly schema?: string,
    poolSize = 10,
  ) {
    this.maintenanceTimer = setInterval(() => {
      if (this.rowsSinceVacuum < POSTGRES_VACUUM_EVERY_ROWS) return;
      if (Date.now() - this.lastVacuumAt < POSTGRES_VACUUM_MIN_INTERVAL_MS) return;
      // A failure (a table renamed by a rebuild's swap meanwhile, a lost connection) is tried
      // again half a minute later (the rows are still counted): maintenance is an optimisation,
      // never part of a write.
      void this.maintain().catch(() => false);
    }, POSTGRES_MAINTENANCE_CHECK_MS).unref();
    this.pool = new Pool({
      connectionString,
      max: poolSize,
      types: { getTypeParser: int8AsNumber } as never,
      options: schema ? `-c search_path=${schema}` : undefined,
      // A dropped server connection surfaces as an error on the query, not a crash.
      connectionTimeoutMillis: 10_000,
    });
    this.pool.on('error', () => {
      /* idle client errors: the pool replaces the client */
    });
  }

  get description(): string {
    return `postgres${this.schema ? ` (schema ${this.schema})` : ''}`;
  }

  async query<T>(sql: string, params?: unknown[]): Promise<QueryResultRows<T>> {
    const r = await profiled(sql, () => this.pool.query(sql, params as unknown[]));
    this.rowsSinceVacuum += r.rowCount ?? 0;
    return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
  }

  /**
   * VACUUM (ANALYZE) of this schema's tables, when the server's autovacuum is off (`force`: even
   * when it is on). Without statistics the planner takes the events table for empty-sized and
   * plans every filtered read and every `stream_id = ANY(…)` as a parallel sequential scan: on a
   * server with `autovacuum = off` (this project's CI machine) the programme year's periods went
   * from 9 s to 20 s and its payouts took minutes (bench/README.md, session 5). Run after every
   * POSTGRES_VACUUM_EVERY_ROWS rows written or read back (at most every half minute), checked
   * every few seconds; VACUUM takes
   * no lock that blocks reads or writes. Returns whether it ran.
   */
  maintain(force = false): Promise<boolean> {
    this.maintaining ??= (async () => {
      this.lastVacuumAt = Date.now();
      try {
        this.autovacuumOff ??= this.pool
          .query<{ autovacuum: string }>('SHOW autovacuum')
          .then((r) => r.rows[0]?.autovacuum === 'off')
          .catch((e: unknown) => {
            this.autovacuumOff = undefined; // asked again next time, not failed for good
            throw e;
          });
        if (!force && !(await this.autovacuumOff)) return false;
        // Every client of every process on this schema counts its own rows: one pass at a time
        // per schema (the others skip), on a connection of its own for the session lock.
        const client = await this.pool.connect();
        const key = advisoryKey(`maintenance:${this.schema ?? ''}`);
        try {
          const { rows: lock } = await client.query<{ ok: boolean }>(
            'SELECT pg_try_advisory_lock($1::bigint) AS ok',
            [key],
          );
          if (!lock[0]?.ok) return false;
          try {
            const { rows } = await client.query<{ t: string }>(
              `SELECT format('%I.%I', schemaname, tablename) AS t FROM pg_tables WHERE schemaname = current_schema()`,
            );
            if (rows.length > 0) await client.query(`VACUUM (ANALYZE) ${rows.map((r) => r.t).join(', ')}`);
          } finally {
            await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
          }
          this.rowsSinceVacuum = 0;
          return true;
        } finally {
          client.release();
        }
      } finally {
        this.maintaining = undefined;
      }
    })();
    return this.maintaining;
  }

  async transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // A connection lost mid-transaction (server restart, terminated backend) fails the query;
    // without a listener its 'error' event would also crash the process.
    let lost: unknown;
    const onError = (e: unknown) => (lost = e);
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const tx: SqlQueryable = {
        query: async <R>(sql: string, params?: unknown[]) => {
          const r = await client.query(sql, params as unknown[]);
          this.rowsSinceVacuum += r.rowCount ?? 0;
          return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
        },
      };
      const result = await fn(tx);
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.off('error', onError);
      client.release(lost ? (lost as Error) : undefined);
    }
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async listen(channel: string, onNotify: () => void): Promise<() => Promise<void>> {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    set.add(onNotify);
    await this.ensureListener(channel);
    return async () => {
      set?.delete(onNotify);
    };
  }

  /**
   * One LISTEN at a time on the one listening connection: concurrent listen() calls (every loop
   * starts at bootstrap) would otherwise open a connection each, or queue statements on a client
   * already executing one (deprecated by pg).
   */
  private ensureListener(channel: string): Promise<void> {
    const next = this.listening.then(() => this.listenOn(channel));
    this.listening = next;
    return next;
  }

  private async listenOn(channel: string): Promise<void> {
    try {
      if (!this.listener) {
        const client = await this.pool.connect();
        client.on('notification', (msg) => this.listeners.get(msg.channel)?.forEach((cb) => cb()));
        client.on('error', () => {
          // Connection lost: drop it; pollers keep working and the next listen() reconnects.
          if (this.listener === client) this.listener = undefined;
          client.release(true);
        });
        this.listener = client;
      }
      await this.listener.query(`LISTEN "${channel}"`);
    } catch {
      // LISTEN is only a wake-up; subscriptions also poll, so a failure here loses nothing.
    }
  }

  async close(): Promise<void> {
    clearInterval(this.maintenanceTimer);
    await this.maintaining?.catch(() => undefined);
    this.listener?.release(true);
    this.listener = undefined;
    await this.pool.end();
  }
}

/** See PostgresClient.maintain. */
const POSTGRES_VACUUM_EVERY_ROWS = 100_000;
/** A pass over a year's tables takes seconds: at most one per half minute (reads count as rows too). */
const POSTGRES_VACUUM_MIN_INTERVAL_MS = 30_000;
const POSTGRES_MAINTENANCE_CHECK_MS = 5_000;

/** Rows written or read back by statements between two vacuums (see PGliteClient.maintain). */
const PGLITE_VACUUM_EVERY_ROWS = 100_000;
const PGLITE_MAINTENANCE_CHECK_MS = 15_000;

/**
 * Write-ahead log settings for an embedded data directory (docs/event-store.md, "The embedded
 * store on disk"). PostgreSQL's defaults keep up to 1 GB of WAL segments (max_wal_size), which
 * was more than half of a programme year's 1.86 GB directory; PGlite's single-user backend runs
 * each checkpoint itself when the WAL written since the last one nears max_wal_size, so this
 * bounds pg_wal at the cost of more frequent checkpoints. wal_level=minimal: nothing reads this
 * WAL but crash recovery (no replicas, no archive), so it logs only what recovery needs.
 * Durability is unchanged: every commit is still written to the WAL file before it is
 * acknowledged (fsync is off in PGlite, as always, so a kill -9 loses nothing the kernel was
 * given; a power loss can), and full_page_writes stays on because a killed process can leave a
 * data page half written.
 */
export const PGLITE_WAL_SETTINGS: Record<string, string> = {
  max_wal_size: '128MB',
  min_wal_size: '32MB',
  wal_level: 'minimal',
  max_wal_senders: '0',
};

export class PGliteClient implements SqlClient {
  readonly kind = 'pglite' as const;
  private closed = false;
  private rowsSinceVacuum = 0;
  private maintaining?: Promise<void>;
  private readonly maintenanceTimer: NodeJS.Timeout;

  private constructor(
    readonly db: PGlite,
    readonly dataDir: string,
    private readonly unlock: () => void = () => undefined,
  ) {
    this.maintenanceTimer = setInterval(() => {
      if (this.rowsSinceVacuum >= PGLITE_VACUUM_EVERY_ROWS) void this.maintain();
    }, PGLITE_MAINTENANCE_CHECK_MS).unref();
  }

  /**
   * VACUUM (ANALYZE): PGlite runs PostgreSQL in single-user mode, where autovacuum never runs.
   * Without it, read models rewritten once per contribution period (45,000 member rows) and the
   * stream heads bloat with dead row versions and their index entries, and the planner has no
   * statistics: in the programme year each period took longer than the last (12 s for the
   * first, 46 s for the sixth). Run after every PGLITE_VACUUM_EVERY_ROWS rows touched, checked
   * every few seconds; it queues behind other statements like any query.
   */
  maintain(): Promise<void> {
    this.maintaining ??= (async () => {
      this.rowsSinceVacuum = 0;
      try {
        if (!this.closed) await this.db.exec('VACUUM (ANALYZE)');
      } finally {
        this.maintaining = undefined;
      }
    })();
    return this.maintaining;
  }

  /**
   * A directory is opened by one process at a time: two PGlite instances writing one directory
   * corrupt it, so a second opener (another service, a CLI command) fails at once, naming the
   * process holding it (see pglite-lock.ts).
   */
  static async open(dataDir: string): Promise<PGliteClient> {
    if (dataDir.startsWith('memory')) return new PGliteClient(await PGlite.create(), dataDir);
    mkdirSync(dataDir, { recursive: true });
    const unlock = await lockDataDirectory(dataDir);
    try {
      const startParams = [
        ...PGlite.defaultStartParams,
        ...Object.entries(PGLITE_WAL_SETTINGS).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
      ];
      return new PGliteClient(await PGlite.create(dataDir, { startParams }), dataDir, unlock);
    } catch (e) {
      unlock();
      throw e;
    }
  }

  get description(): string {
    return `pglite (${this.dataDir})`;
  }

  async query<T>(sql: string, params?: unknown[]): Promise<QueryResultRows<T>> {
    return this.run(this.db, sql, params);
  }

  /** One statement on the database or inside a transaction: profiled, and counted for vacuuming. */
  private async run<T>(
    q: Pick<PGlite, 'query'>,
    sql: string,
    params?: unknown[],
  ): Promise<QueryResultRows<T>> {
    const r = await profiled(sql, () => q.query<T>(sql, params as unknown[]));
    const rowCount = r.affectedRows ?? r.rows.length;
    this.rowsSinceVacuum += rowCount;
    return { rows: r.rows, rowCount };
  }

  async transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T> {
    return this.db.transaction(async (t) =>
      fn({ query: <R>(sql: string, params?: unknown[]) => this.run<R>(t, sql, params) }),
    );
  }

  async exec(sql: string): Promise<void> {
    await this.db.exec(sql);
  }

  async listen(channel: string, onNotify: () => void): Promise<() => Promise<void>> {
    const unlisten = await this.db.listen(channel, () => onNotify());
    return async () => {
      if (!this.closed) await unlisten();
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.maintenanceTimer);
    await this.maintaining?.catch(() => undefined);
    try {
      await this.db.close();
    } finally {
      this.unlock();
    }
  }
}

/** Shared PGlite handles: one per directory per process (docs/architecture.md: PGlite is one connection). */
const pgliteHandles = new Map<string, { client: Promise<PGliteClient>; refs: number }>();

export function parseSqlUrl(
  url: string,
): { kind: 'pglite'; dir: string } | { kind: 'postgres'; connectionString: string; schema?: string } {
  if (url.startsWith('pglite://')) {
    const rest = url.slice('pglite://'.length);
    if (rest === '' || rest === 'memory' || rest.startsWith('memory'))
      return { kind: 'pglite', dir: 'memory://' };
    return { kind: 'pglite', dir: resolve(rest) };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const u = new URL(url);
    const schema = u.searchParams.get('schema') ?? undefined;
    u.searchParams.delete('schema');
    if (schema && !/^[a-z_][a-z0-9_]*$/i.test(schema)) throw new Error(`Invalid schema name: ${schema}`);
    return { kind: 'postgres', connectionString: u.toString(), schema };
  }
  throw new Error(`Unsupported SQL URL: ${url.replace(/\/\/[^@]*@/, '//***@')}`);
}

/** A reference-counted SQL client for a `pglite://` or `postgres://` URL. */
/** `poolSize`: connections per PostgreSQL pool (PG_POOL_SIZE in the configuration). */
export async function openSqlClient(url: string, options: { poolSize?: number } = {}): Promise<SqlClient> {
  const target = parseSqlUrl(url);
  if (target.kind === 'postgres')
    return new PostgresClient(target.connectionString, target.schema, options.poolSize);
  if (target.dir === 'memory://') return PGliteClient.open('memory://');
  const dir = target.dir;
  let handle = pgliteHandles.get(dir);
  if (!handle) {
    const opened = { client: PGliteClient.open(dir), refs: 0 };
    // A directory that could not be opened (locked by another process) may open later.
    opened.client.catch(() => pgliteHandles.get(dir) === opened && pgliteHandles.delete(dir));
    pgliteHandles.set(dir, opened);
    handle = opened;
  }
  handle.refs += 1;
  let client: PGliteClient;
  try {
    client = await handle.client;
  } catch (e) {
    handle.refs -= 1;
    throw e;
  }
  // Closing a shared handle closes the database only when its last user closes it.
  return new Proxy(client, {
    get(obj, prop, receiver) {
      if (prop === 'close') {
        return async () => {
          const h = pgliteHandles.get(dir);
          if (!h) return;
          h.refs -= 1;
          if (h.refs <= 0) {
            pgliteHandles.delete(dir);
            await client.close();
          }
        };
      }
      const v = Reflect.get(obj, prop, receiver);
      return typeof v === 'function' ? v.bind(obj) : v;
    },
  });
}
