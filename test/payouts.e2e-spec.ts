import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_CONFIG, AppConfig, Role } from '@app/platform';
import { main as reconcileCli } from '../apps/cli/src/payouts-reconcile';
import { PayoutEvent, payoutStreamId } from '@app/domain/payouts';
import {
  OUTBOX_CHECKPOINT,
  PAYOUT_QUEUE,
  PayoutOutboxRelay,
  PayoutProcessManager,
  PayoutSettings,
  reconcilePayouts,
  loadPayoutStates,
  SandboxBankService,
  toStatementCsv,
} from '@app/payouts';
import { startTestApp, TestApp } from './support/app';
import { freePort, MovableClock, PrivateRedis, seedMember, waitFor } from './payouts.support';

/**
 * Payouts through BullMQ over real HTTP, PostgreSQL, Redis and the sandbox bank:
 * approved claims are paid once with a bank reference, duplicates pay nothing twice, a late
 * benefit carries its penalty line, dead letters are retried by a finance officer, and payouts
 * wait in the outbox while Redis is away.
 */

const who = {
  submitter: { roles: ['adjudicator'], sub: 'adj-ani' },
  approver: { roles: ['adjudicator'], sub: 'adj-budi' },
  finance: { roles: ['finance-officer'], sub: 'fin-rina' },
  auditor: { roles: ['auditor'], sub: 'aud-eko' },
  admin: { roles: ['admin'], sub: 'adm-joko' },
} satisfies Record<string, { roles: Role[]; sub: string }>;
type Person = keyof typeof who;

function client(t: TestApp) {
  const bearer = (p: Person) => `Bearer ${t.token(who[p].roles, who[p].sub)}`;
  const get = (p: Person, path: string) => t.http.get(path).set('Authorization', bearer(p));
  const post = (p: Person, path: string, body: object = {}) =>
    t.http.post(path).set('Authorization', bearer(p)).send(body);

  /** A JKK_MEDICAL claim (below the four-eyes threshold: one approval), approved: one payout to the provider. */
  async function approvedClaim(
    invoiceAmount = 7_500_000,
    clock?: { approveAt?: string; c: MovableClock },
    /** Another benefit's request fields instead of the medical care's. */
    benefit?: object,
  ): Promise<{ claimId: string; payoutId: string; dueBy: string }> {
    const memberId = await seedMember(t.store);
    const submitted = await post('submitter', '/api/claims', {
      memberId,
      ...(benefit ?? {
        benefit: 'JKK_MEDICAL',
        incidentDate: '2026-03-02',
        workRelation: 'CONFIRMED',
        provider: 'RSUD Sekayu',
        invoiceAmount,
      }),
    }).expect(201);
    if (clock?.approveAt) clock.c.set(clock.approveAt);
    const approved = await post('approver', `/api/claims/${submitted.body.claimId}/approve`).expect(200);
    expect(approved.body.payouts).toHaveLength(1);
    return {
      claimId: submitted.body.claimId,
      payoutId: approved.body.payouts[0].payoutId,
      dueBy: submitted.body.dueBy,
    };
  }

  const payout = (id: string) => get('finance', `/api/payouts/${id}`);
  const settledPayout = (id: string, status = 'PAID', timeoutMs = 30_000) =>
    waitFor(
      async () => {
        const r = await payout(id);
        return r.status === 200 && r.body.status === status ? r.body : undefined;
      },
      `payout ${id} ${status}`,
      timeoutMs,
    );
  const claimInStatus = (claimId: string, status: string) =>
    waitFor(async () => {
      const r = await get('auditor', `/api/claims/${claimId}`);
      return r.body.status === status ? r.body : undefined;
    }, `claim ${claimId} ${status}`);
  return { get, post, approvedClaim, payout, settledPayout, claimInStatus };
}

async function payoutEvents(t: TestApp, payoutId: string): Promise<PayoutEvent['type'][]> {
  return (await t.store.readStream(payoutStreamId(payoutId))).map((e) => e.type as PayoutEvent['type']);
}

describe('payouts (Redis up)', () => {
  let t: TestApp;
  let c: ReturnType<typeof client>;
  const clock = new MovableClock('2026-03-16T03:00:00.000Z');
  let sandbox: SandboxBankService;

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { HOLIDAYS: '2026-03-19,2026-03-20', PAYOUT_MAX_ATTEMPTS: '3' } });
    c = client(t);
    sandbox = t.app.get(SandboxBankService);
    const settings = t.app.get(PayoutSettings);
    settings.backoffMs = 50;
    settings.gatewayTimeoutMs = 1_000;
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(() => {
    clock.set('2026-03-16T03:00:00.000Z');
    sandbox.bank.configure({ failRate: 0, timeoutRate: 0, rejectRate: 0, latencyMs: 0, hangMs: 2_000 });
  });

  it('an approved claim is paid through the queue: PAID with a bank reference, on the claim too', async () => {
    const { claimId, payoutId } = await c.approvedClaim();
    expect(payoutId).toBe(`${claimId}-payout-1`);
    const paid = await c.settledPayout(payoutId);
    expect(paid).toMatchObject({
      payoutId,
      claimId,
      kind: 'BENEFIT',
      payee: { kind: 'PROVIDER', name: 'RSUD Sekayu' },
      amount: 7_500_000,
      status: 'PAID',
      attempts: 1,
      dueBy: '2026-03-27',
      bankReference: expect.stringMatching(/^POS-/), // no payTo: a cash order
      paidAt: expect.any(String),
    });
    expect(paid.latePenalty).toBeUndefined();
    const claim = await c.claimInStatus(claimId, 'PAID');
    expect(claim.payouts).toEqual([
      { payoutId, amount: 7_500_000, payee: { kind: 'PROVIDER', name: 'RSUD Sekayu' }, status: 'PAID' },
    ]);
    const ledger = (await sandbox.bank.ledger()).filter((l) => l.idempotencyKey === payoutId);
    expect(ledger).toEqual([
      expect.objectContaining({ bankReference: paid.bankReference, amount: 7_500_000 }),
    ]);
    expect(await payoutEvents(t, payoutId)).toEqual([
      'PayoutScheduled',
      'PayoutAttemptStarted',
      'PayoutPaid',
    ]);

    const list = await c.get('auditor', `/api/payouts?claimId=${claimId}`).expect(200);
    expect(list.body).toEqual({ items: [paid], nextCursor: null });
    const byStatus = await c.get('finance', `/api/payouts?status=PAID&limit=1`).expect(200);
    expect(byStatus.body.items).toHaveLength(1);
    expect(byStatus.body.nextCursor === null || typeof byStatus.body.nextCursor === 'string').toBe(true);
  });

  it('roles: finance officers and auditors read payouts; others get 403; unknown payout 404', async () => {
    await c.get('submitter', '/api/payouts').expect(403);
    await c.get('finance', '/api/payouts/no-such-payout').expect(404);
    await c.get('auditor', '/api/payouts?status=NOPE').expect(400);
    await c.post('auditor', '/api/payouts/no-such-payout/retry').expect(403);
    await c.post('finance', '/api/payouts/no-such-payout/retry').expect(404);
  });

  it('exactly once under duplicates: the same payout enqueued six times and relayed again pays one transfer', async () => {
    sandbox.bank.configure({ latencyMs: 300 });
    const queue = t.app.get<Queue>(getQueueToken(PAYOUT_QUEUE));
    const { payoutId, claimId } = await c.approvedClaim(2_000_000);
    await waitFor(
      async () => (await t.store.readStream(payoutStreamId(payoutId))).length > 0,
      'the payout stream',
    );
    // Five more jobs for the same payout, under other job ids, racing the relayed one.
    await Promise.all(
      [1, 2, 3, 4, 5].map((i) =>
        queue.add(
          'pay',
          { payoutId, claimId, retry: 0 },
          { jobId: `${payoutId}:dup:${i}`, attempts: 3, backoff: 50 },
        ),
      ),
    );
    const paid = await c.settledPayout(payoutId);
    // The relay replayed from its last checkpoint enqueues nothing new (jobId = payoutId).
    const relay = t.app.get(PayoutOutboxRelay);
    const before = await queue.getJobCounts('completed', 'failed', 'active', 'waiting', 'delayed');
    await t.readDb.query('UPDATE projection_checkpoints SET position = 0 WHERE name = $1', [
      OUTBOX_CHECKPOINT,
    ]);
    await waitFor(async () => (await queue.getJob(payoutId)) !== undefined, 'the original job');
    await relay.loop.caughtUp();
    await waitFor(async () => {
      const counts = await queue.getJobCounts('active', 'waiting', 'delayed');
      return counts.active + counts.waiting + counts.delayed === 0;
    }, 'the queue to drain');
    const after = await queue.getJobCounts('completed', 'failed', 'active', 'waiting', 'delayed');
    expect(after.completed + after.failed).toBeGreaterThanOrEqual(before.completed + before.failed);

    const ledger = (await sandbox.bank.ledger()).filter((l) => l.idempotencyKey === payoutId);
    expect(ledger).toHaveLength(1);
    expect(ledger[0].bankReference).toBe(paid.bankReference);
    const events = await payoutEvents(t, payoutId);
    expect(events.filter((e) => e === 'PayoutPaid')).toHaveLength(1);
    await c.claimInStatus(claimId, 'PAID');
  });

  it('a timeout is not a failure: the worker asks the bank, which booked it, and records PAID once', async () => {
    sandbox.bank.configure({ timeoutRate: 1, hangMs: 1_500 });
    const { payoutId } = await c.approvedClaim(3_000_000);
    const paid = await waitFor(async () => {
      const r = await c.payout(payoutId);
      if (r.body.status === 'PAID') return r.body;
      // Half the sandbox's timeouts book before hanging: once booked, the status query finds it.
      if (r.body.attempts >= 1) sandbox.bank.configure({ timeoutRate: 0 });
      return undefined;
    }, 'paid after a timeout');
    const ledger = (await sandbox.bank.ledger()).filter((l) => l.idempotencyKey === payoutId);
    expect(ledger).toHaveLength(1);
    expect(ledger[0].bankReference).toBe(paid.bankReference);
    expect((await payoutEvents(t, payoutId)).filter((e) => e === 'PayoutPaid')).toHaveLength(1);
  });

  it('service level: a cash benefit paid after its due date owes 1% per day late, paid as its own payout line on the claim', async () => {
    // Submitted Monday 16 March (due Friday 27 March: 19 and 20 March are holidays), approved and paid 1 April.
    // A cash benefit to the member: 225 days × Rp 1,000,000 / 30 = Rp 7,500,000 (provider payouts owe none).
    const incapacity = {
      benefit: 'JKK_TEMPORARY_INCAPACITY',
      incidentDate: '2025-08-01',
      incapacityFrom: '2025-08-01',
      incapacityTo: '2026-03-13',
    };
    const { claimId, payoutId, dueBy } = await c.approvedClaim(
      7_500_000,
      { c: clock, approveAt: '2026-04-01T03:00:00.000Z' },
      incapacity,
    );
    expect(dueBy).toBe('2026-03-27');
    const benefit = await c.settledPayout(payoutId);
    const penaltyId = `${payoutId}-late-penalty`;
    const penalty = await c.settledPayout(penaltyId);
    expect(penalty).toMatchObject({
      payoutId: penaltyId,
      claimId,
      kind: 'LATE_PENALTY',
      payee: benefit.payee,
      amount: 375_000, // 7,500,000 × 1% × 5 days (27 March → 1 April)
      penaltyFor: payoutId,
      lines: ['LATE_PENALTY'],
      bankReference: expect.stringMatching(/^POS-/), // no payTo: a cash order
    });
    const withPenalty = await c.settledPayout(payoutId);
    expect(withPenalty).toMatchObject({ latePenalty: 375_000, latePenaltyPayoutId: penaltyId, daysLate: 5 });
    const claim = await c.claimInStatus(claimId, 'PAID');
    expect(claim.payouts).toEqual([
      expect.objectContaining({ payoutId, status: 'PAID', amount: 7_500_000 }),
      expect.objectContaining({ payoutId: penaltyId, status: 'PAID', amount: 375_000 }),
    ]);
  });

  it('dead letter after the last attempt with the reason; a finance officer retries it (202) and it is paid', async () => {
    sandbox.bank.configure({ failRate: 1 });
    const { claimId, payoutId } = await c.approvedClaim(1_000_000);
    const dead = await c.settledPayout(payoutId, 'DEAD_LETTER');
    expect(dead).toMatchObject({
      attempts: 3,
      deadLetterReason: expect.stringContaining('SERVICE_UNAVAILABLE'),
    });
    expect(dead.deadLetterReason).toContain('attempt 3');
    await waitFor(async () => {
      const r = await c.get('auditor', `/api/claims/${claimId}`);
      return r.body.payouts[0].status === 'DEAD_LETTER';
    }, 'the claim to show the dead letter');

    sandbox.bank.configure({ failRate: 0 });
    await c.post('auditor', `/api/payouts/${payoutId}/retry`).expect(403);
    const accepted = await c.post('finance', `/api/payouts/${payoutId}/retry`).expect(202);
    expect(accepted.body).toEqual({ payoutId, status: 'QUEUED', retry: 1, jobId: `${payoutId}-retry-1` });
    const paid = await c.settledPayout(payoutId);
    expect(paid).toMatchObject({ attempts: 4, retries: 1, bankReference: expect.any(String) });
    await c.claimInStatus(claimId, 'PAID');
    const again = await c.post('finance', `/api/payouts/${payoutId}/retry`).expect(422);
    expect(again.body.code).toBe('PAYOUT_NOT_DEAD_LETTERED');
  });

  it('a refusal by the bank is dead-lettered at once, not retried', async () => {
    sandbox.bank.configure({ rejectRate: 1 });
    const { payoutId } = await c.approvedClaim(1_250_000);
    const dead = await c.settledPayout(payoutId, 'DEAD_LETTER');
    expect(dead).toMatchObject({
      attempts: 1,
      deadLetterReason: expect.stringContaining('ACCOUNT_REJECTED'),
    });
  });

  it('reconciliation of the sandbox ledger with the payout streams is clean', async () => {
    const payouts = await loadPayoutStates(t.store);
    const report = reconcilePayouts(payouts, await sandbox.bank.ledger());
    expect(report.discrepancies).toEqual([]);
    expect(report.summary.paid).toBeGreaterThan(0);
    expect(report.summary.matched).toBe(report.summary.paid);
  });

  it('npm run payouts:reconcile: clean against the sandbox ledger; a bank statement with a missing, a duplicated and a mismatched transfer exits 1', async () => {
    const config = t.app.get<AppConfig>(APP_CONFIG);
    const saved = { ...process.env };
    Object.assign(process.env, {
      EVENT_STORE_URL: config.eventStoreUrl,
      READ_MODEL_URL: config.readModelUrl,
      AUTH_JWT_SECRET: config.jwtSecret,
    });
    const out: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    const dir = mkdtempSync(join(tmpdir(), 'statement-'));
    try {
      expect(await reconcileCli(['--json'])).toBe(0);
      const clean = JSON.parse(out.join(''));
      expect(clean).toMatchObject({ clean: true, discrepancies: [] });
      expect(clean.summary.matched).toBe(clean.summary.paid);

      const ledger = await sandbox.bank.ledger();
      const [first, second, third, ...rest] = ledger;
      const tampered = [{ ...second, amount: second.amount + 1 }, third, third, ...rest]; // first missing, third twice
      const file = join(dir, 'statement.csv');
      writeFileSync(file, toStatementCsv(tampered));
      out.length = 0;
      expect(await reconcileCli(['--statement', file, '--json'])).toBe(1);
      const report = JSON.parse(out.join(''));
      expect(report.clean).toBe(false);
      expect(report.discrepancies).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'MISSING_TRANSFER', payoutId: first.idempotencyKey }),
          expect.objectContaining({ kind: 'AMOUNT_MISMATCH', payoutId: second.idempotencyKey }),
          expect.objectContaining({ kind: 'DUPLICATE_TRANSFER', payoutId: third.idempotencyKey }),
        ]),
      );
    } finally {
      write.mockRestore();
      process.env = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('Bull Board at /admin/queues: admins only, by bearer token or a one-minute browser ticket', async () => {
    await t.http.get('/admin/queues').expect(401);
    await t.http
      .get('/admin/queues')
      .set('Authorization', `Bearer ${t.token('finance-officer')}`)
      .expect(403);
    const page = await t.http
      .get('/admin/queues')
      .set('Authorization', `Bearer ${t.token('admin')}`)
      .expect(200);
    expect(page.text).toContain('<html');
    const api = await t.http
      .get('/admin/queues/api/queues')
      .set('Authorization', `Bearer ${t.token('admin')}`)
      .expect(200);
    expect(JSON.stringify(api.body)).toContain(PAYOUT_QUEUE);

    await c.post('finance', '/api/admin/queue-board/tickets').expect(403);
    const ticket = await c.post('admin', '/api/admin/queue-board/tickets').expect(201);
    const swap = await t.http.get(ticket.body.url).expect(302);
    const cookie = String(swap.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    await t.http.get('/admin/queues').set('Cookie', cookie.split(';')[0]).expect(200);
    await t.http.get(`/admin/queues?ticket=${ticket.body.url.split('ticket=')[1]}x`).expect(401);
  });

  it('the process manager is idempotent: replaying every approval and result from position 0 changes nothing', async () => {
    const pm = t.app.get(PayoutProcessManager);
    const head = await t.store.headPosition();
    await pm.handle(
      await t.store.readAll({
        types: ['ClaimApproved', 'PayoutScheduled', 'PayoutPaid', 'PayoutDeadLettered'],
        limit: 10_000,
      }),
    );
    const after = await t.store.readAll({ after: head, limit: 10 });
    expect(after).toEqual([]);
  });
});

describe('payouts while Redis is away', () => {
  let t: TestApp;
  let redis: PrivateRedis;

  beforeAll(async () => {
    redis = new PrivateRedis(await freePort());
    // Redis is not running: the service must still start, degraded.
    t = await startTestApp({ env: { REDIS_URL: redis.url, HOLIDAYS: '' } });
  });
  afterAll(async () => {
    await t?.close();
    await redis?.destroy();
  });

  it('starts without Redis (health degraded); payouts wait in the outbox and go through when Redis is back', async () => {
    const health = await t.http.get('/health').expect(200);
    expect(health.body.status).toBe('degraded');
    expect(health.body.checks.redis.status).toBe('down');

    const c = client(t);
    const { claimId, payoutId } = await c.approvedClaim(4_000_000);
    await waitFor(async () => (await c.payout(payoutId)).status === 200, 'the payout to be listed');
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await c.payout(payoutId)).body).toMatchObject({ status: 'QUEUED', attempts: 0 });

    await redis.start();
    const paid = await c.settledPayout(payoutId, 'PAID', 40_000);
    expect(paid.bankReference).toMatch(/^POS-/); // no payTo: a cash order
    await c.claimInStatus(claimId, 'PAID');
    const ledger = (await t.app.get(SandboxBankService).bank.ledger()).filter(
      (l) => l.idempotencyKey === payoutId,
    );
    expect(ledger).toHaveLength(1);
    await waitFor(
      async () => (await t.http.get('/health')).body.checks.redis.status === 'up',
      'redis healthy',
    );
  });
});
