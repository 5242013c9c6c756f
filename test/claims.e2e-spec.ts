import { randomUUID } from 'node:crypto';
import { Heir, MemberEvent, memberDecider } from '@app/domain/members';
import { fold, IsoMonth } from '@app/domain/shared';
import { Clock, Role } from '@app/platform';
import { ClaimPayoutRecorder } from '@app/features/claims';
import { startTestApp, TestApp } from './support/app';
import { seedMember as seedMemberIn } from './support/seed-member';
import { givenWhenThen } from './support/given-when-then';

/**
 * Claims adjudication over real HTTP with real stores: submit and assess, four eyes,
 * reject, documents, work relation, the 412 race and 422s, death happens once, scholarships, the
 * worklist. "Today" is Monday 2026-03-16 in Asia/Jakarta; 19 and 20 March are public holidays.
 */

/** A fixed day whose instants still move forward, so submissions have an order. */
class SteppingClock extends Clock {
  private ms = Date.parse('2026-03-16T03:00:00.000Z'); // 10:00 in Jakarta
  now(): Date {
    this.ms += 1000;
    return new Date(this.ms);
  }
}

const TODAY = '2026-03-16';
const DUE_BY = '2026-03-27'; // 7 working days, skipping the weekend and 19-20 March

const SPOUSE = { fullName: 'Siti Aminah', relationship: 'SPOUSE' as const };
const CHILDREN = [
  { fullName: 'Rahmat Fauzi', birthDate: '2015-03-10' },
  { fullName: 'Dewi Lestari', birthDate: '2017-08-21' },
  { fullName: 'Putri Ayu', birthDate: '2019-01-05' },
];
const FAMILY: Heir[] = [
  { heirId: 'h-spouse', ...SPOUSE },
  ...CHILDREN.map((c, i) => ({ heirId: `h-child-${i}`, relationship: 'CHILD' as const, ...c })),
];

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ clock: new SteppingClock(), env: { HOLIDAYS: '2026-03-19,2026-03-20' } });
});
afterAll(async () => {
  await t?.close();
});

const who = {
  ani: { roles: ['adjudicator'], sub: 'adj-ani' },
  budi: { roles: ['adjudicator'], sub: 'adj-budi' },
  citra: { roles: ['adjudicator'], sub: 'adj-citra' },
  sari: { roles: ['supervisor'], sub: 'sup-sari' },
  dewi: { roles: ['adjudicator', 'supervisor'], sub: 'sup-dewi' },
  auditor: { roles: ['auditor'], sub: 'aud-eko' },
  officer: { roles: ['enrollment-officer'], sub: 'enr-fajar' },
} satisfies Record<string, { roles: Role[]; sub: string }>;
type Person = keyof typeof who;

const bearer = (p: Person) => `Bearer ${t.token(who[p].roles, who[p].sub)}`;
const post = (p: Person, path: string, body: object = {}, ifMatch?: string) => {
  const r = t.http.post(path).set('Authorization', bearer(p)).send(body);
  return ifMatch ? r.set('If-Match', ifMatch) : r;
};
const get = (p: Person, path: string) => t.http.get(path).set('Authorization', bearer(p));
const submit = (body: object, p: Person = 'ani') => post(p, '/api/claims', body);
const approve = (p: Person, id: string, ifMatch?: string) =>
  post(p, `/api/claims/${id}/approve`, {}, ifMatch);

/** Members are seeded through the member decider (see test/support/seed-member.ts). */
const seedMember = (o: { heirs?: Heir[]; income?: number; paidThrough?: IsoMonth } = {}) =>
  seedMemberIn(t.store, { ...o, heirs: o.heirs ?? FAMILY });

const medical = (memberId: string, o: object = {}) => ({
  memberId,
  benefit: 'JKK_MEDICAL',
  incidentDate: '2026-03-02',
  workRelation: 'CONFIRMED',
  provider: 'RSUD Sekayu',
  invoiceAmount: 7_500_000,
  ...o,
});
const jkkDeath = (memberId: string, o: object = {}) => ({
  memberId,
  benefit: 'JKK_DEATH',
  incidentDate: '2026-02-10',
  dateOfDeath: '2026-02-12',
  claimant: SPOUSE,
  ...o,
});
const jkmDeath = (memberId: string, o: object = {}) => ({
  memberId,
  benefit: 'JKM_DEATH',
  incidentDate: '2026-02-12',
  claimant: SPOUSE,
  ...o,
});
const scholarship = (memberId: string, basisClaimId: string, child = CHILDREN[0], o: object = {}) => ({
  memberId,
  benefit: 'SCHOLARSHIP',
  basisClaimId,
  child,
  level: 'SD',
  academicYear: '2025/2026',
  claimant: SPOUSE,
  ...o,
});
const reasonCodes = (body: { assessment: { reasons: { code: string }[] } }) =>
  body.assessment.reasons.map((r) => r.code);

describe('submit and assess', () => {
  it('201 with the assessment: lines, amounts, payee, basis, schedule version, due date, ETag', async () => {
    const memberId = await seedMember();
    const res = await submit(medical(memberId)).expect(201);
    expect(res.headers.etag).toBe('"2"');
    expect(res.headers.location).toBe(`/api/claims/${res.body.claimId}`);
    expect(res.body).toMatchObject({
      memberId,
      benefit: 'JKK_MEDICAL',
      status: 'ASSESSED',
      incidentDate: '2026-03-02',
      reportedOn: TODAY, // defaults to today in Asia/Jakarta
      assessment: {
        eligible: true,
        reasons: [],
        lines: [
          {
            code: 'MEDICAL_CARE',
            amount: 7_500_000,
            payee: { kind: 'PROVIDER', name: 'RSUD Sekayu' },
            basis: expect.stringContaining('no cap'),
          },
        ],
        total: 7_500_000,
        scheduleVersion: 'PP82-2019',
      },
      approvals: [],
      payouts: [],
      completeOn: TODAY,
      dueBy: DUE_BY,
      submittedBy: 'adj-ani',
      version: 2,
    });
    expect(res.body.decision).toBeUndefined();

    const read = await get('auditor', `/api/claims/${res.body.claimId}`).expect(200);
    expect(read.headers.etag).toBe('"2"');
    expect(read.body).toEqual(res.body);
  });

  it('the schedule in force on the incident date: PP 44/2015 before 2019-12-02', async () => {
    const memberId = await seedMember();
    const res = await submit(
      jkmDeath(memberId, { incidentDate: '2019-11-20', reportedOn: '2019-12-10' }),
    ).expect(201);
    // Before coverage began on 2020-01-01, so not covered; still named with the old schedule.
    expect(res.body.assessment).toMatchObject({
      eligible: false,
      scheduleVersion: 'PP44-2015',
      lines: [],
      total: 0,
    });
    expect(reasonCodes(res.body)).toContain('NOT_COVERED');
  });

  it('a member with no heir: only the funeral is payable, to the organiser, with NO_HEIR', async () => {
    const memberId = await seedMember({ heirs: [] });
    const res = await submit(
      jkmDeath(memberId, { claimant: { fullName: 'Pak RT Joko', relationship: 'FUNERAL_ORGANISER' } }),
    ).expect(201);
    expect(res.body.assessment).toMatchObject({
      eligible: true,
      total: 10_000_000,
      lines: [
        { code: 'FUNERAL', amount: 10_000_000, payee: { kind: 'FUNERAL_ORGANISER', name: 'Pak RT Joko' } },
      ],
    });
    expect(reasonCodes(res.body)).toEqual(['NO_HEIR']);
  });

  it('an Idempotency-Key retry returns the first claim and lodges nothing twice', async () => {
    const memberId = await seedMember();
    const key = randomUUID();
    const first = await submit(medical(memberId)).set('Idempotency-Key', key).expect(201);
    const again = await submit(medical(memberId)).set('Idempotency-Key', key).expect(201);
    expect(again.body.claimId).toBe(first.body.claimId);
    expect(await t.store.readStream(`memberClaims-${memberId}`)).toHaveLength(1);
  });
});

describe('four eyes', () => {
  it('below Rp 50,000,000 one approval decides; never by the submitter', async () => {
    const memberId = await seedMember();
    const { body: claim } = await submit(medical(memberId)).expect(201);
    const own = await approve('ani', claim.claimId).expect(403);
    expect(own.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(own.body.code).toBe('FOUR_EYES');

    const res = await approve('budi', claim.claimId, '"2"').expect(200);
    expect(res.headers.etag).toBe('"3"');
    expect(res.body).toMatchObject({
      status: 'APPROVED',
      approvals: [{ by: 'adj-budi', role: 'adjudicator', at: expect.any(String) }],
      decision: { outcome: 'APPROVED', by: 'adj-budi' },
      payouts: [
        {
          payoutId: expect.any(String),
          amount: 7_500_000,
          payee: { kind: 'PROVIDER', name: 'RSUD Sekayu' },
          status: 'QUEUED',
        },
      ],
      version: 3,
    });
  });

  it('Rp 50,000,000 or more: AWAITING_SECOND_APPROVAL, then a different supervisor', async () => {
    const memberId = await seedMember();
    const { body: claim } = await submit(jkkDeath(memberId)).expect(201);
    // JKK death at Rp 1,000,000: 48 × income + funeral + periodic benefit.
    expect(claim.assessment.total).toBe(70_000_000);
    expect(claim.assessment.lines.map((l: { code: string; amount: number }) => [l.code, l.amount])).toEqual(
      expect.arrayContaining([
        ['DEATH_BENEFIT', 48_000_000],
        ['FUNERAL', 10_000_000],
        ['PERIODIC_BENEFIT', 12_000_000],
      ]),
    );

    const first = await approve('dewi', claim.claimId).expect(200);
    expect(first.body).toMatchObject({
      status: 'AWAITING_SECOND_APPROVAL',
      approvals: [{ by: 'sup-dewi', role: 'adjudicator' }],
    });
    expect((await approve('dewi', claim.claimId).expect(403)).body.code).toBe('FOUR_EYES'); // both approvals
    expect((await approve('budi', claim.claimId).expect(403)).body.code).toBe('ROLE_REQUIRED'); // not a supervisor
    expect((await approve('ani', claim.claimId).expect(403)).body.code).toBe('FOUR_EYES'); // the submitter

    const second = await approve('sari', claim.claimId).expect(200);
    expect(second.body).toMatchObject({
      status: 'APPROVED',
      approvals: [
        { by: 'sup-dewi', role: 'adjudicator' },
        { by: 'sup-sari', role: 'supervisor' },
      ],
      decision: { outcome: 'APPROVED', by: 'sup-sari', role: 'supervisor' },
    });
    expect(second.body.payouts).toEqual([
      expect.objectContaining({
        amount: 70_000_000,
        payee: { kind: 'HEIR', name: 'Siti Aminah' },
        status: 'QUEUED',
      }),
    ]);
  });
});

describe('death happens once', () => {
  let memberId: string;
  let deathClaimId: string;

  beforeAll(async () => {
    memberId = await seedMember();
    const { body } = await submit(jkkDeath(memberId)).expect(201);
    deathClaimId = body.claimId;
    await approve('dewi', deathClaimId).expect(200);
    await approve('sari', deathClaimId).expect(200);
  });

  it('the approval records the member deceased from the date of death, with the approval', async () => {
    const member = await t.store.readStream(`member-${memberId}`);
    const deceased = member.filter((e) => e.type === 'MemberDeceased');
    expect(deceased).toHaveLength(1);
    expect(deceased[0].data).toEqual({ memberId, dateOfDeath: '2026-02-12', claimId: deathClaimId });
    const [approved] = (await t.store.readStream(`claim-${deathClaimId}`)).filter(
      (e) => e.type === 'ClaimApproved',
    );
    expect(deceased[0].metadata.correlationId).toBe(approved.metadata.correlationId);
  });

  it('a second death claim is DUPLICATE_CLAIM and cannot be approved (422)', async () => {
    const res = await submit(jkmDeath(memberId)).expect(201);
    expect(res.body.assessment.eligible).toBe(false);
    expect(reasonCodes(res.body)).toContain('DUPLICATE_CLAIM');
    expect((await approve('budi', res.body.claimId).expect(422)).body.code).toBe('NOT_ELIGIBLE');
  });

  it('an incident after the date of death is MEMBER_DECEASED', async () => {
    const res = await submit(medical(memberId, { incidentDate: '2026-03-01' })).expect(201);
    expect(res.body.assessment.eligible).toBe(false);
    expect(reasonCodes(res.body)).toEqual(['MEMBER_DECEASED']);
  });

  it('scholarships on the approved death: per child and year, two children at most', async () => {
    const first = await submit(scholarship(memberId, deathClaimId)).expect(201);
    expect(first.body).toMatchObject({
      benefit: 'SCHOLARSHIP',
      incidentDate: null,
      assessment: {
        eligible: true,
        total: 1_500_000,
        lines: [{ code: 'SCHOLARSHIP', amount: 1_500_000, payee: { kind: 'HEIR', name: 'Siti Aminah' } }],
      },
    });
    const again = await submit(scholarship(memberId, deathClaimId)).expect(201);
    expect(reasonCodes(again.body)).toEqual(['DUPLICATE_CLAIM']);

    const second = await submit(scholarship(memberId, deathClaimId, CHILDREN[1])).expect(201);
    expect(second.body.assessment.eligible).toBe(true);
    const third = await submit(scholarship(memberId, deathClaimId, CHILDREN[2], { level: 'TK' })).expect(201);
    expect(reasonCodes(third.body)).toEqual(['SCHOLARSHIP_CHILD_LIMIT']);

    const stranger = await submit(
      scholarship(memberId, deathClaimId, { fullName: 'Bukan Anak', birthDate: '2016-01-01' }),
    ).expect(201);
    expect(reasonCodes(stranger.body)).toContain('CLAIMANT_NOT_ENTITLED');
  });

  it('a scholarship without an approved basis is NO_ENTITLEMENT', async () => {
    const other = await seedMember();
    const res = await submit(scholarship(other, randomUUID())).expect(201);
    expect(reasonCodes(res.body)).toEqual(['NO_ENTITLEMENT']);
  });

  it('death claims submitted at once for one member: exactly one is eligible', async () => {
    const member = await seedMember();
    const submitters: Person[] = ['ani', 'budi', 'citra', 'dewi'];
    const results = await Promise.all(submitters.map((p) => submit(jkmDeath(member), p)));
    results.forEach((r) => expect(r.status).toBe(201));
    expect(results.filter((r) => r.body.assessment.eligible)).toHaveLength(1);
    for (const duplicate of results.filter((r) => !r.body.assessment.eligible))
      expect(reasonCodes(duplicate.body)).toEqual(['DUPLICATE_CLAIM']);
    expect(await t.store.readStream(`memberClaims-${member}`)).toHaveLength(submitters.length);
  });
});

describe('reject, 412 and 422', () => {
  it('reject records who, why and the reason code; a rejected claim cannot be approved (422)', async () => {
    const memberId = await seedMember();
    const { body: claim } = await submit(medical(memberId)).expect(201);
    await post('budi', `/api/claims/${claim.claimId}/reject`, { reasonCode: 'CONTRIBUTION_UNPAID' }).expect(
      400,
    );
    const res = await post('budi', `/api/claims/${claim.claimId}/reject`, {
      reasonCode: 'NOT_WORK_RELATED',
      note: 'The injury happened at home',
    }).expect(200);
    expect(res.body).toMatchObject({
      status: 'REJECTED',
      decision: {
        outcome: 'REJECTED',
        by: 'adj-budi',
        at: expect.any(String),
        reasonCode: 'NOT_WORK_RELATED',
        note: 'The injury happened at home',
      },
      version: 3,
    });
    const late = await approve('citra', claim.claimId).expect(422);
    expect(late.body).toMatchObject({ status: 422, code: 'NOT_ALLOWED_IN_STATUS' });
  });

  it('an ineligible claim is ASSESSED with eligible false and cannot be approved (422)', async () => {
    const memberId = await seedMember({ paidThrough: '2026-01' });
    const { body: claim } = await submit(medical(memberId)).expect(201);
    expect(claim).toMatchObject({ status: 'ASSESSED', assessment: { eligible: false, lines: [], total: 0 } });
    expect(reasonCodes(claim)).toEqual(['CONTRIBUTION_UNPAID']);
    expect((await approve('budi', claim.claimId).expect(422)).body.code).toBe('NOT_ELIGIBLE');
  });

  it('two approvals with the same If-Match: one 200, one 412; a stale If-Match is checked first', async () => {
    const memberId = await seedMember();
    const { body: claim } = await submit(medical(memberId)).expect(201);
    const race = await Promise.all([
      approve('budi', claim.claimId, '"2"'),
      approve('citra', claim.claimId, '"2"'),
    ]);
    expect(race.map((r) => r.status).sort()).toEqual([200, 412]);
    const refused = race.find((r) => r.status === 412)!;
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body.code).toBe('STALE_VERSION');

    // Approving an approved claim is a 422, but with a stale If-Match the 412 comes first.
    await approve('citra', claim.claimId, '"2"').expect(412);
    await approve('citra', claim.claimId).expect(422);
    await post(
      'citra',
      `/api/claims/${claim.claimId}/reject`,
      { reasonCode: 'X', note: 'late' },
      '"2"',
    ).expect(412);
  });
});

describe('documents and work relation', () => {
  it('requested documents make the claim incomplete; the last one re-assesses it with fresh context', async () => {
    const memberId = await seedMember({ paidThrough: '2026-02' });
    const { body: claim } = await submit(medical(memberId)).expect(201);
    expect(reasonCodes(claim)).toEqual(['CONTRIBUTION_UNPAID']);

    const requested = await post('budi', `/api/claims/${claim.claimId}/request-documents`, {
      documents: ['original invoice', 'proof of payment'],
    }).expect(200);
    expect(requested.body).toMatchObject({
      status: 'DOCUMENTS_REQUESTED',
      completeOn: null,
      dueBy: null,
      outstandingDocuments: ['original invoice', 'proof of payment'],
    });
    await approve('budi', claim.claimId).expect(422);

    // Meanwhile March is paid: the re-assessment sees it.
    const member = await t.store.readStream(`member-${memberId}`);
    const folded = fold(
      memberDecider,
      member.map((e) => ({ type: e.type, data: e.data }) as MemberEvent),
    );
    const payment = memberDecider.decide(
      { type: 'RecordContributionMonth', data: { period: '2026-03', paidOn: TODAY, paymentId: 'pay-late' } },
      folded,
    );
    await t.store.append(`member-${memberId}`, payment, member[member.length - 1].revision, {
      actor: 'test-seed',
      correlationId: 'seed',
    });

    const partial = await post('budi', `/api/claims/${claim.claimId}/documents`, {
      documents: [{ name: 'original invoice', reference: 'DMS-1' }],
    }).expect(200);
    expect(partial.body).toMatchObject({
      status: 'DOCUMENTS_REQUESTED',
      outstandingDocuments: ['proof of payment'],
    });

    const complete = await post(
      'budi',
      `/api/claims/${claim.claimId}/documents`,
      { documents: [{ name: 'proof of payment', reference: 'DMS-2' }] },
      `"${partial.body.version}"`,
    ).expect(200);
    expect(complete.body).toMatchObject({
      status: 'ASSESSED',
      completeOn: TODAY,
      dueBy: DUE_BY,
      outstandingDocuments: [],
      assessment: { eligible: true, total: 7_500_000, reasons: [] },
    });
    await approve('budi', claim.claimId).expect(200);
  });

  it('a suspected work accident is covered for medical care until decided NOT_WORK_RELATED', async () => {
    const memberId = await seedMember();
    const { body: claim } = await submit(medical(memberId, { workRelation: 'SUSPECTED' })).expect(201);
    expect(claim).toMatchObject({
      assessment: { eligible: true },
      workRelation: { status: 'SUSPECTED', decisionDueBy: '2026-04-15' },
      slaBreach: false,
    });
    const decided = await post('budi', `/api/claims/${claim.claimId}/work-relation`, {
      decision: 'NOT_WORK_RELATED',
    }).expect(200);
    expect(decided.body).toMatchObject({
      status: 'ASSESSED',
      workRelation: { status: 'NOT_WORK_RELATED', decidedOn: TODAY, decidedBy: 'adj-budi' },
      assessment: { eligible: false },
    });
    expect(reasonCodes(decided.body)).toEqual(['NOT_WORK_RELATED']);
    await post('budi', `/api/claims/${claim.claimId}/work-relation`, { decision: 'CONFIRMED' }).expect(422);
  });

  it('a work-relation decision on a claim that was not suspected is a 422', async () => {
    const memberId = await seedMember();
    const { body: claim } = await submit(medical(memberId)).expect(201);
    await givenWhenThen(t, {
      when: () => post('budi', `/api/claims/${claim.claimId}/work-relation`, { decision: 'CONFIRMED' }),
      then: {
        status: 422,
        body: { code: 'WORK_RELATION_NOT_SUSPECTED' },
        events: { [`claim-${claim.claimId}`]: [] },
      },
    });
  });
});

describe('the worklist', () => {
  it('oldest first, filtered by member, status and benefit, paged with a cursor', async () => {
    const memberId = await seedMember();
    const a = (await submit(medical(memberId)).expect(201)).body;
    const b = (await submit(jkkDeath(memberId)).expect(201)).body;
    const c = (
      await submit(medical(memberId, { incidentDate: '2026-03-05', invoiceAmount: 1_000_000 })).expect(201)
    ).body;
    await post('budi', `/api/claims/${c.claimId}/reject`, {
      reasonCode: 'DUPLICATE_CLAIM',
      note: 'same care as before',
    }).expect(200);
    await t.settle();

    const all = await get('auditor', `/api/claims?memberId=${memberId}`).expect(200);
    expect(all.body.items.map((i: { claimId: string }) => i.claimId)).toEqual([
      a.claimId,
      b.claimId,
      c.claimId,
    ]);
    expect(all.body.nextCursor).toBeNull();
    expect(all.body.items[2]).toMatchObject({
      status: 'REJECTED',
      version: 3,
      decision: { reasonCode: 'DUPLICATE_CLAIM' },
    });
    expect(all.body.items[1]).toMatchObject({
      benefit: 'JKK_DEATH',
      assessment: { total: 70_000_000 },
      dueBy: DUE_BY,
    });

    const assessed = await get('budi', `/api/claims?memberId=${memberId}&status=ASSESSED`).expect(200);
    expect(assessed.body.items.map((i: { claimId: string }) => i.claimId)).toEqual([a.claimId, b.claimId]);
    const medicalOnly = await get('budi', `/api/claims?memberId=${memberId}&benefit=JKK_MEDICAL`).expect(200);
    expect(medicalOnly.body.items.map((i: { claimId: string }) => i.claimId)).toEqual([a.claimId, c.claimId]);
    const several = await get(
      'budi',
      `/api/claims?memberId=${memberId}&status=REJECTED,ASSESSED&benefit=JKK_MEDICAL`,
    ).expect(200);
    expect(several.body.items).toHaveLength(2);

    const page1 = await get('budi', `/api/claims?memberId=${memberId}&limit=2`).expect(200);
    expect(page1.body.items.map((i: { claimId: string }) => i.claimId)).toEqual([a.claimId, b.claimId]);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await get(
      'budi',
      `/api/claims?memberId=${memberId}&limit=2&cursor=${page1.body.nextCursor}`,
    ).expect(200);
    expect(page2.body.items.map((i: { claimId: string }) => i.claimId)).toEqual([c.claimId]);
    expect(page2.body.nextCursor).toBeNull();
  });

  it('the whole worklist is oldest first', async () => {
    await t.settle();
    const res = await get('sari', '/api/claims?limit=500').expect(200);
    const submitted = res.body.items.map((i: { submittedAt: string }) => i.submittedAt);
    expect(submitted.length).toBeGreaterThan(10);
    expect([...submitted].sort()).toEqual(submitted);
  });

  it('bad filters are a 400', async () => {
    const status = await get('budi', '/api/claims?status=OPEN').expect(400);
    expect(status.body.errors).toEqual([{ field: 'status', message: expect.any(String) }]);
    await get('budi', '/api/claims?benefit=JKK_FUNERAL').expect(400);
    await get('budi', '/api/claims?limit=501').expect(400);
    await get('budi', '/api/claims?cursor=not-a-cursor').expect(400);
    await get('budi', '/api/claims?colour=red').expect(400);
  });
});

describe('validation, not found and roles', () => {
  let memberId: string;
  beforeAll(async () => {
    memberId = await seedMember();
  });

  const fields = (res: { body: { errors?: { field: string }[] } }) =>
    (res.body.errors ?? []).map((e) => e.field).sort();

  it('unknown fields are a 400, nested ones too', async () => {
    const res = await submit({ ...medical(memberId), colour: 'red' }).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors).toEqual([{ field: 'colour', message: 'unknown field' }]);
    const nested = await submit(jkmDeath(memberId, { claimant: { ...SPOUSE, phone: '0812' } })).expect(400);
    expect(fields(nested)).toEqual(['claimant.phone']);
  });

  it('benefit-specific fields: missing, malformed, or of another benefit', async () => {
    const missing = await submit({ memberId, benefit: 'JKK_MEDICAL', incidentDate: '2026-03-02' }).expect(
      400,
    );
    // workRelation may be absent: CONFIRMED, as for every JKK benefit (docs/api.md).
    expect(fields(missing)).toEqual(['invoiceAmount', 'provider']);
    const malformed = await submit(
      medical(memberId, { invoiceAmount: -5, incidentDate: '2026-02-30' }),
    ).expect(400);
    expect(fields(malformed)).toEqual(['incidentDate', 'invoiceAmount']);
    const foreign = await submit(jkkDeath(memberId, { invoiceAmount: 1_000 })).expect(400);
    expect(fields(foreign)).toEqual(['invoiceAmount']);
    const noClaimant = await submit(jkmDeath(memberId, { claimant: undefined })).expect(400);
    expect(fields(noClaimant)).toEqual(['claimant']);
    const impairment = await submit({
      memberId,
      benefit: 'JKK_PERMANENT_DISABILITY',
      incidentDate: '2026-01-05',
      disability: 'PARTIAL',
      impairments: [{ code: 'LEFT_LITTLE_TOE' }, { code: 'ONE_EYE', functionLossPercent: 150 }],
    }).expect(400);
    expect(fields(impairment)).toEqual(['impairments[1].functionLossPercent']);
    const unknownCode = await submit({
      memberId,
      benefit: 'JKK_PERMANENT_DISABILITY',
      incidentDate: '2026-01-05',
      disability: 'PARTIAL',
      impairments: [{ code: 'LEFT_LITTLE_TOE' }],
    }).expect(400);
    expect(fields(unknownCode)).toEqual(['impairments[0].code']);
    const future = await submit(medical(memberId, { incidentDate: '2026-04-01' })).expect(400);
    expect(fields(future)).toContain('incidentDate');
    await submit({ ...medical(memberId), benefit: 'JKK_FUNERAL' }).expect(400);
  });

  it('an unknown member is a 404, an unknown claim too', async () => {
    const res = await submit(medical(randomUUID())).expect(404);
    expect(res.body.code).toBe('MEMBER_NOT_FOUND');
    await get('auditor', `/api/claims/${randomUUID()}`).expect(404);
    await approve('budi', randomUUID()).expect(404);
  });

  it('roles: adjudicators submit and decide, any role reads', async () => {
    await submit(medical(memberId), 'auditor').expect(403);
    await submit(medical(memberId), 'sari').expect(403);
    const { body: claim } = await submit(medical(memberId)).expect(201);
    await approve('officer', claim.claimId).expect(403);
    await post('officer', `/api/claims/${claim.claimId}/reject`, { reasonCode: 'X', note: 'n' }).expect(403);
    await get('officer', `/api/claims/${claim.claimId}`).expect(200);
    await t.http.get(`/api/claims/${claim.claimId}`).expect(401);
  });
});

describe('OpenAPI', () => {
  it('documents every claims endpoint', async () => {
    const doc = await t.http.get('/docs-json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/claims',
        '/api/claims/{id}',
        '/api/claims/{id}/approve',
        '/api/claims/{id}/reject',
        '/api/claims/{id}/request-documents',
        '/api/claims/{id}/documents',
        '/api/claims/{id}/work-relation',
      ]),
    );
    expect(doc.body.components.schemas.SubmitClaimDto.properties.benefit.enum).toContain('SCHOLARSHIP');
  });
});

describe('payout results (the hook for the payout process)', () => {
  it('records payout updates on the claim; PAID once every payout is paid; redelivery is a no-op', async () => {
    const memberId = await seedMember();
    const { body: claim } = await submit(medical(memberId)).expect(201);
    const { body: approved } = await approve('budi', claim.claimId).expect(200);
    const [payout] = approved.payouts;
    const recorder = t.app.get(ClaimPayoutRecorder);
    const ctx = { actor: 'payout-worker', correlationId: payout.payoutId };
    const paid = { ...payout, status: 'PAID' as const, at: new Date().toISOString() };
    const first = await recorder.record(claim.claimId, paid, ctx);
    expect(first.claimStatus).toBe('PAID');
    const again = await recorder.record(claim.claimId, paid, ctx);
    expect(again).toMatchObject({ recorded: false, claimStatus: 'PAID' });
    const read = await get('budi', `/api/claims/${claim.claimId}`).expect(200);
    expect(read.body).toMatchObject({
      status: 'PAID',
      payouts: [{ payoutId: payout.payoutId, status: 'PAID' }],
    });
  });
});

describe('amounts beyond a safe integer (a member enrolled before the income maximum)', () => {
  /** The member's events with the income an unbounded enrollment once accepted. */
  const hugeIncomeMember = async (memberId: string) => {
    const source = await t.store.readStream(`member-${await seedMember()}`);
    return source.map((e) => ({
      type: e.type,
      data:
        e.type === 'MemberEnrolled'
          ? { ...(e.data as object), memberId, declaredMonthlyIncome: Number.MAX_SAFE_INTEGER }
          : e.data,
    }));
  };

  it('a death claim on an income of 9,007,199,254,740,991 is a 422 AMOUNT_OUT_OF_RANGE; nothing is written', async () => {
    const memberId = randomUUID();
    await givenWhenThen(t, {
      given: { [`member-${memberId}`]: await hugeIncomeMember(memberId) },
      when: (http) => http.post('/api/claims').set('Authorization', bearer('ani')).send(jkkDeath(memberId)),
      then: {
        status: 422,
        body: { code: 'AMOUNT_OUT_OF_RANGE' },
        // Nothing lodged: the claim would be on the member's index before its own stream.
        events: { [`memberClaims-${memberId}`]: [] },
      },
    });
  });

  it('temporary incapacity at such an income is a 422 too (was a 500)', async () => {
    const memberId = randomUUID();
    await givenWhenThen(t, {
      given: { [`member-${memberId}`]: await hugeIncomeMember(memberId) },
      when: (http) =>
        http.post('/api/claims').set('Authorization', bearer('ani')).send({
          memberId,
          benefit: 'JKK_TEMPORARY_INCAPACITY',
          incidentDate: '2026-03-02',
          incapacityFrom: '2026-03-02',
          incapacityTo: '2026-03-11',
        }),
      then: {
        status: 422,
        body: { code: 'AMOUNT_OUT_OF_RANGE' },
        events: { [`memberClaims-${memberId}`]: [] },
      },
    });
  });
});
