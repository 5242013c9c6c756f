import { DomainError } from '@app/domain/shared';
import { ClaimPayoutRecorder } from '@app/features/claims/claim-payout-recorder';
import { PayoutProcessManager } from '@app/payouts';
import { appendApprovedMedicalClaims } from '../libs/testing/src/approved-claims';
import { startTestApp, TestApp } from './support/app';
import { waitFor } from './payouts.support';

/**
 * The payout process manager never skips a step silently: a step a rule refuses holds back no
 * other payout, shows in /health and on the claim (`payoutSchedulingFailed`), and is run again
 * every PAYOUT_SCHEDULING_RETRY_MS until it succeeds.
 */
jest.setTimeout(90_000);

let t: TestApp;
const auditor = () => `Bearer ${t.token(['auditor'], 'aud-eko')}`;
const finance = () => `Bearer ${t.token(['finance-officer'], 'fin-rina')}`;
const claimView = async (claimId: string) =>
  (await t.http.get(`/api/claims/${claimId}`).set('Authorization', auditor()).expect(200)).body;
const health = async () => (await t.http.get('/health')).body;
const seed = { submittedBy: 'adj-ani', approvedBy: 'adj-budi', actor: 'failures-seed' };

beforeAll(async () => {
  t = await startTestApp({ env: { PAYOUT_SCHEDULING_RETRY_MS: '300', HOLIDAYS: '' } });
});

afterAll(async () => {
  await t?.close();
});

it('a refused step is retried until it succeeds: the payout result reaches the claim, which becomes PAID, and /health is ok again', async () => {
  // Fault injection: the claim refuses payout results until the test lifts it.
  const recorder = t.app.get(ClaimPayoutRecorder);
  const record = recorder.record.bind(recorder);
  let refusing = true;
  let refusals = 0;
  const spy = jest.spyOn(recorder, 'record').mockImplementation(async (claimId, update, ctx) => {
    if (refusing) {
      refusals++;
      throw new DomainError('conflict', 'INJECTED_REFUSAL', 'refused by the test');
    }
    return record(claimId, update, ctx);
  });
  try {
    const [claimId] = await appendApprovedMedicalClaims(t.store, 1, seed);
    const failed = await waitFor(async () => {
      const c = await claimView(claimId);
      return c.payoutSchedulingFailed ? c : undefined;
    }, 'the refusal on the claim');
    expect(failed.payoutSchedulingFailed).toEqual([
      expect.objectContaining({ payoutId: `${claimId}-payout-1`, code: 'INJECTED_REFUSAL' }),
    ]);
    expect((await health()).checks.payoutProcess).toMatchObject({ status: 'down', failures: 1 });
    await waitFor(async () => refusals >= 2, 'a retry');
    refusing = false;
    // The claim is PAID a moment before the retry clears its failure.
    await waitFor(async () => {
      const c = await claimView(claimId);
      return c.status === 'PAID' && c.payoutSchedulingFailed === undefined;
    }, 'the claim PAID after the retry, its failure cleared');
    expect(refusals).toBeGreaterThan(1);
    const h = await health();
    expect(h.checks.payoutProcess.status).toBe('up');
  } finally {
    spy.mockRestore();
  }
});

it('one payout of an approval that cannot be scheduled holds back none of the others, and shows in /health and on the claim', async () => {
  const unsafe = Number.MAX_SAFE_INTEGER + 2;
  const [claimId] = await appendApprovedMedicalClaims(t.store, 1, {
    ...seed,
    // The broken payout comes first: the good one after it must still be scheduled and paid.
    replan: (payouts, id) => [{ ...payouts[0], payoutId: `${id}-payout-0`, amount: unsafe }, ...payouts],
  });
  const good = `${claimId}-payout-1`;
  await waitFor(async () => {
    const r = await t.http.get(`/api/payouts/${good}`).set('Authorization', finance());
    return r.status === 200 && r.body.status === 'PAID';
  }, 'the good payout PAID');

  const view = await waitFor(async () => {
    const c = await claimView(claimId);
    return c.payoutSchedulingFailed ? c : undefined;
  }, 'the failure on the claim');
  expect(view.payoutSchedulingFailed).toEqual([
    expect.objectContaining({
      payoutId: `${claimId}-payout-0`,
      code: 'VALIDATION',
      message: expect.stringContaining('amount'),
    }),
  ]);
  const h = await health();
  expect(h.status).toBe('degraded');
  expect(h.checks.payoutProcess).toMatchObject({ status: 'down', failures: 1 });

  // Retried, and still refused: it stays visible with its attempts counted.
  await waitFor(async () => {
    const c = await claimView(claimId);
    return c.payoutSchedulingFailed?.[0]?.attempts >= 2;
  }, 'a retry of the refused payout');
  expect(await t.app.get(PayoutProcessManager).retryFailures()).toBe(1);
});
