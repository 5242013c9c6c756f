import Redis from 'ioredis';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { APP_CONFIG, AppConfig } from '@app/platform';
import {
  loadPayoutStates,
  PAYOUT_QUEUE,
  PayoutJobData,
  PayoutPayer,
  PayoutSettings,
  payoutsWithoutLiveJob,
  PayoutSweeper,
  reconcilePayouts,
  SandboxBankService,
} from '@app/payouts';
import { appendApprovedMedicalClaims } from '../libs/testing/src/approved-claims';
import { startTestApp, TestApp } from './support/app';
import { waitFor } from './payouts.support';

/**
 * Redis losing the payout jobs (a failover without persistence, a FLUSHALL): the payout streams
 * still say which payouts are unsettled, and the sweeper enqueues them again after
 * PAYOUT_SWEEP_AFTER_MS. Every payout ends PAID, each with one transfer at the bank.
 */
jest.setTimeout(120_000);

const PAYOUTS = 60;
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({
    env: { PAYOUT_SWEEP_AFTER_MS: '1000', PAYOUT_CONCURRENCY: '4', PAYOUT_MAX_ATTEMPTS: '2', HOLIDAYS: '' },
  });
  t.app.get(SandboxBankService).bank.configure({ latencyMs: 40 });
  t.app.get(PayoutSettings).backoffMs = 50;
});

afterAll(async () => {
  await t?.close();
});

/** Deletes every key of this test's queue, the way a Redis that lost its data would present it. */
async function deleteQueueKeys(): Promise<number> {
  const config = t.app.get<AppConfig>(APP_CONFIG);
  const redis = new Redis(config.redisUrl);
  try {
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${config.queuePrefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== '0');
    return deleted;
  } finally {
    redis.disconnect();
  }
}

async function paidEvents(): Promise<Map<string, number>> {
  const { rows } = await t.readDb.query<{ stream_id: string; n: number }>(
    `SELECT stream_id, count(*)::int AS n FROM es_events WHERE type = 'PayoutPaid' GROUP BY stream_id`,
  );
  return new Map(rows.map((r) => [r.stream_id.replace(/^payout-/, ''), Number(r.n)]));
}

it("the queue's Redis keys deleted mid-run: the sweeper enqueues the lost payouts again and each is paid exactly once", async () => {
  await appendApprovedMedicalClaims(t.store, PAYOUTS, {
    submittedBy: 'adj-ani',
    approvedBy: 'adj-budi',
    actor: 'sweeper-seed',
  });
  await waitFor(
    async () => {
      const paid = (await paidEvents()).size;
      return paid >= 8 && paid < PAYOUTS - 10;
    },
    'some payouts paid, most still queued',
    60_000,
    20,
  );
  expect(await deleteQueueKeys()).toBeGreaterThan(0);
  // Until the sweeper acts, reconciliation reports the lost payouts as stuck, not in progress.
  const lost = await loadPayoutStates(t.store);
  const queue = t.app.get<Queue<PayoutJobData>>(getQueueToken(PAYOUT_QUEUE));
  const report = reconcilePayouts(lost, [], await payoutsWithoutLiveJob(queue, lost));
  expect(report.summary.stuck).toBeGreaterThan(0);

  const states = await waitFor(
    async () => {
      const s = await loadPayoutStates(t.store);
      return s.length === PAYOUTS && s.every((p) => p.status === 'PAID') ? s : undefined;
    },
    'every payout PAID',
    60_000,
    250,
  );

  expect(t.app.get(PayoutSweeper).sweptCount).toBeGreaterThan(0);
  const transfers = new Map<string, number>();
  for (const entry of await t.app.get(SandboxBankService).bank.ledger())
    transfers.set(entry.idempotencyKey, (transfers.get(entry.idempotencyKey) ?? 0) + 1);
  const paid = await paidEvents();
  for (const s of states) {
    expect({ payoutId: s.payoutId, transfers: transfers.get(s.payoutId) }).toEqual({
      payoutId: s.payoutId,
      transfers: 1,
    });
    expect({ payoutId: s.payoutId, paidEvents: paid.get(s.payoutId) }).toEqual({
      payoutId: s.payoutId,
      paidEvents: 1,
    });
  }
  expect(transfers.size).toBe(PAYOUTS);
});

it('the queue gave up on a job while the event store was away, so the dead letter was never written: the sweeper runs the payout again and it is paid once', async () => {
  const payer = t.app.get(PayoutPayer);
  const away = () => Promise.reject(new Error('event store unavailable'));
  const pay = jest.spyOn(payer, 'pay').mockImplementation(away);
  const deadLetter = jest.spyOn(payer, 'deadLetterAbandoned').mockImplementation(away);
  const [claimId] = await appendApprovedMedicalClaims(t.store, 1, {
    submittedBy: 'adj-ani',
    approvedBy: 'adj-budi',
    actor: 'sweeper-seed',
  });
  const payoutId = `${claimId}-payout-1`;
  const queue = t.app.get<Queue<PayoutJobData>>(getQueueToken(PAYOUT_QUEUE));
  await waitFor(async () => deadLetter.mock.calls.length > 0, 'the queue giving up on the job', 30_000);
  expect(await (await queue.getJob(payoutId))?.getState()).toBe('failed');
  pay.mockRestore();
  deadLetter.mockRestore();

  const [paid] = await waitFor(
    async () => {
      const s = (await loadPayoutStates(t.store)).filter((p) => p.payoutId === payoutId);
      return s[0]?.status === 'PAID' ? s : undefined;
    },
    'the payout PAID',
    30_000,
    200,
  );
  const transfers = (await t.app.get(SandboxBankService).bank.ledger()).filter(
    (l) => l.idempotencyKey === payoutId,
  );
  expect(transfers).toEqual([expect.objectContaining({ bankReference: paid.bankReference })]);
});
