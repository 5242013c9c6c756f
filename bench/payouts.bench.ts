import { randomBytes } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { EventStore, SqlClient } from '@app/event-store';
import { createHttpApp, EVENT_STORE, loadConfig, READ_DB } from '@app/platform';
import { redisConnection, SandboxBankService } from '@app/payouts';
import { EmbeddedModule } from '../apps/embedded/src/embedded.module';
import { appendApprovedMedicalClaims } from '../libs/testing/src/approved-claims';
import { BenchContext, BenchSuite, timed } from './harness';

const CONCURRENCY = 16;

/** Waits until `count` payouts are PAID and their claims have recorded it (`ClaimPaid`). */
async function waitForPaid(db: SqlClient, count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.query<{ paid: number; claims: number }>(
      `SELECT count(*) FILTER (WHERE type = 'PayoutPaid')::int AS paid,
              count(*) FILTER (WHERE type = 'ClaimPaid')::int AS claims
       FROM es_events WHERE type IN ('PayoutPaid', 'ClaimPaid')`,
    );
    if (rows[0].paid >= count && rows[0].claims >= count) return;
    if (Date.now() > deadline)
      throw new Error(
        `only ${rows[0].paid} of ${count} payouts paid (${rows[0].claims} claims PAID) in ${timeoutMs} ms`,
      );
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Every CASH_EVERY-th claim is paid by cash order; the others to the provider's account (inquiry + name match). */
const CASH_EVERY = 20;
const payTo = (i: number) =>
  i % CASH_EVERY === 0
    ? undefined
    : {
        bankCode: '014',
        accountNumber: `80${String(i).padStart(8, '0')}1`,
        accountName: `RS Mitra ${i % 50}`,
      };

/** The store's single-event append rate on the same schema, just before the payouts (the yardstick). */
async function singleAppends(store: EventStore, count: number): Promise<number> {
  const ctx = { actor: 'bench', correlationId: 'bench' };
  const { seconds } = await timed(async () => {
    for (let i = 0; i < count; i++)
      await store.append(
        `benchAppend-${randomBytes(8).toString('hex')}`,
        [{ type: 'BenchAppended', data: { i } }],
        'no_stream',
        ctx,
      );
  });
  return count / seconds;
}

/**
 * The whole path: approved → PayoutScheduled → relay → BullMQ → worker (account inquiry and name
 * match, transfer at the sandbox bank over HTTP, no artificial delay) → PayoutPaid → claim PAID.
 */
async function wholePath(b: BenchContext, redisUrl: string, count: number) {
  const url = await b.postgresUrl();
  const config = loadConfig({
    NODE_ENV: 'production',
    PAYOUT_SANDBOX: 'true',
    NIK_HASH_SECRET: randomBytes(32).toString('hex'),
    EVENT_STORE_URL: url,
    READ_MODEL_URL: url,
    AUTH_JWT_SECRET: randomBytes(16).toString('hex'),
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: `bench-${randomBytes(4).toString('hex')}`,
    PAYOUT_CONCURRENCY: String(CONCURRENCY),
    LOG_LEVEL: 'error',
    PORT: '0',
    ...(process.env.SQL_PROFILE_FILE ? { SQL_PROFILE_FILE: process.env.SQL_PROFILE_FILE } : {}),
  });
  const app = await createHttpApp(EmbeddedModule.forRoot({ config }), { docs: false });
  await app.init();
  try {
    const db = app.get<SqlClient>(READ_DB);
    const store = app.get<EventStore>(EVENT_STORE);
    const appendsPerSec = await singleAppends(store, Math.max(200, Math.round(1000 * b.scale)));
    const { seconds } = await timed(async () => {
      await appendApprovedMedicalClaims(store, count, {
        submittedBy: 'bench-a',
        approvedBy: 'bench-b',
        actor: 'bench',
        payTo,
      });
      await waitForPaid(db, count, 10 * 60_000);
    });
    const bank = app.get(SandboxBankService).bank.stats();
    return { perSec: count / seconds, appendsPerSec, inquiries: bank.inquiries, transfers: bank.booked };
  } finally {
    await app.close();
  }
}

/** BullMQ alone on the same Redis: empty jobs through a worker of the same concurrency. */
async function emptyJobs(redisUrl: string, count: number): Promise<number> {
  const prefix = `bench-empty-${randomBytes(4).toString('hex')}`;
  const queue = new Queue('empty', { connection: redisConnection(redisUrl), prefix });
  let done = 0;
  let finished!: () => void;
  const allDone = new Promise<void>((r) => (finished = r));
  const worker = new Worker('empty', async () => undefined, {
    connection: redisConnection(redisUrl),
    prefix,
    concurrency: CONCURRENCY,
    autorun: false,
  });
  worker.on('completed', () => {
    if (++done === count) finished();
  });
  try {
    const { seconds } = await timed(async () => {
      const jobs = Array.from({ length: count }, (_, i) => ({
        name: 'empty',
        data: {},
        opts: { jobId: `empty-${i}` },
      }));
      for (let i = 0; i < jobs.length; i += 500) await queue.addBulk(jobs.slice(i, i + 500));
      void worker.run();
      await allDone;
    });
    return count / seconds;
  } finally {
    await worker.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}

export const payoutsSuite: BenchSuite = {
  name: 'payouts',
  async run(b) {
    const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    const count = Math.max(50, Math.round(1000 * b.scale));
    const baselineEmptyJobsPerSec = await emptyJobs(redisUrl, count);
    const { perSec, appendsPerSec, inquiries, transfers } = await wholePath(b, redisUrl, count);
    const cashOrders = Math.ceil(count / CASH_EVERY);
    b.row({
      metric: 'payouts through the whole path',
      value: perSec,
      unit: 'payouts/s',
      note: `${(perSec / appendsPerSec).toFixed(2)}× single-event appends, ${(perSec / baselineEmptyJobsPerSec).toFixed(3)}× BullMQ empty jobs; ${count} payouts (${count - cashOrders} to accounts, ${inquiries} inquiries), concurrency ${CONCURRENCY}`,
    });
    b.row({ metric: 'postgres append 1-event tx (same schema)', value: appendsPerSec, unit: 'events/s' });
    b.row({ metric: 'BullMQ empty jobs (baseline)', value: baselineEmptyJobsPerSec, unit: 'jobs/s' });
    return {
      perSec,
      appendsPerSec,
      ratioToAppends: perSec / appendsPerSec,
      baselineEmptyJobsPerSec,
      ratio: perSec / baselineEmptyJobsPerSec,
      payouts: count,
      toAccounts: count - cashOrders,
      accountInquiries: inquiries,
      transfersBooked: transfers,
      concurrency: CONCURRENCY,
    };
  },
};
