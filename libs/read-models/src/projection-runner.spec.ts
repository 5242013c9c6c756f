import {
  EventStore,
  openSqlClient,
  PostgresClient,
  SqlClient,
  SqlEventStore,
  SqlQueryable,
} from '@app/event-store';
import { freshSchema, sqlAdmin } from '@app/testing';
import { appendProgrammeHistory } from '@app/testing/history';
import { contributionLedgerProjection } from '@app/testing/contribution-ledger.projection';
import { ALL_PROJECTIONS } from './all';
import { liveTables, Projection, rebuildTables } from './projection';
import { advisoryKey, ProjectionRunner, readCheckpoint } from './projection-runner';
import { rebuildProjections } from './rebuild';
import { projectionRows } from './table-rows';

/**
 * Guarantees 3 and 4 and the rebuild on a real PostgreSQL: projectors that crash, compete and fail
 * over, and rebuilds that equal the incrementally built tables row for row.
 */

/** Counts every event by type: any double or missed application shows in the totals. */
const eventCounts: Projection = {
  name: 'event_counts',
  tables: ['event_counts'],
  schema: (t) => `CREATE TABLE IF NOT EXISTS ${t.event_counts} (type text PRIMARY KEY, n bigint NOT NULL)`,
  apply: async (tx, events, t) => {
    const counts = new Map<string, number>();
    for (const e of events) counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
    await tx.query(
      `INSERT INTO ${t.event_counts} (type, n) SELECT type, n FROM jsonb_to_recordset($1::jsonb) AS x(type text, n bigint)
       ON CONFLICT (type) DO UPDATE SET n = ${t.event_counts}.n + EXCLUDED.n`,
      [JSON.stringify([...counts].map(([type, n]) => ({ type, n })))],
    );
  },
};

const PROJECTIONS: Projection[] = [contributionLedgerProjection, eventCounts, ...ALL_PROJECTIONS];

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function countsInStore(db: SqlQueryable): Promise<Record<string, number>> {
  const { rows } = await db.query<{ type: string; n: number }>(
    'SELECT type, count(*)::int AS n FROM es_events GROUP BY type',
  );
  return Object.fromEntries(rows.map((r) => [r.type, Number(r.n)]));
}

async function countsProjected(db: SqlQueryable): Promise<Record<string, number>> {
  const { rows } = await db.query<{ type: string; n: number }>('SELECT type, n FROM rm_event_counts');
  return Object.fromEntries(rows.map((r) => [r.type, Number(r.n)]));
}

/**
 * Each projection's live tables equal a rebuild from position 0, row for row: once with every
 * keyed row held in memory until the end, once with a working set so small that rows are
 * written, forgotten and loaded again many times over.
 */
async function expectEqualToFreshRebuild(
  store: EventStore,
  db: SqlClient,
  projections: Projection[],
): Promise<void> {
  for (const workingSetRows of [undefined, 37]) {
    await rebuildProjections(store, db, projections, { swap: false, batchSize: 333, workingSetRows });
    for (const p of projections) {
      const live = await projectionRows(db, p, liveTables(p));
      const fresh = await projectionRows(db, p, rebuildTables(p));
      expect({ [p.name]: live, workingSetRows }).toEqual({ [p.name]: fresh, workingSetRows });
    }
  }
}

describe('projection runner and rebuild (PostgreSQL)', () => {
  let url: string;
  let drop: () => Promise<void>;
  let sql: SqlClient;
  let store: SqlEventStore;
  const opened: Array<{ close(): Promise<void> }> = [];

  /** A second connection pool to the same schema: what another projector process would have. */
  async function anotherProcess(): Promise<SqlClient> {
    const db = await openSqlClient(url);
    opened.push(db);
    return db;
  }

  beforeEach(async () => {
    ({ url, drop } = await freshSchema('proj'));
    sql = await openSqlClient(url);
    store = await SqlEventStore.create(sql, { pollMs: 50 });
  });

  afterEach(async () => {
    for (const c of opened.splice(0).reverse()) await c.close().catch(() => undefined);
    await store.close();
    await drop();
  });

  it('a projector killed mid-catch-up, restarted, ends with read models equal to a fresh rebuild', async () => {
    await appendProgrammeHistory(store, { members: 300, months: 6, claims: 40, seed: 11 });
    const db1 = await anotherProcess();
    let batches = 0;
    let crashed!: () => void;
    const crash = new Promise<void>((resolve) => (crashed = resolve));
    // The third batch writes its rows, then the process "dies": its connection is cut mid-transaction.
    const dying: Projection = {
      ...contributionLedgerProjection,
      apply: async (tx, events, t) => {
        await contributionLedgerProjection.apply(tx, events, t);
        if (++batches === 3) {
          crashed();
          await tx.query('SELECT pg_terminate_backend(pg_backend_pid())');
        }
      },
    };
    const first = new ProjectionRunner(store, db1, [dying, eventCounts, ...ALL_PROJECTIONS], {
      batchSize: 100,
    });
    await first.start();
    await crash;
    await first.stop();

    const head = await store.headPosition();
    const stoppedAt = await readCheckpoint(sql, contributionLedgerProjection.name);
    expect(stoppedAt).toBeGreaterThan(0);
    expect(stoppedAt).toBeLessThan(head);
    // The cut transaction left nothing behind: exactly the two batches before it.
    const { rows } = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM rm_ledger_members');
    expect(Number(rows[0].n)).toBe(200);

    const db2 = await anotherProcess();
    const second = new ProjectionRunner(store, db2, PROJECTIONS, { batchSize: 100 });
    await second.start();
    await second.caughtUp();
    await second.stop();

    expect(await countsProjected(sql)).toEqual(await countsInStore(sql));
    await expectEqualToFreshRebuild(store, sql, PROJECTIONS);
    const projected = await projectionRows(sql, contributionLedgerProjection);
    expect(projected.ledger_members).toHaveLength(300);
  });

  it('a handler that throws mid-batch applies nothing of it, and the batch is applied once when retried', async () => {
    await appendProgrammeHistory(store, { members: 120, months: 3, claims: 10, seed: 12 });
    let failures = 0;
    const flaky: Projection = {
      ...eventCounts,
      apply: async (tx, events, t) => {
        await eventCounts.apply(tx, events, t);
        if (failures < 2 && events.some((e) => e.type === 'ContributionMonthPaid')) {
          failures += 1;
          throw new Error('projection bug, fixed on retry');
        }
      },
    };
    const runner = new ProjectionRunner(store, sql, [flaky], { batchSize: 50 });
    await runner.start();
    // Not "checkpoint = head": the head stays 0 while another session's older transaction runs.
    await runner.caughtUp();
    await runner.stop();
    expect(failures).toBe(2);
    expect(await countsProjected(sql)).toEqual(await countsInStore(sql));
  });

  it('two projectors on one PostgreSQL run each projection once; when one stops or dies the other takes over', async () => {
    await appendProgrammeHistory(store, { members: 150, months: 3, claims: 20, seed: 13 });
    const [dbA, dbB] = [await anotherProcess(), await anotherProcess()];
    const a = new ProjectionRunner(store, dbA, PROJECTIONS, { batchSize: 100, leaseRetryMs: 100 });
    const b = new ProjectionRunner(store, dbB, PROJECTIONS, { batchSize: 100, leaseRetryMs: 100 });
    await Promise.all([a.start(), b.start()]);
    const names = PROJECTIONS.map((p) => p.name).sort();
    await until(() => a.active().length + b.active().length === names.length);
    expect([...a.active(), ...b.active()].sort()).toEqual(names);
    expect(a.active().filter((n) => b.active().includes(n))).toEqual([]);

    // Both keep running while history grows: every event is still counted exactly once.
    await appendProgrammeHistory(store, { members: 60, months: 2, claims: 5, seed: 14, idPrefix: 'b-' });
    await Promise.all([a.caughtUp(), b.caughtUp()]);
    expect(await countsProjected(sql)).toEqual(await countsInStore(sql));

    // A stops: B takes over A's projections.
    const [stopping, staying] = a.active().length > 0 ? [a, b] : [b, a];
    await stopping.stop();
    await until(() => staying.active().length === names.length);

    // A third process starts and the staying one dies (its connections are cut, as for kill -9).
    const dbC = await anotherProcess();
    const c = new ProjectionRunner(store, dbC, PROJECTIONS, { batchSize: 100, leaseRetryMs: 100 });
    await c.start();
    expect(c.active()).toEqual([]);
    const scope = `${(dbC as PostgresClient).connectionString.split('/').pop()!.split('?')[0]}.${(dbC as PostgresClient).schema}`;
    const key = BigInt(advisoryKey(`projection:${scope}:${names[0]}`));
    const classid = Number((key >> 32n) & 0xffffffffn);
    const objid = Number(key & 0xffffffffn);
    const killed = await sqlAdmin(async (admin) => {
      const { rows } = await admin.query<{ pid: number }>(
        `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid::bigint = $1 AND objid::bigint = $2 AND granted`,
        [classid, objid],
      );
      for (const { pid } of rows) await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      return rows.length;
    });
    // The dead process does no more work; its locks were freed by PostgreSQL, not by an unlock.
    await staying.stop();
    expect(killed).toBe(1);
    await until(() => c.active().length === names.length);

    await store.append(
      'member-late',
      [{ type: 'HeirRegistered', data: { memberId: 'late', heir: {} } }],
      'no_stream',
      {
        actor: 't',
        correlationId: 't',
      },
    );
    await c.caughtUp();
    expect(await countsProjected(sql)).toEqual(await countsInStore(sql));
    await c.stop();
  });

  it('rebuilds into fresh tables while the live ones serve, then swaps tables and checkpoint in one transaction', async () => {
    await appendProgrammeHistory(store, { members: 250, months: 5, claims: 30, seed: 15 });
    const runner = new ProjectionRunner(store, sql, PROJECTIONS, { batchSize: 200 });
    await runner.start();
    await runner.caughtUp();
    const before: Record<string, Record<string, string[]>> = {};
    for (const p of PROJECTIONS) before[p.name] = await projectionRows(sql, p);

    // Incremental equals rebuilt, row for row, before anything is swapped.
    await expectEqualToFreshRebuild(store, sql, PROJECTIONS);

    // Swap while the runner is live and readers keep reading the old tables.
    let reads = 0;
    let reading = true;
    const reader = (async () => {
      while (reading) {
        await sql.query('SELECT count(*) FROM rm_ledger_members');
        reads += 1;
      }
    })();
    const result = await rebuildProjections(store, sql, PROJECTIONS, { batchSize: 250 });
    reading = false;
    await reader;
    expect(reads).toBeGreaterThan(0);
    expect(result.swapped).toBe(true);
    expect(result.eventsRead).toBe(
      (await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM es_events')).rows[0].n,
    );
    for (const p of PROJECTIONS) {
      expect(await projectionRows(sql, p)).toEqual(before[p.name]);
      expect(await readCheckpoint(sql, p.name)).toBe(result.position);
    }
    const leftovers = await sql.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE '%\\_\\_rebuild'
       UNION ALL SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname LIKE '%\\_\\_rebuild%'
       UNION ALL SELECT name FROM projection_checkpoints WHERE name LIKE '%\\_\\_rebuild'`,
    );
    expect(leftovers.rows).toEqual([]);

    // The live runner follows the swapped checkpoint and keeps the tables exact.
    await appendProgrammeHistory(store, { members: 40, months: 1, claims: 5, seed: 16, idPrefix: 'late-' });
    await runner.caughtUp();
    await runner.stop();
    expect(await countsProjected(sql)).toEqual(await countsInStore(sql));
    await expectEqualToFreshRebuild(store, sql, PROJECTIONS);

    // A second rebuild finds its fresh tables' index names free again.
    await rebuildProjections(store, sql, PROJECTIONS);
  });

  it('on PGlite (the embedded default) too, a rebuild swaps in tables equal to the incremental ones', async () => {
    const lite = await openSqlClient('pglite://memory');
    const liteStore = await SqlEventStore.create(lite, { pollMs: 20 });
    try {
      await appendProgrammeHistory(liteStore, { members: 80, months: 3, claims: 10, seed: 18 });
      const runner = new ProjectionRunner(liteStore, lite, PROJECTIONS, { batchSize: 64 });
      await runner.start();
      await runner.caughtUp();
      const before: Record<string, Record<string, string[]>> = {};
      for (const p of PROJECTIONS) before[p.name] = await projectionRows(lite, p);
      await expectEqualToFreshRebuild(liteStore, lite, PROJECTIONS);
      await rebuildProjections(liteStore, lite, PROJECTIONS);
      for (const p of PROJECTIONS)
        expect({ [p.name]: await projectionRows(lite, p) }).toEqual({ [p.name]: before[p.name] });
      await appendProgrammeHistory(liteStore, {
        members: 10,
        months: 1,
        claims: 2,
        seed: 19,
        idPrefix: 'x-',
      });
      await until(
        async () => (await readCheckpoint(lite, 'event_counts')) === (await liteStore.headPosition()),
      );
      await runner.stop();
      expect(await countsProjected(lite)).toEqual(await countsInStore(lite));
    } finally {
      await liteStore.close();
    }
  });

  it('the heartbeat never moves a checkpoint back: a head read before a batch landed lowers nothing, and a restart applies nothing twice', async () => {
    const ctx = { actor: 't', correlationId: 't' };
    await store.append('member-one', [{ type: 'HeirRegistered', data: {} }], 'no_stream', ctx);
    // The heartbeat's next head is read now, and answered only once a later batch has landed.
    let staleHeadAsked!: () => void;
    const asked = new Promise<void>((resolve) => (staleHeadAsked = resolve));
    let arm = false;
    const staleHeads = new Proxy(store, {
      get(target, prop) {
        if (prop === 'headPosition' && arm) {
          return async () => {
            arm = false;
            const head = await target.headPosition();
            staleHeadAsked();
            const deadline = Date.now() + 1500;
            while (Date.now() < deadline && (await readCheckpoint(sql, eventCounts.name)) <= head)
              await new Promise((r) => setTimeout(r, 20));
            return head;
          };
        }
        const value = Reflect.get(target, prop) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    }) as SqlEventStore;
    const runner = new ProjectionRunner(staleHeads, sql, [eventCounts], { heartbeatMs: 20 });
    await runner.start();
    await runner.caughtUp();
    arm = true;
    await asked;
    // Its own position: the store's head can lag behind it while another session's transaction runs.
    const { position: head } = await store.append(
      'member-two',
      [{ type: 'HeirRegistered', data: {} }],
      'no_stream',
      ctx,
    );
    await until(async () => (await readCheckpoint(sql, eventCounts.name)) === head);
    await new Promise((r) => setTimeout(r, 1700)); // the stale answer arrives, and more heartbeats run
    expect(await readCheckpoint(sql, eventCounts.name)).toBe(head);
    await runner.stop();

    const restarted = new ProjectionRunner(store, sql, [eventCounts], { heartbeatMs: 20 });
    await restarted.start();
    await restarted.caughtUp();
    await restarted.stop();
    expect(await countsProjected(sql)).toEqual({ HeirRegistered: 2 });
  });

  it('moves an idle projection past events it does not select, so its lag counts only its own', async () => {
    await appendProgrammeHistory(store, { members: 30, months: 1, claims: 0, seed: 17 });
    const runner = new ProjectionRunner(store, sql, [contributionLedgerProjection], { heartbeatMs: 50 });
    await runner.start();
    await runner.caughtUp();
    // Its own position: the store's head can lag behind it while another session's transaction runs.
    const { position: head } = await store.append(
      'memberClaims-x',
      [{ type: 'ClaimLodged', data: {} }],
      'no_stream',
      {
        actor: 't',
        correlationId: 't',
      },
    );
    await until(async () => (await readCheckpoint(sql, contributionLedgerProjection.name)) === head);
    await runner.stop();
  });
});
