import { Heir } from '@app/domain/members';
import { IsoMonth } from '@app/domain/shared';
import { Role } from '@app/platform';
import { startTestApp, TestApp } from './support/app';
import { seedMember as seedMemberIn } from './support/seed-member';
import { MovableClock, waitFor } from './payouts.support';

/**
 * The JKK/JKM package over real HTTP (docs/benefit-rules.md): transport, home care and
 * rehabilitation aids with their per-accident limits, the work relation of an accident, sudden
 * death at work, the late penalty on cash benefits only, and the schedule before PP 82/2019.
 * "Today" is Monday 2026-03-16 in Asia/Jakarta unless a test moves the clock; 19 and 20 March
 * are public holidays.
 */

const START = '2026-03-16T03:00:00.000Z'; // 10:00 in Jakarta
const SPOUSE = { fullName: 'Siti Aminah', relationship: 'SPOUSE' as const };
const FAMILY: Heir[] = [{ heirId: 'h-spouse', ...SPOUSE }];

const who = {
  ani: { roles: ['adjudicator'], sub: 'adj-ani' },
  budi: { roles: ['adjudicator'], sub: 'adj-budi' },
  sari: { roles: ['supervisor'], sub: 'sup-sari' },
  finance: { roles: ['finance-officer'], sub: 'fin-rina' },
} satisfies Record<string, { roles: Role[]; sub: string }>;
type Person = keyof typeof who;

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
const submit = (body: object) => post('ani', '/api/claims', body);
const seedMember = (o: { since?: IsoMonth; income?: number } = {}) =>
  seedMemberIn(t.store, { heirs: FAMILY, paidThrough: '2026-12', ...o });

type View = {
  claimId: string;
  dueBy?: string;
  assessment: {
    eligible: boolean;
    total: number;
    reasons: { code: string; message: string }[];
    lines: { code: string; amount: number; basis: string; payee: object }[];
  };
};
const submitted = async (body: object): Promise<View> => (await submit(body).expect(201)).body as View;
const codes = (v: View) => v.assessment.reasons.map((r) => r.code);

const ACCIDENT = '2026-03-02';
const transport = (memberId: string, mode: string, amount: number, o: object = {}) => ({
  memberId,
  benefit: 'JKK_TRANSPORT',
  incidentDate: ACCIDENT,
  mode,
  amount,
  ...o,
});
const homeCare = (memberId: string, o: object = {}) => ({
  memberId,
  benefit: 'JKK_HOME_CARE',
  incidentDate: ACCIDENT,
  provider: 'Klinik Rawat Rumah Sekayu',
  invoiceAmount: 8_000_000,
  careFrom: '2026-03-03',
  careTo: '2026-03-12',
  ...o,
});
const aid = (memberId: string, kind: string, price: number, o: object = {}) => ({
  memberId,
  benefit: 'JKK_REHABILITATION_AID',
  incidentDate: ACCIDENT,
  aid: kind,
  provider: 'Loka Rehabilitasi Palembang',
  price,
  ...o,
});
const medical = (memberId: string, o: object = {}) => ({
  memberId,
  benefit: 'JKK_MEDICAL',
  incidentDate: ACCIDENT,
  workRelation: 'CONFIRMED',
  provider: 'RSUD Sekayu',
  invoiceAmount: 7_500_000,
  ...o,
});
const incapacity = (memberId: string, o: object = {}) => ({
  memberId,
  benefit: 'JKK_TEMPORARY_INCAPACITY',
  incidentDate: ACCIDENT,
  incapacityFrom: ACCIDENT,
  incapacityTo: '2026-03-11',
  ...o,
});
const jkkDeath = (memberId: string, o: object = {}) => ({
  memberId,
  benefit: 'JKK_DEATH',
  incidentDate: ACCIDENT,
  dateOfDeath: ACCIDENT,
  claimant: SPOUSE,
  ...o,
});

describe('JKK_TRANSPORT: the cost to the member, per accident land/river/lake together Rp 5,000,000, sea Rp 2,000,000, air Rp 10,000,000', () => {
  it('a claim finds what remains of its limit and is capped at it (the basis says so); nothing left is BENEFIT_CAP_REACHED; rejected claims never count', async () => {
    const memberId = await seedMember();
    const river = await submitted(transport(memberId, 'RIVER', 3_000_000));
    expect(river.assessment).toMatchObject({
      eligible: true,
      total: 3_000_000,
      lines: [{ code: 'TRANSPORT', amount: 3_000_000, payee: { kind: 'MEMBER', name: 'Ahmad Fauzi' } }],
    });

    const land = await submitted(transport(memberId, 'LAND', 4_000_000));
    expect(land.assessment.total).toBe(2_000_000);
    expect(land.assessment.lines[0].basis).toMatch(/capped at Rp 2,000,000 remaining of Rp 5,000,000/);

    const lake = await submitted(transport(memberId, 'LAKE', 500_000));
    expect(lake.assessment.eligible).toBe(false);
    expect(codes(lake)).toEqual(['BENEFIT_CAP_REACHED']);

    // Sea and air have limits of their own.
    expect((await submitted(transport(memberId, 'SEA', 3_000_000))).assessment.total).toBe(2_000_000);
    expect((await submitted(transport(memberId, 'AIR', 12_000_000))).assessment.total).toBe(10_000_000);

    // Another accident of the member has a limit of its own.
    const other = await submitted(transport(memberId, 'RIVER', 5_000_000, { incidentDate: '2026-01-05' }));
    expect(other.assessment.total).toBe(5_000_000);

    // A rejected claim frees its share: the next claim of the accident finds it.
    await post('budi', `/api/claims/${land.claimId}/reject`, {
      reasonCode: 'INSUFFICIENT_EVIDENCE',
      note: 'no ticket',
    }).expect(200);
    expect((await submitted(transport(memberId, 'LAKE', 2_500_000))).assessment.total).toBe(2_000_000);
  });

  it('the request is checked: mode and amount are required; its fields are refused on other benefits (400)', async () => {
    const memberId = await seedMember();
    const bad = await submit({ memberId, benefit: 'JKK_TRANSPORT', incidentDate: ACCIDENT }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['amount', 'mode']);
    await submit(transport(memberId, 'BOAT', 1_000)).expect(400);
    const foreign = await submit(medical(memberId, { mode: 'LAND' })).expect(400);
    expect(foreign.body.errors).toEqual([expect.objectContaining({ field: 'mode' })]);
  });
});

describe('JKK_HOME_CARE: the invoice to the provider, at most Rp 20,000,000 per accident, for care days within 1 year of the first home-care day', () => {
  it('capped at what remains of the 20m; care after the year is prorated, then BENEFIT_CAP_REACHED', async () => {
    const memberId = await seedMember();
    const first = await submitted(homeCare(memberId, { invoiceAmount: 15_000_000 }));
    expect(first.assessment.lines).toEqual([
      expect.objectContaining({
        code: 'HOME_CARE',
        amount: 15_000_000,
        payee: { kind: 'PROVIDER', name: 'Klinik Rawat Rumah Sekayu' },
      }),
    ]);
    const second = await submitted(homeCare(memberId, { careFrom: '2026-03-13', careTo: '2026-03-14' }));
    expect(second.assessment.total).toBe(5_000_000);
    expect(second.assessment.lines[0].basis).toMatch(/capped at Rp 5,000,000 remaining of Rp 20,000,000/);
    expect(
      codes(await submitted(homeCare(memberId, { careFrom: '2026-03-15', careTo: '2026-03-15' }))),
    ).toEqual(['BENEFIT_CAP_REACHED']);

    // An accident a year ago: the window ends the day before the first home-care day's anniversary.
    const old = { incidentDate: '2025-03-10' };
    await submitted(
      homeCare(memberId, { ...old, careFrom: '2025-03-11', careTo: '2025-03-12', invoiceAmount: 1_000_000 }),
    );
    const straddling = await submitted(
      homeCare(memberId, { ...old, careFrom: '2026-03-06', careTo: '2026-03-15', invoiceAmount: 1_000_000 }),
    );
    expect(straddling.assessment.total).toBe(500_000); // 5 of 10 days, to 2026-03-10
    const after = await submitted(
      homeCare(memberId, { ...old, careFrom: '2026-03-11', careTo: '2026-03-12' }),
    );
    expect(codes(after)).toEqual(['BENEFIT_CAP_REACHED']);
  });
});

describe('JKK_REHABILITATION_AID: prosthesis and orthosis at the centre price + 40%; dentures 5m, hearing aid 2.5m, glasses 1m per accident; to the provider', () => {
  it('pays each aid by its rule', async () => {
    const memberId = await seedMember();
    const prosthesis = await submitted(aid(memberId, 'PROSTHESIS', 10_000_000));
    expect(prosthesis.assessment.lines).toEqual([
      expect.objectContaining({
        code: 'REHABILITATION_AID',
        amount: 14_000_000,
        payee: { kind: 'PROVIDER', name: 'Loka Rehabilitasi Palembang' },
      }),
    ]);
    expect((await submitted(aid(memberId, 'ORTHOSIS', 1_000_000))).assessment.total).toBe(1_400_000);
    expect((await submitted(aid(memberId, 'DENTURES', 6_000_000))).assessment.total).toBe(5_000_000);
    expect((await submitted(aid(memberId, 'HEARING_AID', 3_000_000))).assessment.total).toBe(2_500_000);
    expect((await submitted(aid(memberId, 'GLASSES', 600_000))).assessment.total).toBe(600_000);
    expect((await submitted(aid(memberId, 'GLASSES', 600_000))).assessment.total).toBe(400_000);
    expect(codes(await submitted(aid(memberId, 'GLASSES', 600_000)))).toEqual(['BENEFIT_CAP_REACHED']);
  });
});

describe('WORK_RELATION_PENDING: a non-medical JKK benefit of a suspected accident waits for the decision, which applies to every claim of the accident', () => {
  it('pending (never NOT_WORK_RELATED) until decided; medical and home care are covered meanwhile; the decision on one claim applies to all', async () => {
    const memberId = await seedMember();
    const med = await submitted(medical(memberId, { workRelation: 'SUSPECTED' }));
    expect(med.assessment.eligible).toBe(true);
    expect((await submitted(homeCare(memberId, { workRelation: 'SUSPECTED' }))).assessment.eligible).toBe(
      true,
    );
    const ti = await submitted(incapacity(memberId, { workRelation: 'SUSPECTED' }));
    expect(codes(ti)).toEqual(['WORK_RELATION_PENDING']);
    expect(ti.assessment.reasons[0].message).toMatch(/only suspected/);
    // Its own request says nothing, but its accident is suspected.
    const tr = await submitted(transport(memberId, 'RIVER', 1_000_000));
    expect(codes(tr)).toEqual(['WORK_RELATION_PENDING']);

    await post('budi', `/api/claims/${med.claimId}/work-relation`, { decision: 'CONFIRMED' }).expect(200);
    // Any later assessment of the accident's claims reads the decision.
    expect((await submitted(aid(memberId, 'GLASSES', 500_000))).assessment.eligible).toBe(true);
    const reassessed = await post('budi', `/api/claims/${ti.claimId}/documents`, {
      documents: [{ name: 'doctor letter', reference: 'DOC-1' }],
    }).expect(200);
    expect(reassessed.body.assessment).toMatchObject({ eligible: true, total: 333_333 });
    // The accident is decided: not a second time on another of its claims.
    const again = await post('budi', `/api/claims/${ti.claimId}/work-relation`, {
      decision: 'NOT_WORK_RELATED',
    }).expect(422);
    expect(again.body.code).toBe('WORK_RELATION_ALREADY_DECIDED');
  });

  it('NOT_WORK_RELATED comes from a decision, which may be given on any claim of the suspected accident', async () => {
    const memberId = await seedMember();
    await submitted(medical(memberId, { workRelation: 'SUSPECTED' }));
    const ti = await submitted(incapacity(memberId));
    expect(codes(ti)).toEqual(['WORK_RELATION_PENDING']);
    const decided = await post('budi', `/api/claims/${ti.claimId}/work-relation`, {
      decision: 'NOT_WORK_RELATED',
    }).expect(200);
    expect(decided.body.assessment.reasons.map((r: { code: string }) => r.code)).toEqual([
      'NOT_WORK_RELATED',
    ]);
    expect(codes(await submitted(transport(memberId, 'LAND', 100_000)))).toEqual(['NOT_WORK_RELATED']);
  });
});

describe('suddenDeathAtWork: true on JKK_DEATH is itself the determination that the death is a work accident', () => {
  it('paid as JKK (Rp 70,000,000 at Rp 1,000,000), never WORK_RELATION_PENDING, even with workRelation SUSPECTED', async () => {
    const memberId = await seedMember();
    const sudden = await submitted(
      jkkDeath(memberId, { workRelation: 'SUSPECTED', suddenDeathAtWork: true }),
    );
    expect(sudden.assessment).toMatchObject({ eligible: true, total: 70_000_000, reasons: [] });
    const view = (await get('ani', `/api/claims/${sudden.claimId}`).expect(200)).body;
    expect(view.workRelation).toBeUndefined();

    const other = await seedMember();
    const suspected = await submitted(jkkDeath(other, { workRelation: 'SUSPECTED' }));
    expect(codes(suspected)).toEqual(['WORK_RELATION_PENDING']);
    await submit(jkkDeath(other, { suddenDeathAtWork: 'yes' })).expect(400);
  });
});

describe('DUPLICATE_CLAIM: a pending death claim counts; a second death claim waits until the first is rejected', () => {
  it('the second death claim is DUPLICATE_CLAIM while the first is pending, and eligible once it is rejected', async () => {
    const memberId = await seedMember();
    const first = await submitted(jkkDeath(memberId));
    expect(first.assessment.eligible).toBe(true);
    const jkm = { memberId, benefit: 'JKM_DEATH', incidentDate: ACCIDENT, claimant: SPOUSE };
    const second = await submitted(jkm);
    expect(codes(second)).toEqual(['DUPLICATE_CLAIM']);
    expect(second.assessment.reasons[0].message).toContain(first.claimId);
    await post('budi', `/api/claims/${first.claimId}/reject`, {
      reasonCode: 'NOT_WORK_RELATED',
      note: 'at home',
    }).expect(200);
    const reassessed = await post('budi', `/api/claims/${second.claimId}/documents`, {
      documents: [{ name: 'death certificate', reference: 'AKTA-1' }],
    }).expect(200);
    expect(reassessed.body.assessment).toMatchObject({ eligible: true, total: 42_000_000 });
  });
});

describe('late penalty: on cash benefits only, to the beneficiary, at the schedule rate, 7 working days from the day the service received the claim', () => {
  const paidPayout = (id: string) =>
    waitFor(async () => {
      const r = await get('finance', `/api/payouts/${id}`);
      return r.status === 200 && r.body.status === 'PAID' ? r.body : undefined;
    }, `payout ${id} PAID`);

  it('received 16 March (reportedOn 2 February), due 27 March, paid 1 April: the member is owed 1% × 5 days; the provider nothing', async () => {
    const memberId = await seedMember();
    const cash = await submitted(
      transport(memberId, 'RIVER', 3_000_000, { incidentDate: '2026-01-20', reportedOn: '2026-02-02' }),
    );
    expect(cash.dueBy).toBe('2026-03-27'); // never 7 working days from reportedOn
    const care = await submitted(medical(memberId, { incidentDate: '2026-01-05', reportedOn: '2026-02-02' }));
    expect(care.dueBy).toBe('2026-03-27');

    clock.set('2026-04-01T03:00:00.000Z');
    const cashPayout = (await post('budi', `/api/claims/${cash.claimId}/approve`).expect(200)).body
      .payouts[0];
    const carePayout = (await post('budi', `/api/claims/${care.claimId}/approve`).expect(200)).body
      .payouts[0];

    const penalty = await paidPayout(`${cashPayout.payoutId}-late-penalty`);
    expect(penalty).toMatchObject({
      kind: 'LATE_PENALTY',
      payee: { kind: 'MEMBER', name: 'Ahmad Fauzi' },
      amount: 150_000, // 3,000,000 × 1% (the schedule's rate) × 5 days late
    });
    const paidCare = await paidPayout(carePayout.payoutId);
    expect(paidCare).toMatchObject({ payee: { kind: 'PROVIDER', name: 'RSUD Sekayu' } });
    expect(paidCare.latePenalty).toBeUndefined();
    const claim = await waitFor(async () => {
      const r = await get('ani', `/api/claims/${care.claimId}`);
      return r.body.status === 'PAID' ? r.body : undefined;
    }, 'the medical claim PAID');
    expect(claim.payouts).toHaveLength(1);
    expect((await get('finance', `/api/payouts/${carePayout.payoutId}-late-penalty`)).status).toBe(404);
  });

  it('a claim waiting for documents is due 7 working days from the day its last requested document arrived', async () => {
    const memberId = await seedMember();
    const claim = await submitted(transport(memberId, 'LAND', 1_000_000));
    await post('budi', `/api/claims/${claim.claimId}/request-documents`, { documents: ['ticket'] }).expect(
      200,
    );
    clock.set('2026-03-23T03:00:00.000Z');
    const complete = await post('budi', `/api/claims/${claim.claimId}/documents`, {
      documents: [{ name: 'ticket', reference: 'T-1' }],
    }).expect(200);
    expect(complete.body.dueBy).toBe('2026-04-01');
  });
});

describe('the schedule before PP 82/2019 (incidents before 2019-12-02)', () => {
  it('JKK claims expire after 2 years; temporary incapacity 100% for 6 months, 75% for the next 6, 50% after; JKK death at least Rp 16,200,000 (the JKM death benefit of then)', async () => {
    const memberId = await seedMember({ since: '2018-01' });
    const accident = '2018-06-01';
    const ti = await submitted(
      incapacity(memberId, {
        incidentDate: accident,
        incapacityFrom: '2018-11-21',
        incapacityTo: '2019-06-10',
        reportedOn: '2019-07-01',
      }),
    );
    // 10 days at 100%, 182 days at 75%, 10 days at 50%, each × Rp 1,000,000 / 30
    expect(ti.assessment.lines.map((l) => l.amount)).toEqual([333_333, 4_550_000, 166_667]);
    expect(ti.assessment.lines.map((l) => l.basis)).toEqual([
      expect.stringMatching(/100%/),
      expect.stringMatching(/75%/),
      expect.stringMatching(/50%/),
    ]);

    const late = await submitted(medical(memberId, { incidentDate: accident, reportedOn: '2020-06-02' }));
    expect(codes(late)).toEqual(['TIME_BARRED']);
    expect(
      (await submitted(medical(memberId, { incidentDate: accident, reportedOn: '2020-06-01' }))).assessment
        .eligible,
    ).toBe(true);

    const death = await submitted(
      jkkDeath(memberId, { incidentDate: '2019-03-01', dateOfDeath: '2019-03-02', reportedOn: '2019-04-01' }),
    );
    // 48 × income is above the minimum at any income enrollment accepts; the basis names it.
    expect(death.assessment).toMatchObject({
      scheduleVersion: 'PP44-2015',
      total: 48_000_000 + 4_800_000 + 3_000_000,
    });
    expect(death.assessment.lines.find((l) => l.code === 'DEATH_BENEFIT')?.basis).toMatch(
      /max\(48 × income, Rp 16,200,000\)/,
    );
  });
});

describe('every JKK benefit accepts workRelation, CONFIRMED when absent', () => {
  it('JKK_MEDICAL without workRelation is a confirmed work accident: eligible, the invoice paid to the provider', async () => {
    const memberId = await seedMember();
    const res = await submit({
      memberId,
      benefit: 'JKK_MEDICAL',
      incidentDate: ACCIDENT,
      provider: 'RSUD Sekayu',
      invoiceAmount: 3_250_000,
    });
    expect(res.body.errors ?? res.body).toMatchObject({ status: 'ASSESSED' }); // a 400 shows its field errors
    const view = res.body as View;
    expect(view.assessment.eligible).toBe(true);
    expect(codes(view)).not.toContain('WORK_RELATION_PENDING');
    expect(view.assessment.lines.map((l) => [l.code, l.amount])).toEqual([['MEDICAL_CARE', 3_250_000]]);
  });
});
