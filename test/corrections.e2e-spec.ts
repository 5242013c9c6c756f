import { Role } from '@app/platform';
import { startTestApp, TestApp } from './support/app';
import { seedMember as seedMemberIn } from './support/seed-member';
import { MovableClock, waitFor } from './payouts.support';

/**
 * Reopening decided claims and appeals over real HTTP (docs/benefit-rules.md "Corrections"): a
 * reopened claim is re-assessed and decided again; the per-payee difference is paid as TOP_UP
 * payouts or owed back as an overpayment, recovered from the payee's later payouts for the same
 * member. Transport claims (land limit Rp 5,000,000 per accident) make facts change: rejecting
 * one claim of an accident frees its share of the limit for another.
 */

const START = '2026-03-16T03:00:00.000Z'; // Monday, 10:00 in Jakarta
const who = {
  ani: { roles: ['adjudicator'], sub: 'adj-ani' },
  budi: { roles: ['adjudicator'], sub: 'adj-budi' },
  sari: { roles: ['supervisor'], sub: 'sup-sari' },
  dewi: { roles: ['supervisor'], sub: 'sup-dewi' },
  finance: { roles: ['finance-officer'], sub: 'fin-rina' },
  auditor: { roles: ['auditor'], sub: 'aud-eko' },
} satisfies Record<string, { roles: Role[]; sub: string }>;
type Person = keyof typeof who;

jest.setTimeout(120_000);

let t: TestApp;
const clock = new MovableClock(START);

beforeAll(async () => {
  t = await startTestApp({ clock, env: { HOLIDAYS: '2026-03-19,2026-03-20' } });
});
afterAll(async () => {
  await t?.close();
});
beforeEach(() => clock.set(START));

const bearer = (p: Person) => `Bearer ${t.token(who[p].roles, who[p].sub)}`;
const post = (p: Person, path: string, body: object = {}) =>
  t.http.post(path).set('Authorization', bearer(p)).send(body);
const get = (p: Person, path: string) => t.http.get(path).set('Authorization', bearer(p));
const seedMember = () => seedMemberIn(t.store, { paidThrough: '2026-12' });
const AHMAD = { kind: 'MEMBER', name: 'Ahmad Fauzi' };

const transport = (memberId: string, mode: string, amount: number) => ({
  memberId,
  benefit: 'JKK_TRANSPORT',
  incidentDate: '2026-03-02',
  mode,
  amount,
});
const medical = (memberId: string, invoiceAmount: number) => ({
  memberId,
  benefit: 'JKK_MEDICAL',
  incidentDate: '2026-03-02',
  provider: 'RSUD Sekayu',
  invoiceAmount,
});
const submit = async (body: object): Promise<{ claimId: string; assessment: { total: number } }> =>
  (await post('ani', '/api/claims', body).expect(201)).body;
const approve = (p: Person, id: string) => post(p, `/api/claims/${id}/approve`);
const reject = (id: string) =>
  post('budi', `/api/claims/${id}/reject`, { reasonCode: 'INSUFFICIENT_EVIDENCE', note: 'no receipt' });
const reopen = (id: string, p: Person = 'sari') =>
  post(p, `/api/claims/${id}/reopen`, { note: 'the facts changed' });
const claim = async (id: string) => (await get('ani', `/api/claims/${id}`).expect(200)).body;

type Payout = {
  payoutId: string;
  kind: string;
  amount: number;
  status: string;
  recovered?: number;
  payee: object;
};
const payoutsOf = async (claimId: string): Promise<Payout[]> =>
  (await get('finance', `/api/payouts?claimId=${claimId}`).expect(200)).body.items;
const paidPayouts = (claimId: string, n: number) =>
  waitFor(
    async () => {
      const items = await payoutsOf(claimId);
      return items.length === n && items.every((p) => p.status === 'PAID') ? items : undefined;
    },
    `${n} payouts of ${claimId} PAID`,
    60_000,
  );

describe('reopen, decide again, adjust', () => {
  it('reopen with a top-up paid: a higher total pays the difference as a TOP_UP payout', async () => {
    const memberId = await seedMember();
    const other = await submit(transport(memberId, 'LAND', 3_000_000));
    const capped = await submit(transport(memberId, 'LAND', 4_000_000));
    expect(capped.assessment.total).toBe(2_000_000);
    await approve('budi', capped.claimId).expect(200);
    await paidPayouts(capped.claimId, 1);
    await reject(other.claimId).expect(200);

    const reopened = await reopen(capped.claimId).expect(200);
    expect(reopened.headers.etag).toBe(`"${reopened.body.version}"`);
    expect(reopened.body.status).toBe('ASSESSED');
    expect(reopened.body.assessment.total).toBe(4_000_000);
    expect(reopened.body.adjustment).toEqual({
      previousTotal: 2_000_000,
      newTotal: 4_000_000,
      difference: 2_000_000,
    });

    const approved = await approve('budi', capped.claimId).expect(200);
    expect(approved.body.status).toBe('APPROVED');
    expect(approved.body.adjustment).toBeUndefined();
    const payouts = await paidPayouts(capped.claimId, 2);
    expect(payouts.map((p) => [p.kind, p.amount])).toEqual([
      ['BENEFIT', 2_000_000],
      ['TOP_UP', 2_000_000],
    ]);
    await waitFor(
      async () => ((await claim(capped.claimId)).status === 'PAID' ? true : undefined),
      'claim PAID',
    );
  });

  it('a claim that is not decided cannot be reopened (422); a stale If-Match is a 412, checked first; only a supervisor reopens', async () => {
    const memberId = await seedMember();
    const { claimId } = await submit(transport(memberId, 'SEA', 1_000_000));
    const stale = await t.http
      .post(`/api/claims/${claimId}/reopen`)
      .set('Authorization', bearer('sari'))
      .set('If-Match', '"99"')
      .send({ note: 'x' });
    expect(stale.status).toBe(412);
    await reopen(claimId).expect(422);
    await approve('budi', claimId).expect(200);
    await reopen(claimId, 'budi').expect(403);
    await reopen(claimId).expect(200);
  });

  it('two supervisors reopening one claim at once: one wins, the other gets 409 (412 with If-Match)', async () => {
    const memberId = await seedMember();
    const { claimId } = await submit(transport(memberId, 'SEA', 1_000_000));
    const approved = await approve('budi', claimId).expect(200);
    const both = await Promise.all([reopen(claimId, 'sari'), reopen(claimId, 'dewi')]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const reopenedOnce = (await t.store.readStream(`claim-${claimId}`)).filter(
      (e) => e.type === 'ClaimReopened',
    );
    expect(reopenedOnce).toHaveLength(1);

    const again = await submit(transport(await seedMember(), 'SEA', 1_000_000));
    const v = (await approve('budi', again.claimId).expect(200)).body.version;
    const withIfMatch = (p: Person) =>
      t.http
        .post(`/api/claims/${again.claimId}/reopen`)
        .set('Authorization', bearer(p))
        .set('If-Match', `"${v}"`)
        .send({ note: 'facts changed' });
    const raced = await Promise.all([withIfMatch('sari'), withIfMatch('dewi')]);
    expect(raced.map((r) => [r.status, r.body.code]).sort()).toEqual([
      [200, undefined],
      [412, 'STALE_VERSION'],
    ]);
    expect(approved.body.version).toBeGreaterThan(0);
  });

  it('reject after reopen: the whole earlier total is an overpayment, recovered from later payouts to the same payee for the same member (`recovered`, never below zero)', async () => {
    const memberId = await seedMember();
    const first = await submit(transport(memberId, 'LAND', 2_000_000));
    await approve('budi', first.claimId).expect(200);
    await paidPayouts(first.claimId, 1);
    await reopen(first.claimId).expect(200);
    const rejected = await reject(first.claimId).expect(200);
    expect(rejected.body.status).toBe('REJECTED');
    expect(rejected.body.overpayments).toEqual([{ payee: AHMAD, amount: 2_000_000, outstanding: 2_000_000 }]);

    // A later payout smaller than what is owed: fully recovered, PAID with amount 0 and no transfer.
    const sea = await submit(transport(memberId, 'SEA', 1_500_000));
    await approve('budi', sea.claimId).expect(200);
    const [seaPayout] = await paidPayouts(sea.claimId, 1);
    expect(seaPayout).toMatchObject({ amount: 0, recovered: 1_500_000, status: 'PAID' });
    expect((seaPayout as { bankReference?: string }).bankReference).toBeUndefined();
    expect((await claim(first.claimId)).overpayments).toEqual([
      { payee: AHMAD, amount: 2_000_000, outstanding: 500_000 },
    ]);

    // Another member's payout to a payee of the same name recovers nothing.
    const stranger = await submit(transport(await seedMember(), 'AIR', 3_000_000));
    await approve('budi', stranger.claimId).expect(200);
    const [strangers] = await paidPayouts(stranger.claimId, 1);
    expect(strangers.amount).toBe(3_000_000);
    expect(strangers.recovered).toBeUndefined();

    // The rest of what is owed comes off the next payout to the same payee for the same member.
    const air = await submit(transport(memberId, 'AIR', 3_000_000));
    await approve('budi', air.claimId).expect(200);
    const [airPayout] = await paidPayouts(air.claimId, 1);
    expect(airPayout).toMatchObject({ amount: 2_500_000, recovered: 500_000 });
    expect((await claim(first.claimId)).overpayments).toEqual([
      { payee: AHMAD, amount: 2_000_000, outstanding: 0 },
    ]);
    const recoveries = (await t.store.readStream(`claim-${first.claimId}`)).filter(
      (e) => e.type === 'ClaimOverpaymentRecovered',
    );
    expect(recoveries).toHaveLength(2);
  });

  it('a payout held when its claim is reopened and rejected is recorded on the claim once paid; the payout process and /health stay clear', async () => {
    const memberId = await seedMember();
    const { claimId } = await submit({
      ...transport(memberId, 'LAND', 1_000_000),
      payTo: { bankCode: '002', accountNumber: '4444440000', accountName: 'Ahmad Fauzi' },
    });
    await approve('budi', claimId).expect(200);
    // Reopen once the claim itself has recorded the hold: the payout process writes to the claim
    // until then, and a reopening that races it is (rightly) a 409.
    const [held] = await waitFor(
      async () => {
        const c = await claim(claimId);
        return c.payouts.length === 1 && c.payouts[0].status === 'ON_HOLD' ? c.payouts : undefined;
      },
      `the claim ${claimId} showing its payout ON_HOLD (unknown account)`,
      60_000,
    );
    await reopen(claimId).expect(200);
    await post('dewi', `/api/claims/${claimId}/reject`, {
      reasonCode: 'INSUFFICIENT_EVIDENCE',
      note: 'no receipt',
    }).expect(200);
    await post('finance', `/api/payouts/${held.payoutId}/destination`, {
      bankCode: '002',
      accountNumber: '4444441111',
      accountName: 'Ahmad Fauzi',
    }).expect(202);
    await paidPayouts(claimId, 1);
    const view = await waitFor(
      async () => {
        const c = await claim(claimId);
        return c.payouts[0]?.status === 'PAID' ? c : undefined;
      },
      `the claim ${claimId} showing its payout PAID`,
      60_000,
    );
    expect(view.status).toBe('REJECTED');
    expect(view.overpayments).toEqual([
      expect.objectContaining({ amount: 1_000_000, outstanding: 1_000_000 }),
    ]);
    const health = await t.http.get('/health').expect(200);
    expect(health.body.checks.payoutProcess.status).toBe('up');
  });

  it('four eyes on the difference: a Rp 60,000,000 claim reopened unchanged needs one approval; rejected then reopened it needs a second', async () => {
    const memberId = await seedMember();
    const { claimId } = await submit(medical(memberId, 60_000_000));
    await approve('budi', claimId).expect(200);
    await approve('sari', claimId).expect(200);
    const reopened = await reopen(claimId, 'dewi').expect(200);
    expect(reopened.body.adjustment).toEqual({
      previousTotal: 60_000_000,
      newTotal: 60_000_000,
      difference: 0,
    });
    const once = await approve('budi', claimId).expect(200);
    expect(once.body.status).not.toBe('AWAITING_SECOND_APPROVAL');

    const other = await submit(medical(await seedMember(), 60_000_000));
    await reject(other.claimId).expect(200);
    const back = await reopen(other.claimId).expect(200);
    expect(back.body.adjustment).toEqual({ previousTotal: 0, newTotal: 60_000_000, difference: 60_000_000 });
    const first = await approve('budi', other.claimId).expect(200);
    expect(first.body.status).toBe('AWAITING_SECOND_APPROVAL');
    await approve('dewi', other.claimId).expect(200);
  });
});

describe('appeals', () => {
  const fileAppeal = (id: string) =>
    post('ani', `/api/claims/${id}/appeals`, {
      grounds: 'the receipt was lost, here it is',
      documents: [{ name: 'receipt', reference: 'DMS-1' }],
    });
  const decide = (id: string, appealId: string, outcome: string, p: Person = 'dewi') =>
    post(p, `/api/claims/${id}/appeals/${appealId}/decision`, { outcome, note: 'reviewed' });

  it('an appeal is filed within 90 days of the decision, due 14 working days later (holidays skipped); one open appeal at a time (409)', async () => {
    const memberId = await seedMember();
    const { claimId } = await submit(transport(memberId, 'SEA', 1_000_000));
    await fileAppeal(claimId).expect(422);
    await approve('budi', claimId).expect(200);
    const filed = await fileAppeal(claimId).expect(201);
    expect(filed.body).toEqual({
      appealId: expect.any(String),
      claimId,
      status: 'OPEN',
      filedOn: '2026-03-16',
      dueBy: '2026-04-07',
    });
    await fileAppeal(claimId).expect(409);
    expect((await claim(claimId)).appeals).toEqual([
      {
        appealId: filed.body.appealId,
        status: 'OPEN',
        grounds: 'the receipt was lost, here it is',
        filedOn: '2026-03-16',
        dueBy: '2026-04-07',
      },
    ]);
  });

  it('an Idempotency-Key retry of a filing returns the first answer (the same appeal); the same key with other grounds is a 422', async () => {
    const memberId = await seedMember();
    const { claimId } = await submit(transport(memberId, 'SEA', 1_000_000));
    await approve('budi', claimId).expect(200);
    const file = (grounds: string) =>
      post('ani', `/api/claims/${claimId}/appeals`, { grounds }).set('Idempotency-Key', `appeal-${claimId}`);
    const first = await file('the receipt was lost, here it is').expect(201);
    const retry = await file('the receipt was lost, here it is').expect(201);
    expect(retry.body).toEqual(first.body);
    await file('other grounds').expect(422);
    expect((await claim(claimId)).appeals).toHaveLength(1);
  });

  it('the 90-day limit: more than 90 days after the decision is APPEAL_PERIOD_ENDED (422)', async () => {
    const memberId = await seedMember();
    const { claimId } = await submit(transport(memberId, 'SEA', 1_000_000));
    await reject(claimId).expect(200);
    clock.set('2026-06-15T03:00:00.000Z'); // 91 days after 2026-03-16
    const late = await fileAppeal(claimId).expect(422);
    expect(late.body.code).toBe('APPEAL_PERIOD_ENDED');
    clock.set('2026-06-14T03:00:00.000Z'); // the 90th day
    await fileAppeal(claimId).expect(201);
  });

  it('upheld changes nothing; a supervisor who took part in the decision may not decide (403)', async () => {
    const memberId = await seedMember();
    const { claimId } = await submit(medical(memberId, 60_000_000));
    await approve('budi', claimId).expect(200);
    await approve('sari', claimId).expect(200);
    const { appealId } = (await fileAppeal(claimId).expect(201)).body;
    await decide(claimId, appealId, 'UPHELD', 'sari').expect(403);
    const upheld = await decide(claimId, appealId, 'UPHELD').expect(200);
    expect(upheld.body.status).toBe('APPROVED');
    expect(upheld.body.appeals[0]).toMatchObject({
      status: 'UPHELD',
      decidedBy: 'sup-dewi',
      decidedOn: '2026-03-16',
    });
  });

  it('overturned reopens a rejected claim: back to ASSESSED, re-assessed now', async () => {
    const memberId = await seedMember();
    const { claimId } = await submit(transport(memberId, 'SEA', 1_000_000));
    await reject(claimId).expect(200);
    const { appealId } = (await fileAppeal(claimId).expect(201)).body;
    const overturned = await decide(claimId, appealId, 'OVERTURNED').expect(200);
    expect(overturned.body.status).toBe('ASSESSED');
    expect(overturned.body.appeals[0].status).toBe('OVERTURNED');
    await approve('budi', claimId).expect(200);
    await paidPayouts(claimId, 1);
  });

  it('an open appeal past its 14 working days is flagged in the worklist (appealOverdue)', async () => {
    const memberId = await seedMember();
    const { claimId } = await submit(transport(memberId, 'SEA', 1_000_000));
    await approve('budi', claimId).expect(200);
    await fileAppeal(claimId).expect(201);
    await t.settle();
    const worklist = async () =>
      (await get('ani', `/api/claims?memberId=${memberId}`).expect(200)).body.items[0];
    expect((await worklist()).appealOverdue).toBeUndefined();
    clock.set('2026-04-08T03:00:00.000Z');
    expect((await worklist()).appealOverdue).toBe(true);
  });
});

describe('audit of corrections', () => {
  it('the event log, the as-of view and verify cover reopening, recovery and appeals', async () => {
    const memberId = await seedMember();
    const { claimId } = await submit(transport(memberId, 'LAND', 1_000_000));
    await approve('budi', claimId).expect(200);
    await paidPayouts(claimId, 1);
    await post('ani', `/api/claims/${claimId}/appeals`, { grounds: 'too little' }).expect(201);
    const beforeReopen = encodeURIComponent(new Date().toISOString());
    await reopen(claimId).expect(200);
    await reject(claimId).expect(200);
    const later = await submit(transport(memberId, 'SEA', 400_000));
    await approve('budi', later.claimId).expect(200);
    await paidPayouts(later.claimId, 1);

    const log = await get('auditor', `/api/audit/events?stream=claim-${claimId}&limit=100`).expect(200);
    const types = log.body.items.map((e: { type: string }) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'ClaimAppealFiled',
        'ClaimReopened',
        'ClaimRejected',
        'ClaimOverpaymentRecovered',
      ]),
    );
    const now = await get('auditor', `/api/audit/claims/${claimId}?asOf=2026-12-31T00%3A00%3A00.000Z`).expect(
      200,
    );
    expect(now.body.overpayments).toEqual([{ payee: AHMAD, amount: 1_000_000, outstanding: 600_000 }]);
    expect(now.body.appeals).toHaveLength(1);
    const then = await get('auditor', `/api/audit/claims/${claimId}?asOf=${beforeReopen}`).expect(200);
    expect(then.body.overpayments).toEqual([]);
    const verified = await post('auditor', '/api/audit/verify').expect(200);
    expect(verified.body.ok).toBe(true);
  });
});
