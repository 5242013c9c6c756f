import { randomBytes } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { EventStore, SqlClient } from '@app/event-store';
import { createHttpApp, EVENT_STORE, loadConfig, READ_DB } from '@app/platform';
import { redisConnection } from '@app/payouts';
import { EmbeddedModule } from '../apps/embedded/src/embedded.module';
import { appendApprovedMedicalClaims } from '../libs/testing/src/approved-claims';
import { BenchContext, BenchSuite, timed } from './harness';

const CONCURRENCY = 16;

async function waitForPaid(db: SqlClient, count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM es_events WHERE type = 'PayoutPaid'`,
    );
    if (rows[0].n >= count) return;
    if (Date.now() > deadline)
      throw new Error(`only ${rows[0].n} of ${count} payouts paid in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The whole path: approved → PayoutScheduled → relay → BullMQ → worker → sandbox bank (HTTP) → PayoutPaid. */
async function wholePath(b: BenchContext, redisUrl: string, count: number): Promise<number> {
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
  });
  const app = await createHttpApp(EmbeddedModule.forRoot({ config }), { docs: false });
  await app.init();
  try {
    const db = app.get<SqlClient>(READ_DB);
    const { seconds } = await timed(async () => {
      await appendApprovedMedicalClaims(app.get<EventStore>(EVENT_STORE), count, {
        submittedBy: 'bench-a',
        approvedBy: 'bench-b',
        actor: 'bench',
      });
      await waitForPaid(db, count, 10 * 60_000);
    });
    return count / seconds;
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
    const perSec = await wholePath(b, redisUrl, count);
    b.row({
      metric: 'payouts through the whole path',
      value: perSec,
      unit: 'payouts/s',
      note: `${(perSec / baselineEmptyJobsPerSec).toFixed(3)}× BullMQ empty jobs; ${count} payouts, concurrency ${CONCURRENCY}`,
    });
    b.row({ metric: 'BullMQ empty jobs (baseline)', value: baselineEmptyJobsPerSec, unit: 'jobs/s' });
    return {
      perSec,
      baselineEmptyJobsPerSec,
      ratio: perSec / baselineEmptyJobsPerSec,
      payouts: count,
      concurrency: CONCURRENCY,
    };
  },
};
