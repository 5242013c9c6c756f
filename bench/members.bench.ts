import { randomBytes, randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { EventStore, openSqlClient, profileSqlTo, SqlEventStore } from '@app/event-store';
import { createHttpApp, EVENT_STORE, loadConfig, signToken } from '@app/platform';
import { ProjectorService } from '@app/read-models';
import { generateRoster, toCsv } from '@app/roster';
import { EmbeddedModule } from '../apps/embedded/src/embedded.module';
import { BenchContext, BenchSuite, timed } from './harness';

/**
 * The enrollment and contribution figures, measured end to end over real HTTP on the
 * embedded service (api + projector + payout worker in one process), as `npm start` runs it:
 * - `import.rowsPerSec`: a 45,000-row roster (1% invalid, 1% duplicates) from POST to COMPLETED;
 * - `contributions.membersPerSec`: one period posted for every member of that roster, from POST
 *   to the 201 that reports the allocation done ("allocate a period, 45,000 members"), beside the
 *   store's batched append rate (100 appends of 100 events) on a fresh store of the same engine
 *   just before (`allocationToStoreBatch`, the store suite's figure) and on the service's store
 *   once the import has settled (`allocationToBatchAppend`) (issue #19: ≥ 25,000 member-months/s on
 *   PostgreSQL, ≥ 10,000 on PGlite).
 * `--stores=pglite,postgres` picks the stores; SQL_PROFILE_FILE profiles the statements of the
 * posting alone (the profile is reset when it starts; one file per store, `<file>.pglite` and
 * `<file>.postgres`); the posting's start and end are printed as
 * seconds since the process started, for `profile-summary --from --to` of a `node --cpu-prof` run.
 */
interface Service {
  app: INestApplication;
  url: string;
  token(role: 'enrollment-officer' | 'finance-officer'): string;
  settle(): Promise<void>;
  store: EventStore;
}

/** SQL_PROFILE_FILE with the store's name: one statement profile per store. */
const sqlProfileOf = (storeUrl: string): string | undefined =>
  process.env.SQL_PROFILE_FILE && `${process.env.SQL_PROFILE_FILE}.${storeUrl.split(':')[0]}`;

async function startService(storeUrl: string): Promise<Service> {
  const secret = randomBytes(16).toString('hex');
  const config = loadConfig({
    NODE_ENV: 'bench',
    EVENT_STORE_URL: storeUrl,
    READ_MODEL_URL: storeUrl,
    AUTH_JWT_SECRET: secret,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `bench-${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: 'error',
    PORT: '0',
    ...(sqlProfileOf(storeUrl) ? { SQL_PROFILE_FILE: sqlProfileOf(storeUrl) } : {}),
  });
  const app = await createHttpApp(EmbeddedModule.forRoot({ config }), { docs: false });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  const projector = app.get(ProjectorService);
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    token: (role) => signToken(secret, `bench-${role}`, [role]),
    settle: () => projector.runner.caughtUp(),
    store: app.get<EventStore>(EVENT_STORE),
  };
}

async function call(
  s: Service,
  method: string,
  path: string,
  role: 'enrollment-officer' | 'finance-officer',
  body?: string | object,
) {
  const res = await fetch(`${s.url}${path}`, {
    signal: AbortSignal.timeout(600_000),
    method,
    headers: {
      Authorization: `Bearer ${s.token(role)}`,
      ...(typeof body === 'string'
        ? { 'Content-Type': 'text/csv' }
        : body
          ? { 'Content-Type': 'application/json' }
          : {}),
    },
    body: typeof body === 'string' ? body : body ? JSON.stringify(body) : undefined,
  }).catch((e: Error) => {
    throw new Error(`${method} ${path}: ${e.message} (${String((e.cause as Error | undefined)?.message)})`);
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status >= 400)
    throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
  return json;
}

async function importRoster(s: Service, csv: string): Promise<Record<string, unknown>> {
  const { importId } = await call(s, 'POST', '/api/members/imports', 'enrollment-officer', csv);
  for (let failures = 0; ;) {
    // A poll on a kept-alive socket the busy server has just closed fails; the next one is new.
    const report = await call(s, 'GET', `/api/members/imports/${importId}`, 'enrollment-officer').then(
      (r) => ((failures = 0), r),
      async (e: Error) => {
        if (++failures > 20) throw e;
        await new Promise((r) => setTimeout(r, 250));
        return { status: 'POLL_FAILED' };
      },
    );
    if (report.status === 'COMPLETED') return report;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const rowsFor = (b: BenchContext) => Math.round(45_000 * b.scale);

async function measureImport(engine: 'pglite' | 'postgres', url: string, b: BenchContext) {
  const rows = rowsFor(b);
  const csv = toCsv(generateRoster({ rows, seed: 3, invalidRate: 0.01, duplicateRate: 0.01 }).rows);
  const s = await startService(url);
  try {
    const { result: report, seconds } = await timed(() => importRoster(s, csv));
    const rowsPerSec = rows / seconds;
    b.row({
      metric: `${engine} import ${rows} rows`,
      value: rowsPerSec,
      unit: 'rows/s',
      note: `${seconds.toFixed(1)} s; ${report.enrolled} enrolled, ${report.duplicates} duplicates, ${report.rejected} rejected`,
    });
    const again = await timed(() => importRoster(s, csv));
    b.row({
      metric: `${engine} re-import (enrolls nobody)`,
      value: rows / again.seconds,
      unit: 'rows/s',
      note: `${again.seconds.toFixed(1)} s; ${again.result.enrolled} enrolled`,
    });
    return { rowsPerSec, rows, seconds, reImportRowsPerSec: rows / again.seconds };
  } finally {
    await s.app.close();
  }
}

async function measureContributions(
  engine: 'pglite' | 'postgres',
  url: string,
  b: BenchContext,
  freshUrl: string,
) {
  const rows = rowsFor(b);
  // The store suite's figure, on a fresh store of the same engine with no service on it.
  const fresh = await SqlEventStore.create(await openSqlClient(freshUrl));
  const storeBatchEventsPerSec = await batchedAppendRate(fresh, b).finally(() => fresh.close());
  const s = await startService(url);
  try {
    await importRoster(s, toCsv(generateRoster({ rows, seed: 4 }).rows));
    await s.settle();
    const batchAppendEventsPerSec = await batchedAppendRate(s.store, b);
    await s.settle();
    const sqlProfile = sqlProfileOf(url);
    if (sqlProfile) profileSqlTo(sqlProfile);
    const at = () => (performance.now() / 1000).toFixed(1);
    const startedAt = at();
    // Paid in advance (before any lapse date): every member of the roster is active in June.
    const { result, seconds } = await timed(() =>
      call(s, 'POST', '/api/contribution-payments', 'finance-officer', {
        period: '2025-06',
        paidOn: '2025-01-05',
        reference: `BENCH-${engine}`,
      }),
    );
    const endedAt = at();
    const members = Number(result.membersCovered);
    const membersPerSec = members / seconds;
    const allocationToBatchAppend = membersPerSec / batchAppendEventsPerSec;
    const allocationToStoreBatch = membersPerSec / storeBatchEventsPerSec;
    b.row({
      metric: `${engine} append batches of 100 (fresh store)`,
      value: storeBatchEventsPerSec,
      unit: 'events/s',
    });
    b.row({
      metric: `${engine} append batches of 100 (same store)`,
      value: batchAppendEventsPerSec,
      unit: 'events/s',
    });
    b.row({
      metric: `${engine} allocate a period, ${members} members`,
      value: membersPerSec,
      unit: 'member-months/s',
      note: `${allocationToStoreBatch.toFixed(2)}× batched append on a fresh store, ${allocationToBatchAppend.toFixed(2)}× on this one; ${seconds.toFixed(1)} s (process ${startedAt}-${endedAt} s), Rp ${Number(result.totalAmount).toLocaleString('en-US')}`,
    });
    const again = await timed(() =>
      call(s, 'POST', '/api/contribution-payments', 'finance-officer', {
        period: '2025-06',
        paidOn: '2025-01-06',
        reference: `BENCH-${engine}-AGAIN`,
      }),
    );
    b.row({
      metric: `${engine} re-post (all already paid)`,
      value: Number(again.result.alreadyPaid) / again.seconds,
      unit: 'members/s',
      note: `${again.result.alreadyPaid} already paid`,
    });
    return {
      membersPerSec,
      members,
      seconds,
      batchAppendEventsPerSec,
      allocationToBatchAppend,
      storeBatchEventsPerSec,
      allocationToStoreBatch,
      reMembersPerSec: Number(again.result.alreadyPaid) / again.seconds,
    };
  } finally {
    await s.app.close();
  }
}

/** The store suite's batched figure, on the service's own store: 100 appends of 100 events. */
async function batchedAppendRate(store: EventStore, b: BenchContext): Promise<number> {
  const batches = Math.max(10, Math.round(100 * b.scale));
  const ctx = { actor: 'bench', correlationId: 'bench-batch' };
  const { seconds } = await timed(async () => {
    for (let i = 0; i < batches; i++) {
      const events = Array.from({ length: 100 }, (_, j) => ({
        type: 'BenchBatch',
        data: { memberId: randomUUID(), period: '2026-01', paidOn: '2026-01-10', amount: 16_800, j },
      }));
      await store.append(`bench-batch-${randomUUID()}`, events, 'no_stream', ctx);
    }
  });
  return (batches * 100) / seconds;
}

const storesOf = (b: BenchContext): string[] =>
  (b.args.find((a) => a.startsWith('--stores='))?.slice(9) ?? 'pglite,postgres').split(',');

export const importSuite: BenchSuite = {
  name: 'import',
  async run(b) {
    const pglite = await measureImport('pglite', b.pgliteUrl(), b);
    const postgres = await measureImport('postgres', await b.postgresUrl(), b);
    // The headline figure is the embedded default's (PGlite).
    return { rowsPerSec: pglite.rowsPerSec, pglite, postgres };
  },
};

export const contributionsSuite: BenchSuite = {
  name: 'contributions',
  async run(b) {
    const stores = storesOf(b);
    const pglite = stores.includes('pglite')
      ? await measureContributions('pglite', b.pgliteUrl(), b, b.pgliteUrl())
      : undefined;
    const postgres = stores.includes('postgres')
      ? await measureContributions('postgres', await b.postgresUrl(), b, await b.postgresUrl())
      : undefined;
    return { membersPerSec: (pglite ?? postgres)?.membersPerSec, pglite, postgres };
  },
};
