import { parse } from 'csv-parse/sync';
import { Role } from '@app/platform';
import { startTestApp, TestApp } from '../support/app';
import { SteppingClock } from '../support/claims-http';

/**
 * `GET /api/audit/reports/separation-of-duties` over real HTTP on PostgreSQL (docs/audit.md
 * "Separation of duties"): several officers, a supervisor approving a claim of a member they
 * enrolled, an approver who corrected the member, approvals just below the four-eyes threshold,
 * JSON and CSV (an actor whose name is a formula is escaped), 403 for non-auditors, 400 for bad dates.
 */

const FORMULA = '=HYPERLINK("http://evil.example","x")';
const who = {
  officer: { roles: ['enrollment-officer'], sub: 'enr-fajar' },
  dewi: { roles: ['supervisor', 'enrollment-officer'], sub: 'sup-dewi' },
  finance: { roles: ['finance-officer'], sub: 'fin-rina' },
  ani: { roles: ['adjudicator'], sub: 'adj-ani' },
  budi: { roles: ['adjudicator', 'enrollment-officer'], sub: 'adj-budi' },
  formula: { roles: ['adjudicator'], sub: FORMULA },
  auditor: { roles: ['auditor'], sub: 'aud-eko' },
  supervisor: { roles: ['supervisor'], sub: 'sup-sari' },
} satisfies Record<string, { roles: Role[]; sub: string }>;
type Person = keyof typeof who;

let t: TestApp;
const bearer = (p: Person) => `Bearer ${t.token(who[p].roles, who[p].sub)}`;
const get = (p: Person, path: string) => t.http.get(path).set('Authorization', bearer(p));
const post = (p: Person, path: string, body: object = {}) =>
  t.http.post(path).set('Authorization', bearer(p)).send(body);

const REPORT = '/api/audit/reports/separation-of-duties';
const niks: string[] = [];
let serial = 0;

async function enroll(p: Person): Promise<string> {
  const nik = `160601120585${String(++serial).padStart(4, '0')}`;
  niks.push(nik);
  const enrolled = await post(p, '/api/members', {
    nik,
    fullName: 'Ahmad Fauzi',
    birthDate: '1985-05-12',
    sex: 'M',
    village: 'Balai Agung',
    subdistrict: 'Sekayu',
    occupation: 'petani karet',
    p3keDesil: 1,
    coverageStart: '2026-01-01',
    heirs: [{ fullName: 'Siti Aminah', relationship: 'SPOUSE' }],
  }).expect(201);
  const memberId: string = enrolled.body.memberId;
  for (const period of ['2026-01', '2026-02', '2026-03'])
    await post('finance', '/api/contribution-payments', {
      period,
      paidOn: '2026-03-02',
      reference: `BANK-SOD-${serial}-${period}`,
      memberIds: [memberId],
    }).expect(201);
  return memberId;
}

async function medicalClaim(
  p: Person,
  memberId: string,
  invoiceAmount: number,
  day: number,
): Promise<string> {
  const res = await post(p, '/api/claims', {
    memberId,
    benefit: 'JKK_MEDICAL',
    incidentDate: `2026-03-${String(day).padStart(2, '0')}`,
    workRelation: 'CONFIRMED',
    provider: 'RSUD Sekayu',
    invoiceAmount,
  }).expect(201);
  expect(res.body.assessment).toMatchObject({ eligible: true, total: invoiceAmount });
  return res.body.claimId;
}

const approve = (p: Person, claimId: string) => post(p, `/api/claims/${claimId}/approve`).expect(200);

const c: Record<string, string> = {};
let m1: string;
let m2: string;

beforeAll(async () => {
  t = await startTestApp({ clock: new SteppingClock() });
  // m1 enrolled by a supervisor who also holds the enrollment-officer role; m2 by an officer and
  // corrected (before any claim of it) by an adjudicator who is also an enrollment officer.
  m1 = await enroll('dewi');
  m2 = await enroll('officer');
  await post('budi', `/api/members/${m2}/corrections`, {
    changes: { village: 'Sungai Lilin' },
    reason: 'village misspelt on the roster',
  }).expect(200);

  // Over the threshold: two approvals, the second by the supervisor who enrolled the member.
  c.big = await medicalClaim('ani', m1, 60_000_000, 2);
  await approve('budi', c.big);
  expect((await approve('dewi', c.big)).body.status).toBe('APPROVED');
  // Just below it (90-100% of Rp 50,000,000): one approval each, by the member's corrector.
  c.near1 = await medicalClaim('ani', m2, 48_000_000, 3);
  await approve('budi', c.near1);
  c.near2 = await medicalClaim('formula', m2, 49_500_000, 4);
  await approve('budi', c.near2);
  // Below the band.
  c.small = await medicalClaim('budi', m1, 10_000_000, 5);
  await approve('formula', c.small);
  await t.settle();
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('GET /api/audit/reports/separation-of-duties', () => {
  it("JSON by default: pairs with counts and amounts, approvals by the member's officer, the band below four eyes", async () => {
    const res = await get('auditor', `${REPORT}?from=2026-03-16&to=2026-03-16`).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.period).toEqual({ from: '2026-03-15T17:00:00.000Z', to: '2026-03-16T17:00:00.000Z' });
    expect(res.body.fourEyes).toMatchObject({ bandPercent: 10 });
    expect(res.body.pairs).toEqual([
      { submittedBy: FORMULA, approvedBy: 'adj-budi', decisions: 1, claims: 1, approvedAmount: 49_500_000 },
      {
        submittedBy: 'adj-ani',
        approvedBy: 'adj-budi',
        decisions: 2,
        claims: 2,
        approvedAmount: 108_000_000,
      },
      { submittedBy: 'adj-ani', approvedBy: 'sup-dewi', decisions: 1, claims: 1, approvedAmount: 60_000_000 },
      { submittedBy: 'adj-budi', approvedBy: FORMULA, decisions: 1, claims: 1, approvedAmount: 10_000_000 },
    ]);
    expect(
      res.body.approvedByMemberOfficer.map((r: Record<string, unknown>) => [
        r.claimId,
        r.memberId,
        r.approvedBy,
        r.approvalRole,
        r.relation,
        r.amount,
        r.correctedFields,
      ]),
    ).toEqual([
      [c.big, m1, 'sup-dewi', 'supervisor', 'ENROLLED', 60_000_000, undefined],
      [c.near1, m2, 'adj-budi', 'adjudicator', 'CORRECTED', 48_000_000, ['village']],
      [c.near2, m2, 'adj-budi', 'adjudicator', 'CORRECTED', 49_500_000, ['village']],
    ]);
    expect(res.body.nearThreshold).toHaveLength(1);
    expect(res.body.nearThreshold[0]).toMatchObject({ approvedBy: 'adj-budi', count: 2, amount: 97_500_000 });
    expect(res.body.nearThreshold[0].claims).toEqual([
      expect.objectContaining({
        claimId: c.near1,
        memberId: m2,
        submittedBy: 'adj-ani',
        total: 48_000_000,
        fourEyesAmount: 48_000_000,
        threshold: 50_000_000,
        scheduleVersion: 'PP82-2019',
      }),
      expect.objectContaining({ claimId: c.near2, submittedBy: FORMULA, fourEyesAmount: 49_500_000 }),
    ]);
    // Member ids, never NIKs.
    for (const nik of niks) expect(res.text).not.toContain(nik);
  });

  it('a period without decisions is empty; an open period is everything', async () => {
    const later = await get('auditor', `${REPORT}?from=2026-03-17T00:00:00Z`).expect(200);
    expect(later.body).toMatchObject({ pairs: [], approvedByMemberOfficer: [], nearThreshold: [] });
    const all = await get('auditor', REPORT).expect(200);
    expect(all.body.period).toEqual({ from: null, to: null });
    expect(all.body.pairs).toHaveLength(4);
  });

  it('CSV with Accept: text/csv, every formula cell escaped with an apostrophe', async () => {
    const res = await get('auditor', `${REPORT}?from=2026-03-16&to=2026-03-16`)
      .set('Accept', 'text/csv')
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const rows: Record<string, string>[] = parse(res.text, { columns: true });
    const sections = rows.map((r) => r.section);
    expect(sections.filter((s) => s === 'SUBMITTER_APPROVER')).toHaveLength(4);
    expect(sections.filter((s) => s === 'APPROVED_BY_MEMBER_OFFICER')).toHaveLength(3);
    expect(sections.filter((s) => s === 'NEAR_THRESHOLD')).toHaveLength(2);
    expect(rows).toContainEqual(
      expect.objectContaining({
        section: 'SUBMITTER_APPROVER',
        submittedBy: `'${FORMULA}`,
        approvedBy: 'adj-budi',
        decisions: '1',
        amount: '49500000',
      }),
    );
    expect(rows).toContainEqual(
      expect.objectContaining({
        section: 'APPROVED_BY_MEMBER_OFFICER',
        claimId: c.big,
        memberId: m1,
        approvedBy: 'sup-dewi',
        relation: 'ENROLLED',
      }),
    );
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    for (const nik of niks) expect(res.text).not.toContain(nik);
  });

  it('only auditors (and admins) may read it: 403 for other roles, 401 without a token', async () => {
    await get('supervisor', REPORT).expect(403);
    await get('ani', REPORT).expect(403);
    await t.http.get(REPORT).expect(401);
    await t.http
      .get(REPORT)
      .set('Authorization', `Bearer ${t.token(['admin'], 'root')}`)
      .expect(200);
  });

  it('bad dates are field-level 400s, each bad field named', async () => {
    const bad = await get('auditor', `${REPORT}?from=2026-13-01&to=yesterday`).expect(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['from', 'to']);
    const reversed = await get('auditor', `${REPORT}?from=2026-03-16&to=2026-03-01`).expect(400);
    expect(reversed.body.errors).toEqual([{ field: 'to', message: 'must be after from' }]);
    const naive = await get('auditor', `${REPORT}?from=2026-03-16T10:00:00`).expect(400);
    expect(naive.body.errors.map((e: { field: string }) => e.field)).toEqual(['from']);
    await get('auditor', `${REPORT}?since=2026-03-16`).expect(400);
  });
});
