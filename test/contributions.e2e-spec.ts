import { randomUUID } from 'node:crypto';
import { FixedClock } from '@app/platform';
import { contributionFor, nikDatePart } from '@app/domain/members';
import { generateRoster, toCsv } from '@app/roster';
import {
  ContributionAllocator,
  contributionMonthEventId,
  paymentReferenceStreamId,
  paymentStreamId,
} from '@app/features/contributions';
import { memberStreamId } from '@app/features/members';
import { startTestApp, TestApp } from './support/app';

const ROSTER_ROWS = 45_000;

let serial = 0;
function person(overrides: Record<string, unknown> = {}) {
  serial += 1;
  return {
    nik: `160698${nikDatePart('1979-11-03', 'M')}${String(serial).padStart(4, '0')}`,
    fullName: 'Joko Susilo',
    birthDate: '1979-11-03',
    sex: 'M',
    village: 'Lais',
    subdistrict: 'Lais',
    occupation: 'nelayan',
    p3keDesil: 2,
    coverageStart: '2025-01-01',
    ...overrides,
  };
}

describe('Contribution payments over HTTP (PostgreSQL, Redis)', () => {
  const clock = new FixedClock(new Date('2025-02-10T03:00:00Z'));
  let t: TestApp;
  let finance: string;
  let officer: string;
  let roster: ReturnType<typeof generateRoster>;

  const pay = (body: object, token = finance) =>
    t.http.post('/api/contribution-payments').set('Authorization', `Bearer ${token}`).send(body);
  const member = async (id: string) =>
    (await t.http.get(`/api/members/${id}`).set('Authorization', `Bearer ${finance}`).expect(200)).body;
  const enroll = async (body: object) =>
    (await t.http.post('/api/members').set('Authorization', `Bearer ${officer}`).send(body).expect(201)).body
      .memberId as string;

  beforeAll(async () => {
    t = await startTestApp({ clock });
    finance = t.token('finance-officer', 'finance-1');
    officer = t.token('enrollment-officer', 'officer-1');
    roster = generateRoster({ rows: ROSTER_ROWS, seed: 11 });
    const { importId } = (
      await t.http
        .post('/api/members/imports')
        .set('Authorization', `Bearer ${officer}`)
        .set('Content-Type', 'text/csv')
        .send(toCsv(roster.rows))
        .expect(202)
    ).body;
    for (;;) {
      const res = await t.http
        .get(`/api/members/imports/${importId}`)
        .set('Authorization', `Bearer ${officer}`)
        .expect(200);
      if (res.body.status === 'COMPLETED') {
        expect(res.body.enrolled).toBe(ROSTER_ROWS);
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }, 180_000);
  afterAll(async () => {
    await t.close();
  });
  afterEach(() => clock.set('2025-02-10T03:00:00Z'));

  it('posts a period for every member active in it: each member-month paid once, the total by the schedule', async () => {
    const januaryMembers = roster.rows.filter((r) => r.coverageStart === '2025-01-01');
    const expectedTotal = januaryMembers.reduce(
      (sum, r) =>
        sum + contributionFor(r.declaredMonthlyIncome ? Number(r.declaredMonthlyIncome) : 1_000_000).total,
      0,
    );
    const started = Date.now();
    const res = await pay({ period: '2025-01', paidOn: '2025-01-10', reference: 'BSB-2025-01-ALL' }).expect(
      201,
    );
    const seconds = (Date.now() - started) / 1000;
    expect(res.body).toEqual({
      paymentId: expect.any(String),
      period: '2025-01',
      membersCovered: januaryMembers.length,
      alreadyPaid: 0,
      notActive: 0,
      totalAmount: expectedTotal,
      status: 'ALLOCATED',
    });
    console.log(
      `posting 2025-01 for ${januaryMembers.length} members on PostgreSQL: ${seconds.toFixed(1)} s`,
    );

    const got = await t.http
      .get(`/api/contribution-payments/${res.body.paymentId}`)
      .set('Authorization', `Bearer ${t.token('auditor')}`)
      .expect(200);
    expect(got.body).toMatchObject({
      ...res.body,
      paidOn: '2025-01-10',
      reference: 'BSB-2025-01-ALL',
      members: januaryMembers.length,
    });

    await t.settle();
    const [one] = (
      await t.http
        .get(`/api/members?nik=${januaryMembers[0].nik}`)
        .set('Authorization', `Bearer ${finance}`)
        .expect(200)
    ).body.items;
    expect(one).toMatchObject({
      paidMonths: ['2025-01'],
      contributionMonths: 1,
      status: 'ACTIVE',
      version: 2,
    });
    const [later] = (
      await t.http
        .get(`/api/members?nik=${roster.rows.find((r) => r.coverageStart > '2025-01-01')!.nik}`)
        .set('Authorization', `Bearer ${finance}`)
    ).body.items;
    expect(later.paidMonths).toEqual([]);

    // Re-posting the month changes nothing and is reported.
    const again = await pay({
      period: '2025-01',
      paidOn: '2025-01-20',
      reference: 'BSB-2025-01-AGAIN',
    }).expect(201);
    expect(again.body).toMatchObject({
      membersCovered: 0,
      alreadyPaid: januaryMembers.length,
      totalAmount: 0,
    });
    expect((await member(one.memberId)).version).toBe(2);
  }, 120_000);

  it('a reference used before is a 409 naming the payment', async () => {
    const memberId = await enroll(person());
    const first = await pay({
      period: '2025-02',
      paidOn: '2025-02-05',
      reference: 'BSB-REF-1',
      memberIds: [memberId],
    }).expect(201);
    const reused = await pay({
      period: '2025-03',
      paidOn: '2025-02-05',
      reference: ' BSB-REF-1 ',
      memberIds: [memberId],
    }).expect(409);
    expect(reused.body).toMatchObject({ code: 'REFERENCE_ALREADY_USED', paymentId: first.body.paymentId });
    expect((await member(memberId)).paidMonths).toEqual(['2025-02']);
  });

  it('unknown member ids are a 400 listing them, and nothing is posted', async () => {
    const memberId = await enroll(person());
    const ghost = randomUUID();
    const res = await pay({
      period: '2025-02',
      paidOn: '2025-02-05',
      reference: 'BSB-GHOST',
      memberIds: [memberId, ghost],
    }).expect(400);
    expect(res.body.unknownMemberIds).toEqual([ghost]);
    expect(res.body.errors).toEqual([{ field: 'memberIds', message: `unknown member ids: ${ghost}` }]);
    expect((await member(memberId)).version).toBe(1);
    expect(await t.store.readStream(paymentReferenceStreamId('BSB-GHOST'))).toEqual([]);
    await pay({
      period: '2025-02',
      paidOn: '2025-02-05',
      reference: 'BSB-GHOST',
      memberIds: [memberId],
    }).expect(201);
  });

  it('field-level 400s, 403 for a wrong role, and an Idempotency-Key replay posts once', async () => {
    const bad = await pay({ period: '2025-13', paidOn: '2025-02-30', reference: '', extra: 1 }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'extra',
      'paidOn',
      'period',
      'reference',
    ]);
    await pay({ period: '2025-02', paidOn: '2025-02-05', reference: 'BSB-ROLE' }, officer).expect(403);

    const memberId = await enroll(person());
    const key = randomUUID();
    const body = { period: '2025-02', paidOn: '2025-02-05', reference: 'BSB-IDEM', memberIds: [memberId] };
    const first = await pay(body).set('Idempotency-Key', key).expect(201);
    const replay = await pay(body).set('Idempotency-Key', key).expect(201);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect((await member(memberId)).version).toBe(2);
  });

  it('advance and late payments; a lapse by payment dates is not revived; re-enrollment starts from zero', async () => {
    const memberId = await enroll(person());
    await pay({
      period: '2025-01',
      paidOn: '2025-01-10',
      reference: 'BSB-L-01',
      memberIds: [memberId],
    }).expect(201);
    // Paid in advance for April on 02-10: counts as paid, not yet a contribution month.
    await pay({
      period: '2025-04',
      paidOn: '2025-02-10',
      reference: 'BSB-L-04',
      memberIds: [memberId],
    }).expect(201);
    expect(await member(memberId)).toMatchObject({
      paidMonths: ['2025-01', '2025-04'],
      contributionMonths: 1,
      status: 'ACTIVE',
    });

    // February and March unpaid, April paid in advance: no three unpaid months before 2025-08-01.
    clock.set('2025-07-31T10:00:00Z');
    expect(await member(memberId)).toMatchObject({ status: 'ACTIVE', contributionMonths: 2 });
    clock.set('2025-08-01T10:00:00Z');
    expect(await member(memberId)).toMatchObject({ status: 'LAPSED', lapsedOn: '2025-08-01' });

    // A late payment for May dated after the lapse is accepted (May is before the lapse month)
    // and does not revive the membership.
    const late = await pay({
      period: '2025-05',
      paidOn: '2025-08-02',
      reference: 'BSB-L-05',
      memberIds: [memberId],
    }).expect(201);
    expect(late.body).toMatchObject({ membersCovered: 1 });
    const afterLate = await member(memberId);
    expect(afterLate).toMatchObject({
      status: 'LAPSED',
      lapsedOn: '2025-08-01',
      paidMonths: ['2025-01', '2025-04', '2025-05'],
    });
    // The lapse month itself is no longer payable.
    const aug = await pay({
      period: '2025-08',
      paidOn: '2025-08-02',
      reference: 'BSB-L-08',
      memberIds: [memberId],
    }).expect(201);
    expect(aug.body).toMatchObject({ membersCovered: 0, notActive: 1 });

    const { nik } = afterLate;
    const res = await t.http
      .post('/api/members')
      .set('Authorization', `Bearer ${officer}`)
      .send(person({ nik, coverageStart: '2025-09-01' }))
      .expect(201);
    expect(res.body).toEqual({ memberId, nik, status: 'ACTIVE' });
    expect(await member(memberId)).toMatchObject({
      status: 'ACTIVE',
      paidMonths: [],
      contributionMonths: 0,
      coverageStart: '2025-09-01',
    });
  });

  it('an allocation interrupted midway is finished, on demand and at start, paying each member-month once', async () => {
    const members = [await enroll(person()), await enroll(person()), await enroll(person())];
    const ctx = { actor: 'finance-1', correlationId: 'crashed-payment' };
    const crashed = async (reference: string) => {
      const paymentId = randomUUID();
      await t.store.appendMany(
        [
          {
            streamId: paymentReferenceStreamId(reference),
            events: [{ type: 'PaymentReferenceReserved', data: { paymentId } }],
            expected: 'no_stream',
          },
          {
            streamId: paymentStreamId(paymentId),
            events: [
              {
                type: 'ContributionPaymentRecorded',
                data: {
                  paymentId,
                  period: '2025-02',
                  paidOn: '2025-02-03',
                  reference,
                  memberIds: members,
                  recordedBy: 'finance-1',
                },
              },
            ],
            expected: 'no_stream',
          },
        ],
        ctx,
      );
      return paymentId;
    };

    // Died after paying the first member's month.
    const paymentId = await crashed('BSB-CRASH-1');
    await t.store.append(
      memberStreamId(members[0]),
      [
        {
          id: contributionMonthEventId(paymentId, members[0], '2025-02'),
          type: 'ContributionMonthPaid',
          data: {
            memberId: members[0],
            period: '2025-02',
            paidOn: '2025-02-03',
            paymentId,
            membershipNo: 1,
            amount: 16_800,
            jkk: 10_000,
            jkm: 6_800,
          },
        },
      ],
      0,
      ctx,
    );
    const finished = await t.http
      .post(`/api/contribution-payments/${paymentId}/allocation`)
      .set('Authorization', `Bearer ${finance}`)
      .expect(200);
    expect(finished.body).toMatchObject({
      status: 'ALLOCATED',
      membersCovered: 3,
      alreadyPaid: 0,
      totalAmount: 3 * 16_800,
    });
    for (const id of members) {
      const paid = (await t.store.readStream(memberStreamId(id))).filter(
        (e) => e.type === 'ContributionMonthPaid',
      );
      expect(paid).toHaveLength(1);
    }
    await t.http
      .post(`/api/contribution-payments/${paymentId}/allocation`)
      .set('Authorization', `Bearer ${finance}`)
      .expect(200);
    expect((await t.store.readStream(paymentStreamId(paymentId))).map((e) => e.type)).toEqual([
      'ContributionPaymentRecorded',
      'ContributionPaymentAllocated',
    ]);

    // Died before allocating anything: the sweep a starting service runs finishes it.
    const second = await crashed('BSB-CRASH-2');
    await t.app.get(ContributionAllocator).finishIncomplete();
    const view = await t.http
      .get(`/api/contribution-payments/${second}`)
      .set('Authorization', `Bearer ${finance}`)
      .expect(200);
    expect(view.body).toMatchObject({
      status: 'ALLOCATED',
      membersCovered: 0,
      alreadyPaid: 3,
      alreadyPaidMemberIds: members,
    });
  });
});
