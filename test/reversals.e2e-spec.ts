import { contributionPaymentDecider } from '@app/domain/contributions';
import {
  appendEach,
  ContributionReverser,
  contributionReversalEventId,
  paymentStreamId,
} from '@app/features/contributions';
import { loadStream, toNewEvents } from '@app/features/shared';
import { startTestApp, TestApp } from './support/app';
import { claimsHttp, lateFactsHandled, reasonCodes, SteppingClock } from './support/claims-http';
import { seedMember } from './support/seed-member';

/**
 * Payment reversals (docs/benefit-rules.md "Corrections", docs/api.md "Corrections"): a reversed
 * member-month counts as never paid by that payment. "Today" is 2026-03-16 in Jakarta.
 */

let t: TestApp;
const { post, get, submit, claim } = claimsHttp(() => t);

beforeAll(async () => {
  t = await startTestApp({ clock: new SteppingClock() });
});
afterAll(async () => {
  await t?.close();
});

const payMarch = async (memberIds: string[], reference: string) =>
  (
    await post('finance', '/api/contribution-payments', {
      period: '2026-03',
      paidOn: '2026-03-10',
      reference,
      memberIds,
    }).expect(201)
  ).body as { paymentId: string; membersCovered: number; totalAmount: number };
const reverse = (paymentId: string, body: object) =>
  post('finance', `/api/contribution-payments/${paymentId}/reversals`, body);
const member = async (id: string) => (await get('officer', `/api/members/${id}`).expect(200)).body;

describe('payment reversals', () => {
  it('a reversal per member takes the month off that member only; the payment view lists it', async () => {
    const a = await seedMember(t.store, { paidThrough: '2026-02' });
    const b = await seedMember(t.store, { paidThrough: '2026-02' });
    const payment = await payMarch([a, b], 'REV-1');
    expect(payment.membersCovered).toBe(2);
    expect((await member(a)).paidMonths).toContain('2026-03');

    const { body } = await reverse(payment.paymentId, {
      reason: 'returned: account closed',
      memberIds: [a],
    }).expect(201);
    expect(body).toMatchObject({
      paymentId: payment.paymentId,
      membersReversed: 1,
      alreadyReversed: 0,
      totalAmount: payment.totalAmount / 2,
    });
    expect(typeof body.reversalId).toBe('string');
    expect((await member(a)).paidMonths).not.toContain('2026-03');
    expect((await member(b)).paidMonths).toContain('2026-03');
    const view = (await get('finance', `/api/contribution-payments/${payment.paymentId}`).expect(200)).body;
    expect(view.reversals).toEqual([
      {
        reversalId: body.reversalId,
        membersReversed: 1,
        totalAmount: payment.totalAmount / 2,
        at: expect.any(String),
      },
    ]);
  });

  it('a whole reversal is idempotent per member-month: a month reversed before is alreadyReversed', async () => {
    const a = await seedMember(t.store, { paidThrough: '2026-02' });
    const b = await seedMember(t.store, { paidThrough: '2026-02' });
    const payment = await payMarch([a, b], 'REV-2');
    await reverse(payment.paymentId, { reason: 'returned', memberIds: [a] }).expect(201);
    const { body } = await reverse(payment.paymentId, { reason: 'returned in whole' }).expect(201);
    expect(body).toMatchObject({
      membersReversed: 1,
      alreadyReversed: 1,
      totalAmount: payment.totalAmount / 2,
    });
    const again = (await reverse(payment.paymentId, { reason: 'again' }).expect(201)).body;
    expect(again).toMatchObject({ membersReversed: 0, alreadyReversed: 2, totalAmount: 0 });
    expect((await member(b)).paidMonths).not.toContain('2026-03');
    // Each member stream has exactly one reversal of the month.
    const reversedOnA = (await t.store.readStream(`member-${a}`)).filter(
      (e) => e.type === 'ContributionMonthReversed',
    );
    expect(reversedOnA).toHaveLength(1);
  });

  it('member ids the payment did not cover are a 400 listing them, and nothing is reversed', async () => {
    const a = await seedMember(t.store, { paidThrough: '2026-02' });
    const payment = await payMarch([a], 'REV-3');
    const { body } = await reverse(payment.paymentId, {
      reason: 'x',
      memberIds: [a, 'no-such-member'],
    }).expect(400);
    expect(JSON.stringify(body)).toContain('no-such-member');
    expect((await member(a)).paidMonths).toContain('2026-03');
    await reverse('no-such-payment', { reason: 'x' }).expect(404);
  });

  it('a retry with the same Idempotency-Key returns the first answer', async () => {
    const a = await seedMember(t.store, { paidThrough: '2026-02' });
    const payment = await payMarch([a], 'REV-4');
    const send = () =>
      t.http
        .post(`/api/contribution-payments/${payment.paymentId}/reversals`)
        .set('Authorization', `Bearer ${t.token(['finance-officer'], 'fin-gita')}`)
        .set('Idempotency-Key', 'rev-4-key')
        .send({ reason: 'returned' })
        .expect(201);
    const first = (await send()).body;
    const second = (await send()).body;
    expect(second).toEqual(first);
    expect(first.membersReversed).toBe(1);
  });

  it('a reversed month may be paid again by a later payment', async () => {
    const a = await seedMember(t.store, { paidThrough: '2026-02' });
    const payment = await payMarch([a], 'REV-5');
    await reverse(payment.paymentId, { reason: 'returned' }).expect(201);
    const repaid = await payMarch([a], 'REV-5-AGAIN');
    expect(repaid.membersCovered).toBe(1);
    expect((await member(a)).paidMonths).toContain('2026-03');
  });

  it('a pending claim is re-assessed to CONTRIBUTION_UNPAID after a reversal of the month it relied on', async () => {
    const a = await seedMember(t.store, { paidThrough: '2026-02' });
    const payment = await payMarch([a], 'REV-6');
    const { body: before } = await submit({
      memberId: a,
      benefit: 'JKK_MEDICAL',
      incidentDate: '2026-03-12',
      workRelation: 'CONFIRMED',
      provider: 'RSUD Sekayu',
      invoiceAmount: 2_000_000,
    }).expect(201);
    expect(before.assessment.eligible).toBe(true);
    await reverse(payment.paymentId, { reason: 'returned' }).expect(201);
    await lateFactsHandled(t, `member-${a}`);
    const after = await claim(before.claimId);
    expect(after.assessment.eligible).toBe(false);
    expect(reasonCodes(after)).toEqual(['CONTRIBUTION_UNPAID']);
  });

  it('the audit covers reversals: the event log lists them, the as-of member view before it shows the month, verify holds', async () => {
    const a = await seedMember(t.store, { paidThrough: '2026-02' });
    const payment = await payMarch([a], 'REV-7');
    await reverse(payment.paymentId, { reason: 'returned' }).expect(201);
    const auditor = `Bearer ${t.token(['auditor'], 'aud-1')}`;
    const log = (
      await t.http
        .get(`/api/audit/events?stream=member-${a}&type=ContributionMonthReversed`)
        .set('Authorization', auditor)
        .expect(200)
    ).body;
    expect(log.items).toHaveLength(1);
    expect(log.items[0].data).toMatchObject({ period: '2026-03', paymentId: payment.paymentId });
    const before = new Date(Date.parse(log.items[0].metadata.recordedAt) - 1).toISOString();
    const asOf = (when: string) =>
      t.http.get(`/api/audit/members/${a}?asOf=${when}`).set('Authorization', auditor).expect(200);
    expect((await asOf(before)).body.paidMonths).toContain('2026-03');
    expect((await asOf(new Date().toISOString())).body.paidMonths).not.toContain('2026-03');
    const verified = (await t.http.post('/api/audit/verify').set('Authorization', auditor).expect(200)).body;
    expect(verified.ok).toBe(true);
  });

  it('a reversal interrupted after its first write (or after some members) is completed on start, each month once', async () => {
    const a = await seedMember(t.store, { paidThrough: '2026-02' });
    const b = await seedMember(t.store, { paidThrough: '2026-02' });
    const payment = await payMarch([a, b], 'REV-8');
    const ctx = { actor: 'fin-gita', correlationId: 'crash' };
    // The process died after recording the reversal and one member's month.
    const loaded = await loadStream(t.store, paymentStreamId(payment.paymentId), contributionPaymentDecider);
    const events = contributionPaymentDecider.decide(
      {
        type: 'ReverseContributionPayment',
        data: {
          reversalId: 'crashed-1',
          reason: 'returned',
          actor: 'fin-gita',
          at: new Date().toISOString(),
        },
      },
      loaded.state,
    );
    await appendEach(t.store, paymentStreamId(payment.paymentId), events, loaded.revision, ctx);
    const memberA = await t.store.readStream(`member-${a}`);
    await t.store.append(
      `member-${a}`,
      toNewEvents([
        {
          id: contributionReversalEventId(payment.paymentId, a, '2026-03'),
          type: 'ContributionMonthReversed',
          data: {
            memberId: a,
            period: '2026-03',
            paymentId: payment.paymentId,
            reversalId: 'crashed-1',
            membershipNo: 1,
            amount: payment.totalAmount / 2,
            reason: 'returned',
          },
        },
      ]),
      memberA[memberA.length - 1].revision,
      ctx,
    );
    await t.app.get(ContributionReverser).finishIncomplete();
    for (const id of [a, b]) {
      expect((await member(id)).paidMonths).not.toContain('2026-03');
      const reversed = (await t.store.readStream(`member-${id}`)).filter(
        (e) => e.type === 'ContributionMonthReversed',
      );
      expect(reversed).toHaveLength(1);
    }
    const view = (await get('finance', `/api/contribution-payments/${payment.paymentId}`).expect(200)).body;
    expect(view.reversals).toEqual([
      {
        reversalId: 'crashed-1',
        membersReversed: 2,
        totalAmount: payment.totalAmount,
        at: expect.any(String),
      },
    ]);
  });
});
