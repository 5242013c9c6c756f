import { Role } from '@app/platform';
import { payoutStreamId } from '@app/domain/payouts';
import { loadPayoutStates, PayoutSettings, reconcilePayouts, SandboxBankService } from '@app/payouts';
import { startTestApp, TestApp } from './support/app';
import { MovableClock, seedMember, waitFor } from './payouts.support';

/**
 * docs/api.md "Payouts": where money goes. Payouts to an account (after the bank's account
 * inquiry) and as cash orders; holds on a name mismatch and on an unknown account, resolved by a
 * finance officer; a returned transfer sent again to a new destination, paid once in effect.
 */

const who = {
  submitter: { roles: ['adjudicator'], sub: 'adj-ani' },
  approver: { roles: ['adjudicator'], sub: 'adj-budi' },
  finance: { roles: ['finance-officer'], sub: 'fin-rina' },
  auditor: { roles: ['auditor'], sub: 'aud-eko' },
} satisfies Record<string, { roles: Role[]; sub: string }>;
type Person = keyof typeof who;
const CALLBACK_SECRET = 'a-shared-secret-of-the-bank-0123';

describe('payout destinations', () => {
  let t: TestApp;
  let sandbox: SandboxBankService;
  const clock = new MovableClock('2026-03-16T03:00:00.000Z');
  const bearer = (p: Person) => `Bearer ${t.token(who[p].roles, who[p].sub)}`;
  const get = (p: Person, path: string) => t.http.get(path).set('Authorization', bearer(p));
  const post = (p: Person, path: string, body: object = {}) =>
    t.http.post(path).set('Authorization', bearer(p)).send(body);

  async function approvedClaim(payTo?: object): Promise<{ claimId: string; payoutId: string }> {
    const memberId = await seedMember(t.store);
    const submitted = await post('submitter', '/api/claims', {
      memberId,
      benefit: 'JKK_MEDICAL',
      incidentDate: '2026-03-02',
      workRelation: 'CONFIRMED',
      provider: 'RSUD Sekayu',
      invoiceAmount: 2_500_000,
      ...(payTo ? { payTo } : {}),
    }).expect(201);
    const approved = await post('approver', `/api/claims/${submitted.body.claimId}/approve`).expect(200);
    return { claimId: submitted.body.claimId, payoutId: approved.body.payouts[0].payoutId };
  }
  const payoutIn = (id: string, status: string) =>
    waitFor(async () => {
      const r = await get('finance', `/api/payouts/${id}`);
      return r.body.status === status ? r.body : undefined;
    }, `payout ${id} ${status}`);
  const claimIn = (id: string, status: string) =>
    waitFor(async () => {
      const r = await get('auditor', `/api/claims/${id}`);
      return r.body.status === status ? r.body : undefined;
    }, `claim ${id} ${status}`);
  // The claim records its payout's status after the payouts read model shows it (the payout process).
  const claimPayoutIn = (id: string, status: string) =>
    waitFor(async () => {
      const r = await get('auditor', `/api/claims/${id}`);
      return r.body.payouts?.[0]?.status === status ? r.body : undefined;
    }, `claim ${id} showing its payout ${status}`);

  beforeAll(async () => {
    t = await startTestApp({
      clock,
      env: {
        PAYOUT_CALLBACK_SECRET: CALLBACK_SECRET,
        PAYOUT_RETURN_CHECK_INTERVAL_MS: '300',
        SANDBOX_BANK_RETURN_AFTER_MS: '0',
      },
    });
    sandbox = t.app.get(SandboxBankService);
    sandbox.bank.configure({ returnAfterMs: 0 });
    const settings = t.app.get(PayoutSettings);
    settings.backoffMs = 50;
    settings.returnCheckIntervalMs = 300;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('pays to the payTo account after the account inquiry: destination ACCOUNT, claim PAID', async () => {
    const payTo = { bankCode: '014', accountNumber: '8012345671', accountName: 'RSUD SEKAYU' };
    const { claimId, payoutId } = await approvedClaim(payTo);
    const paid = await payoutIn(payoutId, 'PAID');
    expect(paid).toMatchObject({
      destination: { type: 'ACCOUNT', ...payTo },
      bankReference: expect.stringMatching(/^SBX-/),
    });
    expect(paid.holdReason).toBeUndefined();
    await claimIn(claimId, 'PAID');
    expect(sandbox.bank.stats().inquiries).toBeGreaterThan(0);
  });

  it('pays a claim without payTo as a cash order: PAID with the post-office order number', async () => {
    const { payoutId } = await approvedClaim();
    const paid = await payoutIn(payoutId, 'PAID');
    expect(paid.destination).toEqual({ type: 'CASH_ORDER' });
    expect(paid.bankReference).toMatch(/^POS-/);
  });

  it('refuses a payTo that breaks the field rules, naming the field', async () => {
    const memberId = await seedMember(t.store);
    const r = await post('submitter', '/api/claims', {
      memberId,
      benefit: 'JKK_MEDICAL',
      incidentDate: '2026-03-02',
      provider: 'RSUD Sekayu',
      invoiceAmount: 1_000_000,
      payTo: { bankCode: '014', accountNumber: '12-34', accountName: 'RSUD SEKAYU' },
    }).expect(400);
    expect(JSON.stringify(r.body.errors)).toContain('accountNumber');
  });

  it('holds on a name mismatch (ACCOUNT_NAME_MISMATCH) until a finance officer confirms the holder', async () => {
    const { claimId, payoutId } = await approvedClaim({
      bankCode: '014',
      accountNumber: '8012345555',
      accountName: 'RSUD SEKAYU',
    });
    const held = await payoutIn(payoutId, 'ON_HOLD');
    expect(held).toMatchObject({ holdReason: 'ACCOUNT_NAME_MISMATCH', bankHolderName: 'REKENING SANDBOX' });
    expect((await claimPayoutIn(claimId, 'ON_HOLD')).status).toBe('APPROVED');
    expect(await sandbox.bank.ledger()).not.toContainEqual(
      expect.objectContaining({ idempotencyKey: payoutId }),
    );

    await post('auditor', `/api/payouts/${payoutId}/destination`, { confirmHolder: true }).expect(403);
    const accepted = await post('finance', `/api/payouts/${payoutId}/destination`, {
      confirmHolder: true,
    }).expect(202);
    expect(accepted.body).toMatchObject({ payoutId, status: 'QUEUED' });
    const paid = await payoutIn(payoutId, 'PAID');
    expect(paid.holdReason).toBeUndefined();
    await claimIn(claimId, 'PAID');
    const changed = (await t.store.readStream(payoutStreamId(payoutId))).find(
      (e) => e.type === 'PayoutDestinationChanged',
    );
    expect(changed?.metadata.actor).toBe('fin-rina');
    expect(changed?.data).toMatchObject({
      change: 'HOLDER_CONFIRMED',
      reason: 'ACCOUNT_NAME_MISMATCH',
      by: 'fin-rina',
    });
    // A paid payout takes no new destination.
    const refused = await post('finance', `/api/payouts/${payoutId}/destination`, {
      confirmHolder: true,
    }).expect(422);
    expect(refused.body.code).toBe('PAYOUT_NOT_HELD_OR_RETURNED');
  });

  it('holds an unknown account (ACCOUNT_NOT_FOUND); a corrected account is checked and paid', async () => {
    const { payoutId } = await approvedClaim({
      bankCode: '014',
      accountNumber: '8012340000',
      accountName: 'RSUD SEKAYU',
    });
    const held = await payoutIn(payoutId, 'ON_HOLD');
    expect(held.holdReason).toBe('ACCOUNT_NOT_FOUND');
    await post('finance', `/api/payouts/${payoutId}/destination`, { confirmHolder: true }).expect(422);
    await post('finance', `/api/payouts/${payoutId}/destination`, {
      bankCode: '014',
      accountNumber: 'x',
    }).expect(400);
    const corrected = { bankCode: '009', accountNumber: '8012341234', accountName: 'RSUD Sekayu' };
    await post('finance', `/api/payouts/${payoutId}/destination`, corrected).expect(202);
    const paid = await payoutIn(payoutId, 'PAID');
    expect(paid.destination).toEqual({ type: 'ACCOUNT', ...corrected });
  });

  it('a returned transfer (account closed) is RETURNED, then sent again to a new destination once', async () => {
    const { claimId, payoutId } = await approvedClaim({
      bankCode: '014',
      accountNumber: '8012349999',
      accountName: 'RSUD SEKAYU',
    });
    const returned = await payoutIn(payoutId, 'RETURNED');
    expect(returned).toMatchObject({ returnReason: 'ACCOUNT_CLOSED' });
    expect(returned.bankReference).toBeUndefined();
    expect((await claimPayoutIn(claimId, 'RETURNED')).status).toBe('APPROVED');

    await post('finance', `/api/payouts/${payoutId}/destination`, {
      bankCode: '014',
      accountNumber: '8012341111',
      accountName: 'RSUD SEKAYU',
    }).expect(202);
    const paid = await payoutIn(payoutId, 'PAID');
    await claimIn(claimId, 'PAID');
    const transfers = (await sandbox.bank.ledger()).filter((l) => l.idempotencyKey.startsWith(payoutId));
    expect(transfers.map((l) => l.idempotencyKey).sort()).toEqual([payoutId, `${payoutId}-d1`]);
    expect(transfers.find((l) => l.idempotencyKey === `${payoutId}-d1`)?.bankReference).toBe(
      paid.bankReference,
    );
    // A notice naming the old transfer's key never returns the transfer now in force.
    const notice = (idempotencyKey: string, bankReference: string) =>
      t.http
        .post('/callbacks/payout-returns')
        .set('X-Callback-Secret', CALLBACK_SECRET)
        .send({ idempotencyKey, bankReference, status: 'RETURNED', reason: 'ACCOUNT_CLOSED' });
    const stale = await notice(payoutId, paid.bankReference);
    expect([stale.status, stale.body.code]).toEqual([404, 'TRANSFER_NOT_FOUND']);
    const oldReference = transfers.find((l) => l.idempotencyKey === payoutId)!.bankReference;
    expect((await notice(payoutId, oldReference).expect(202)).body.recorded).toBe(false);
    expect((await get('finance', `/api/payouts/${payoutId}`).expect(200)).body.status).toBe('PAID');

    const report = reconcilePayouts(await loadPayoutStates(t.store), await sandbox.bank.ledger());
    expect(report.discrepancies.filter((d) => d.payoutId.startsWith(payoutId))).toEqual([]);
    expect(report.summary.returned).toBeGreaterThanOrEqual(1);
  });

  it("the bank's return notice needs the shared secret and makes the payout RETURNED", async () => {
    const { payoutId } = await approvedClaim({
      bankCode: '014',
      accountNumber: '8012342222',
      accountName: 'RSUD SEKAYU',
    });
    const paid = await payoutIn(payoutId, 'PAID');
    const notice = {
      idempotencyKey: payoutId,
      bankReference: paid.bankReference,
      status: 'RETURNED',
      reason: 'ACCOUNT_CLOSED',
    };
    await t.http.post('/callbacks/payout-returns').send(notice).expect(401);
    await t.http
      .post('/callbacks/payout-returns')
      .set('X-Callback-Secret', 'wrong-secret-wrong-secret-00000')
      .send(notice)
      .expect(401);
    const missing = await t.http
      .post('/callbacks/payout-returns')
      .set('X-Callback-Secret', CALLBACK_SECRET)
      .send({ ...notice, bankReference: 'SBX-NOT-OURS' });
    expect([missing.status, missing.body.code]).toEqual([404, 'TRANSFER_NOT_FOUND']);
    await t.http
      .post('/callbacks/payout-returns')
      .set('X-Callback-Secret', CALLBACK_SECRET)
      .send(notice)
      .expect(202);
    expect((await payoutIn(payoutId, 'RETURNED')).returnReason).toBe('ACCOUNT_CLOSED');
  });
});
