import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Queue } from 'bullmq';
import { APP_CONFIG, AppConfig } from '@app/platform';
import { loadPayoutStates, PAYOUT_QUEUE, reconcilePayouts, SandboxBankService } from '@app/payouts';
import { currentTransferKey, PayoutDestination } from '@app/domain/payouts';
import { appendApprovedMedicalClaims } from '../libs/testing/src/approved-claims';
import { startTestApp, TestApp } from './support/app';
import { freePort, PrivateRedis, waitFor } from './payouts.support';

/**
 * The chaos check: 1,000 approved payouts, the sandbox bank failing 20% of transfer calls and
 * timing out 5%, 10% of the payouts to accounts the bank closes after booking (returned) and 5% to
 * accounts held by another name (held), which a scripted finance officer resolves over HTTP (a new
 * account for a return, the holder confirmed for a hold); payout-worker processes killed with
 * SIGKILL twice midway, Redis restarted once. Afterwards: one transfer per transfer key in the
 * sandbox ledger, every payout PAID or DEAD_LETTER with its reason, one PayoutPaid per payment
 * (a returned one plus its re-send), reconciliation clean.
 *
 * This process runs api + projector + outbox relay (its own worker takes no jobs:
 * PAYOUT_CONCURRENCY=0) and the sandbox bank; the workers are separate `node` processes of the
 * built payout-worker role, on a private redis-server (AOF on), so restarting it disturbs nobody.
 */
jest.setTimeout(8 * 60_000);

const PAYOUTS = Number(process.env.CHAOS_PAYOUTS ?? 1000);
const ROOT = resolve(__dirname, '..');
// A private build per run (inside node_modules so the packages resolve), so a concurrent
// `npm run build` or another run of this test cannot rewrite the files under running workers.
const BUILD = join(
  ROOT,
  'node_modules',
  '.cache',
  'payouts-chaos',
  `run-${process.pid}-${Date.now().toString(36)}`,
  'dist',
);

let t: TestApp;
let redis: PrivateRedis;
const logs = mkdtempSync(join(tmpdir(), 'payouts-chaos-'));
const workers: ChildProcess[] = [];
/** The two workers meant to be running now. */
const current: ChildProcess[] = [];
const crashes: string[] = [];
let stopping = false;
let workerSerial = 0;

function buildWorker(): void {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', BUILD], { cwd: ROOT, stdio: 'pipe' });
  execFileSync('npx', ['tsc-alias', '-p', 'tsconfig.build.json', '--outDir', BUILD], {
    cwd: ROOT,
    stdio: 'pipe',
  });
}

function startWorker(): ChildProcess {
  const config = t.app.get<AppConfig>(APP_CONFIG);
  const n = ++workerSerial;
  const out = createWriteStream(join(logs, `worker-${n}.log`));
  const child = spawn(process.execPath, [join(BUILD, 'apps/payout-worker/src/main.js')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      EVENT_STORE_URL: config.eventStoreUrl,
      READ_MODEL_URL: config.readModelUrl,
      AUTH_JWT_SECRET: config.jwtSecret,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: config.queuePrefix,
      PAYOUT_GATEWAY_URL: t.app.get(SandboxBankService).bank.url,
      PAYOUT_GATEWAY_TOKEN: t.app.get(SandboxBankService).bank.token,
      PORT: '0',
      LOG_LEVEL: 'warn',
      PAYOUT_CONCURRENCY: '16',
      PAYOUT_MAX_ATTEMPTS: '6',
      PAYOUT_BACKOFF_MS: '100',
      PAYOUT_GATEWAY_TIMEOUT_MS: '1000',
      PAYOUT_LOCK_MS: '4000',
      PAYOUT_STALLED_INTERVAL_MS: '2000',
      PG_POOL_SIZE: '8',
      PAYOUT_RETURN_CHECK_INTERVAL_MS: '1000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  workers.push(child);
  // A worker that dies on its own (not killed by this test) is replaced, and counted.
  child.once('exit', (code, signal) => {
    if (signal === 'SIGKILL' || stopping) return;
    crashes.push(`worker-${n} exited (${code ?? signal})`);
    const i = current.indexOf(child);
    if (i >= 0) current[i] = startWorker();
  });
  return child;
}

async function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}

async function settledCount(): Promise<{ paid: number; dead: number }> {
  const { rows } = await t.readDb.query<{ paid: number; dead: number }>(
    `SELECT count(*) FILTER (WHERE type = 'PayoutPaid')::int AS paid, count(*) FILTER (WHERE type = 'PayoutDeadLettered')::int AS dead
     FROM es_events WHERE stream_id LIKE 'payout-%'`,
  );
  return rows[0];
}

/** On failure: what the unsettled payouts' streams and jobs say. */
async function explainUnsettled(): Promise<void> {
  const states = await loadPayoutStates(t.store);
  const open = states.filter((s) => s.status !== 'PAID' && s.status !== 'DEAD_LETTER');
  const queue = new Queue(PAYOUT_QUEUE, {
    connection: { url: redis.url },
    prefix: t.app.get<AppConfig>(APP_CONFIG).queuePrefix,
  });
  const lines = [
    `${states.length} payouts, ${open.length} unsettled`,
    JSON.stringify(await queue.getJobCounts()),
  ];
  for (const s of open.slice(0, 5)) {
    const events = (await t.store.readStream(`payout-${s.payoutId}`)).map(
      (e) => `${e.type}${JSON.stringify(e.data).slice(0, 160)}`,
    );
    const job = await queue.getJob(s.payoutId);
    lines.push(
      `${s.payoutId} ${s.status}: ${events.join(' | ')}`,
      `  job: ${job ? `${await job.getState()} attempts ${job.attemptsMade} ${job.failedReason ?? ''}` : 'none'}`,
    );
  }
  await queue.close();
  console.log(lines.join('\n'));
}

beforeAll(async () => {
  buildWorker();
  redis = new PrivateRedis(await freePort());
  await redis.start();
  t = await startTestApp({ env: { REDIS_URL: redis.url, PAYOUT_CONCURRENCY: '0', HOLIDAYS: '' } });
  t.app.get(SandboxBankService).bank.configure({
    failRate: 0.2,
    timeoutRate: 0.05,
    hangMs: 1_500,
    returnAfterMs: 300,
  });
});

/**
 * By payout number: 10% to accounts the bank closes after booking (…9999), 5% to accounts held by
 * REKENING SANDBOX (…5555: held on the name), 10% cash orders, the rest open accounts.
 */
function destinationFor(i: number, payeeName: string): PayoutDestination {
  const account = (suffix: string) => ({
    type: 'ACCOUNT' as const,
    bankCode: '014',
    accountNumber: `80${String(i).padStart(4, '0')}${suffix}`,
    accountName: payeeName.toUpperCase(),
  });
  if (i % 10 === 1) return account('9999');
  if (i % 20 === 2) return account('5555');
  if (i % 10 === 3) return { type: 'CASH_ORDER' };
  return account('1234');
}

/** The scripted finance officer: answers every hold and every return over HTTP. */
function financeOfficer(): { stop: () => Promise<void>; answered: { holds: number; returns: number } } {
  const answered = { holds: 0, returns: 0 };
  let stopped = false;
  const auth = () => `Bearer ${t.token(['finance-officer'], 'fin-rina')}`;
  const loop = (async () => {
    while (!stopped) {
      for (const status of ['ON_HOLD', 'RETURNED'] as const) {
        const page = await t.http.get(`/api/payouts?status=${status}&limit=500`).set('Authorization', auth());
        for (const p of (page.body.items ?? []) as { payoutId: string; destination: PayoutDestination }[]) {
          const body =
            status === 'ON_HOLD'
              ? { confirmHolder: true }
              : p.destination.type === 'ACCOUNT'
                ? {
                    ...p.destination,
                    type: undefined,
                    accountNumber: `${p.destination.accountNumber.slice(0, -4)}4321`,
                  }
                : undefined;
          if (!body) continue;
          const r = await t.http
            .post(`/api/payouts/${p.payoutId}/destination`)
            .set('Authorization', auth())
            .send(body);
          // 422: the read model was behind and the payout has moved on already.
          if (r.status === 202) answered[status === 'ON_HOLD' ? 'holds' : 'returns']++;
          else if (r.status !== 422)
            throw new Error(`destination for ${p.payoutId}: ${r.status} ${JSON.stringify(r.body)}`);
        }
      }
      await new Promise((r) => setTimeout(r, 300));
    }
  })();
  return {
    answered,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

afterAll(async () => {
  stopping = true;
  for (const w of workers) await kill(w, 'SIGTERM');
  rmSync(resolve(BUILD, '..'), { recursive: true, force: true });
  await t?.close();
  await redis?.destroy();
  if (!process.env.KEEP_CHAOS_LOGS) rmSync(logs, { recursive: true, force: true });
});

it(`${PAYOUTS} payouts, 20% failures, 5% timeouts, 10% returned, 5% held on the name, two SIGKILLs and a Redis restart: each paid once in effect or dead-lettered with its reason`, async () => {
  const started = Date.now();
  let n = 0;
  const claimIds = await appendApprovedMedicalClaims(t.store, PAYOUTS, {
    submittedBy: 'adj-ani',
    approvedBy: 'adj-budi',
    actor: 'chaos-seed',
    replan: (payouts) => payouts.map((p) => ({ ...p, destination: destinationFor(n++, p.payee.name) })),
  });
  const officer = financeOfficer();
  current.push(startWorker(), startWorker());
  const done = (n: number) => async () => {
    const s = await settledCount();
    return s.paid + s.dead >= n ? s : undefined;
  };

  await waitFor(done(Math.round(PAYOUTS * 0.2)), '20% settled', 120_000, 100);
  await kill(current[0], 'SIGKILL');
  current[0] = startWorker();

  await waitFor(done(Math.round(PAYOUTS * 0.45)), '45% settled', 120_000, 100);
  await redis.stop();
  await new Promise((r) => setTimeout(r, 1_000));
  await redis.start();

  await waitFor(done(Math.round(PAYOUTS * 0.65)), '65% settled', 120_000, 100);
  await kill(current[1], 'SIGKILL');
  current[1] = startWorker();

  // Every payout settles: PAID (its returns answered, and no return pending at the bank), or
  // DEAD_LETTER after its last attempt.
  const closing = (s: { destination?: PayoutDestination }) =>
    s.destination?.type === 'ACCOUNT' && s.destination.accountNumber.endsWith('9999');
  await waitFor(
    async () => {
      const states = await loadPayoutStates(t.store);
      return states.length === PAYOUTS &&
        states.every((s) => (s.status === 'PAID' && !closing(s)) || s.status === 'DEAD_LETTER')
        ? states
        : undefined;
    },
    'every payout settled',
    240_000,
    500,
  ).catch(async (e) => {
    await explainUnsettled().catch(() => undefined);
    throw e;
  });
  await officer.stop();
  const states = await loadPayoutStates(t.store);
  const seconds = (Date.now() - started) / 1000;

  const ledger = await t.app.get(SandboxBankService).bank.ledger();
  const paid = states.filter((s) => s.status === 'PAID');
  const dead = states.filter((s) => s.status === 'DEAD_LETTER');
  // Exactly one transfer per paid payout and per returned transfer, none for a dead-lettered one.
  const perKey = new Map<string, number>();
  for (const l of ledger) perKey.set(l.idempotencyKey, (perKey.get(l.idempotencyKey) ?? 0) + 1);
  expect([...perKey.values()].every((k) => k === 1)).toBe(true);
  const returns = states.reduce((k, s) => k + s.returns.length, 0);
  expect(ledger).toHaveLength(paid.length + returns);
  for (const p of paid)
    expect(ledger.find((l) => l.idempotencyKey === currentTransferKey(p))?.bankReference).toBe(
      p.bankReference,
    );
  // Holds and returns happened, and the officer's answers paid them.
  const heldThenPaid = paid.filter((s) => s.holderConfirmed).length;
  expect(returns).toBeGreaterThan(PAYOUTS * 0.05);
  expect(heldThenPaid).toBeGreaterThan(PAYOUTS * 0.02);
  expect(paid.filter((s) => s.returns.length > 0).every((s) => !closing(s))).toBe(true);
  for (const d of dead) expect(d.deadLetter?.reason).toEqual(expect.any(String));

  // One PayoutPaid per payment in the streams: a returned transfer's and its re-send's.
  const { rows } = await t.readDb.query<{ stream_id: string; n: number }>(
    `SELECT stream_id, count(*)::int AS n FROM es_events WHERE type = 'PayoutPaid' GROUP BY stream_id`,
  );
  const byStream = new Map(rows.map((r) => [r.stream_id, r.n]));
  for (const s of states)
    expect([s.payoutId, byStream.get(`payout-${s.payoutId}`) ?? 0]).toEqual([
      s.payoutId,
      s.returns.length + (s.status === 'PAID' ? 1 : 0),
    ]);

  const report = reconcilePayouts(states, ledger);
  expect(report.discrepancies).toEqual([]);
  expect(report.summary).toMatchObject({
    payouts: PAYOUTS,
    paid: paid.length,
    matched: paid.length,
    inProgress: 0,
  });

  const stats = t.app.get(SandboxBankService).bank.stats();
  console.log(
    `chaos: ${claimIds.length} payouts settled in ${seconds.toFixed(1)} s: ${paid.length} PAID, ${dead.length} DEAD_LETTER; ` +
      `bank calls ${stats.transferCalls} (failed ${stats.failed}, timed out ${stats.timedOut}, replayed ${stats.replayed}), status queries ${stats.statusCalls}; ` +
      `workers started ${workerSerial}, crashed ${crashes.length}; returned ${returns} (re-sent ${officer.answered.returns}), ` +
      `held ${officer.answered.holds}, inquiries ${stats.inquiries}`,
  );
  // The claims follow: every claim whose payout is paid is PAID (a claim paid, then returned and
  // dead-lettered on its re-send, is not).
  const auth = `Bearer ${t.token(['auditor'], 'aud-eko')}`;
  await waitFor(
    async () => {
      let count = 0;
      let cursor: string | null = null;
      do {
        const page: { body: { items?: unknown[]; nextCursor?: string | null } } = await t.http
          .get(`/api/claims?status=PAID&limit=500${cursor ? `&cursor=${cursor}` : ''}`)
          .set('Authorization', auth);
        count += (page.body.items ?? []).length;
        cursor = page.body.nextCursor ?? null;
      } while (cursor);
      return count === paid.length;
    },
    'claims PAID',
    60_000,
    500,
  );
  expect(stats.failed).toBeGreaterThan(0);
  expect(stats.timedOut).toBeGreaterThan(0);
});
