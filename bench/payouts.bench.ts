import { randomBytes, randomUUID } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { INestApplication } from '@nestjs/common';
import { EventStore, StreamWrite, SqlClient } from '@app/event-store';
import { createHttpApp, EVENT_STORE, loadConfig, READ_DB } from '@app/platform';
import { ClaimCommand, ClaimEvent, ClaimState } from '@app/domain/claims';
import { MemberState, PaidMonth } from '@app/domain/members';
import { addDays, addMonths, dateInJakarta } from '@app/domain/shared';
import { storedClaimDecider } from '@app/features/claims';
import { redisConnection } from '@app/payouts';
import { EmbeddedModule } from '../apps/embedded/src/embedded.module';
import { BenchContext, BenchSuite, timed } from './harness';

const CONCURRENCY = 16;

function coveredMember(): MemberState {
  const paidMonths: PaidMonth[] = [];
  for (let m = '2020-01'; m <= '2030-12'; m = addMonths(m, 1))
    paidMonths.push({ period: m, paidOn: `${m}-01`, paymentId: `pay-${m}` });
  return {
    exists: true,
    memberId: 'bench-member',
    nik: '1606011205850001',
    fullName: 'Ahmad Fauzi',
    birthDate: '1985-05-12',
    sex: 'M',
    village: 'Balai Agung',
    subdistrict: 'Sekayu',
    occupation: 'petani karet',
    p3keDesil: 1,
    declaredMonthlyIncome: 1_000_000,
    coverageStart: '2020-01-01',
    membershipNo: 1,
    paidMonths,
    heirs: [],
  };
}

/** N approved JKK_MEDICAL claims (one payout each), appended in batches of 100. */
async function approveClaims(app: INestApplication, count: number): Promise<void> {
  const store = app.get<EventStore>(EVENT_STORE);
  const context = { member: coveredMember(), otherClaims: [] };
  const now = Date.now();
  const today = dateInJakarta(new Date(now));
  for (let from = 0; from < count; from += 100) {
    const writes: StreamWrite[] = [];
    for (let i = from; i < Math.min(count, from + 100); i++) {
      const claimId = randomUUID();
      let state: ClaimState = storedClaimDecider.initialState();
      const events: ClaimEvent[] = [];
      const run = (c: ClaimCommand) => {
        for (const e of storedClaimDecider.decide(c, state)) {
          events.push(e);
          state = storedClaimDecider.evolve(state, e);
        }
      };
      run({
        type: 'SubmitClaim',
        data: {
          claimId,
          request: {
            memberId: 'bench-member',
            benefit: 'JKK_MEDICAL',
            incidentDate: addDays(today, -10),
            reportedOn: today,
            workRelation: 'CONFIRMED',
            provider: `RS Mitra ${i % 50}`,
            invoiceAmount: 1_000_000 + i,
          },
          submittedBy: 'bench-a',
          roles: ['adjudicator'],
          at: new Date(now).toISOString(),
          today,
          context,
        },
      });
      run({
        type: 'ApproveClaim',
        data: { by: 'bench-b', roles: ['adjudicator'], at: new Date(now).toISOString() },
      });
      writes.push({
        streamId: `claim-${claimId}`,
        events: events.map((e) => ({ id: e.id, type: e.type, data: e.data })),
        expected: 'no_stream',
      });
    }
    await store.appendMany(writes, { actor: 'bench', correlationId: 'bench' });
  }
}

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
      await approveClaims(app, count);
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
