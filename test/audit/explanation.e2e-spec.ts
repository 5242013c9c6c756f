import { randomUUID } from 'node:crypto';
import { APP_CONFIG, AppConfig, Role } from '@app/platform';
import { main as auditCli } from '../../apps/cli/src/audit';
import { MovableClock, waitFor } from '../payouts.support';
import { startTestApp, TestApp } from '../support/app';
import { seedMember } from '../support/seed-member';

/**
 * docs/audit.md "Explanations" over real HTTP on PostgreSQL: how every rupiah of a decided claim
 * came to be, each fact with the position of the event it comes from (checked against the event
 * log itself), and the same as text from `npm run audit -- explain`.
 */

const START = '2026-03-16T03:00:00.000Z'; // Monday, 10:00 in Jakarta
const who = {
  ani: { roles: ['adjudicator'], sub: 'adj-ani' },
  budi: { roles: ['adjudicator'], sub: 'adj-budi' },
  sari: { roles: ['supervisor'], sub: 'sup-sari' },
  finance: { roles: ['finance-officer'], sub: 'fin-rina' },
  auditor: { roles: ['auditor'], sub: 'aud-eko' },
} satisfies Record<string, { roles: Role[]; sub: string }>;
type Person = keyof typeof who;

jest.setTimeout(120_000);

let t: TestApp;
const clock = new MovableClock(START);
beforeAll(async () => {
  t = await startTestApp({ clock });
});
afterAll(async () => {
  await t?.close();
});

const bearer = (p: Person) => `Bearer ${t.token(who[p].roles, who[p].sub)}`;
const post = (p: Person, path: string, body: object = {}) =>
  t.http.post(path).set('Authorization', bearer(p)).send(body);
const get = (p: Person, path: string) => t.http.get(path).set('Authorization', bearer(p));
const submit = async (body: object) => (await post('ani', '/api/claims', body).expect(201)).body;
const approve = (p: Person, id: string) => post(p, `/api/claims/${id}/approve`).expect(200);
const explanation = async (id: string) =>
  (await get('auditor', `/api/audit/claims/${id}/explanation`).expect(200)).body;

type LogEvent = { position: number; type: string; data: Record<string, unknown> };
/** The events of one stream, as the audit log shows them. */
async function streamEvents(streamId: string): Promise<LogEvent[]> {
  const body = (await get('auditor', `/api/audit/events?stream=${streamId}&limit=500`).expect(200)).body;
  return body.items;
}
const positionOf = (
  events: LogEvent[],
  type: string,
  match: (d: Record<string, unknown>) => boolean = () => true,
) => events.find((e) => e.type === type && match(e.data))!.position;

const paidPayouts = (claimId: string, n: number) =>
  waitFor(
    async () => {
      const items: { status: string }[] = (
        await get('finance', `/api/payouts?claimId=${claimId}`).expect(200)
      ).body.items;
      return items.length === n && items.every((p) => p.status === 'PAID') ? items : undefined;
    },
    `${n} payouts of ${claimId} PAID`,
    60_000,
  );

describe('GET /api/audit/claims/{id}/explanation', () => {
  it('an approved JKK death: every line with formula, schedule and regulation; income, coverage, months, heirs, work relation and approvals at their positions', async () => {
    const memberId = await seedMember(t.store, {
      income: 1_500_000,
      since: '2026-01',
      paidThrough: '2026-03',
    });
    const claim = await submit({
      memberId,
      benefit: 'JKK_DEATH',
      incidentDate: '2026-03-10',
      dateOfDeath: '2026-03-11',
      claimant: { fullName: 'Siti Aminah', relationship: 'SPOUSE' },
    });
    await approve('budi', claim.claimId);
    await approve('sari', claim.claimId);

    const x = await explanation(claim.claimId);
    const member = await streamEvents(`member-${memberId}`);
    const claimLog = await streamEvents(`claim-${claim.claimId}`);
    const assessed = positionOf(claimLog, 'ClaimAssessed');
    expect(x).toMatchObject({
      claimId: claim.claimId,
      memberId,
      benefit: 'JKK_DEATH',
      total: 94_000_000,
      scheduleVersion: 'PP82-2019',
    });
    expect(
      x.lines.map((l: { code: string; amount: number; formula: string }) => [l.code, l.amount, l.formula]),
    ).toEqual([
      ['DEATH_BENEFIT', 72_000_000, '48 × Rp 1,500,000 = Rp 72,000,000 (at least Rp 20,000,000)'],
      ['PERIODIC_BENEFIT', 12_000_000, '24 × Rp 500,000 = Rp 12,000,000'],
      ['FUNERAL', 10_000_000, 'fixed Rp 10,000,000'],
    ]);
    for (const l of x.lines) {
      expect(l).toMatchObject({ scheduleVersion: 'PP82-2019', position: assessed });
      expect(l.regulation).toMatch(/^PP 82\/2019/);
    }
    const enrolled = positionOf(member, 'MemberEnrolled');
    expect(x.facts.income).toEqual({ amount: 1_500_000, position: enrolled });
    expect(x.facts.coverageStart).toEqual({ date: '2026-01-01', position: enrolled });
    expect(x.facts.months).toEqual(
      ['2026-01', '2026-02', '2026-03'].map((month) => ({
        month,
        paymentId: `pay-${month}`,
        paidOn: `${month}-01`,
        position: positionOf(member, 'ContributionMonthPaid', (d) => d.period === month),
      })),
    );
    expect(x.facts.heirs).toEqual([
      { fullName: 'Siti Aminah', relationship: 'SPOUSE', source: 'REGISTERED', position: enrolled },
    ]);
    expect(x.facts.workRelation).toMatchObject({
      decision: 'CONFIRMED',
      position: positionOf(claimLog, 'ClaimSubmitted'),
    });
    expect(x.approvedBy).toEqual([
      expect.objectContaining({
        by: 'adj-budi',
        role: 'adjudicator',
        position: positionOf(claimLog, 'ClaimFirstApprovalGiven'),
      }),
      expect.objectContaining({
        by: 'sup-sari',
        role: 'supervisor',
        position: positionOf(claimLog, 'ClaimApproved'),
      }),
    ]);
    expect(x.decisions.map((d: { type: string; by: string }) => [d.type, d.by])).toEqual([
      ['ClaimSubmitted', 'adj-ani'],
      ['ClaimFirstApprovalGiven', 'adj-budi'],
      ['ClaimApproved', 'sup-sari'],
    ]);
    expect(x.reperformed).toEqual({ ok: true, mismatches: [], pending: [] });
    expect(x.positions).toEqual(expect.arrayContaining([assessed, enrolled]));
    expect(JSON.stringify(x)).not.toContain('160601120585');
  });

  it('a JKM death paid to the heirs of a certificate names the certificate and the event that brought it', async () => {
    const memberId = await seedMember(t.store, { since: '2026-01', paidThrough: '2026-03' });
    const claim = await submit({
      memberId,
      benefit: 'JKM_DEATH',
      incidentDate: '2026-03-10',
      claimant: { fullName: 'Nur Aini', relationship: 'SPOUSE' },
      heirCertificate: { reference: 'SKAW-77', heirs: [{ fullName: 'Nur Aini', relationship: 'SPOUSE' }] },
    });
    await approve('budi', claim.claimId);
    const x = await explanation(claim.claimId);
    const claimLog = await streamEvents(`claim-${claim.claimId}`);
    expect(x.total).toBe(42_000_000);
    expect(x.facts.heirs).toEqual([
      {
        fullName: 'Nur Aini',
        relationship: 'SPOUSE',
        source: 'CERTIFICATE',
        reference: 'SKAW-77',
        position: positionOf(claimLog, 'ClaimSubmitted'),
      },
    ]);
    expect(x.facts.workRelation).toBeNull();
    expect(x.lines.map((l: { payee: { name: string } }) => l.payee.name)).toEqual([
      'Nur Aini',
      'Nur Aini',
      'Nur Aini',
    ]);
    expect(x.reperformed.ok).toBe(true);
  });

  it('a reopened claim: the adjustment, the TOP_UP payout and the payouts each at their positions', async () => {
    const memberId = await seedMember(t.store, { since: '2026-01', paidThrough: '2026-03' });
    const transport = (amount: number) => ({
      memberId,
      benefit: 'JKK_TRANSPORT',
      incidentDate: '2026-03-02',
      mode: 'LAND',
      amount,
    });
    const other = await submit(transport(3_000_000));
    const capped = await submit(transport(4_000_000));
    expect(capped.assessment.total).toBe(2_000_000);
    await approve('budi', capped.claimId);
    await paidPayouts(capped.claimId, 1);
    await post('budi', `/api/claims/${other.claimId}/reject`, {
      reasonCode: 'INSUFFICIENT_EVIDENCE',
      note: 'no receipt',
    }).expect(200);
    await post('sari', `/api/claims/${capped.claimId}/reopen`, {
      note: 'the other claim was rejected',
    }).expect(200);
    await approve('budi', capped.claimId);
    await paidPayouts(capped.claimId, 2);

    const x = await explanation(capped.claimId);
    const claimLog = await streamEvents(`claim-${capped.claimId}`);
    expect(x.total).toBe(4_000_000);
    expect(x.lines[0]).toMatchObject({ code: 'TRANSPORT', amount: 4_000_000 });
    expect(x.lines[0].formula).toMatch(/^Rp 4,000,000: .* = Rp 4,000,000$/);
    expect(x.adjustments).toEqual([
      expect.objectContaining({
        previousTotal: 2_000_000,
        newTotal: 4_000_000,
        difference: 2_000_000,
        decision: 'APPROVED',
        position: positionOf(claimLog, 'ClaimApproved', (d) => !!d.adjustment),
      }),
    ]);
    expect(x.decisions.map((d: { type: string }) => d.type)).toContain('ClaimReopened');
    const byKind = Object.fromEntries(x.payouts.map((p: { kind: string }) => [p.kind, p]));
    expect(byKind.BENEFIT).toMatchObject({ amount: 2_000_000, status: 'PAID' });
    expect(byKind.TOP_UP).toMatchObject({ amount: 2_000_000, planned: 2_000_000, status: 'PAID' });
    const topUpLog = await streamEvents(`payout-${byKind.TOP_UP.payoutId}`);
    expect(byKind.TOP_UP.positions).toEqual({
      planned: positionOf(claimLog, 'ClaimApproved', (d) => !!d.adjustment),
      scheduled: positionOf(topUpLog, 'PayoutScheduled'),
      paid: [positionOf(topUpLog, 'PayoutPaid')],
    });
    expect(x.facts.otherClaims).toEqual([
      expect.objectContaining({ claimId: other.claimId, status: 'REJECTED' }),
    ]);
    expect(x.reperformed).toEqual({ ok: true, mismatches: [], pending: [] });
  });

  it('auditors only (403); an unknown claim is a 404 problem', async () => {
    const id = randomUUID();
    await get('ani', `/api/audit/claims/${id}/explanation`).expect(403);
    const missing = await get('auditor', `/api/audit/claims/${id}/explanation`).expect(404);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(missing.body).toMatchObject({ status: 404 });
  });

  it('npm run audit -- explain --claim <id>: the same as text, with no NIK or account number', async () => {
    const memberId = await seedMember(t.store, {
      income: 1_500_000,
      since: '2026-01',
      paidThrough: '2026-03',
    });
    const claim = await submit({
      memberId,
      benefit: 'JKK_MEDICAL',
      incidentDate: '2026-03-10',
      provider: 'RSUD Sekayu',
      invoiceAmount: 7_500_000,
      payTo: { bankCode: '002', accountNumber: '1234567890', accountName: 'RSUD Sekayu' },
    });
    await approve('budi', claim.claimId);
    await paidPayouts(claim.claimId, 1);
    const json = await explanation(claim.claimId);
    expect(json.payouts[0].destination).toEqual({
      type: 'ACCOUNT',
      bankCode: '002',
      accountName: 'RSUD Sekayu',
      accountNumber: '••••7890',
    });
    expect(JSON.stringify(json)).not.toContain('1234567890');
    const config = t.app.get<AppConfig>(APP_CONFIG);
    const saved = { ...process.env };
    Object.assign(process.env, {
      EVENT_STORE_URL: config.eventStoreUrl,
      READ_MODEL_URL: config.readModelUrl,
    });
    const out: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    try {
      expect(await auditCli(['explain', '--claim', claim.claimId])).toBe(0);
      const unknown = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
      expect(await auditCli(['explain', '--claim', randomUUID()])).toBe(1);
      unknown.mockRestore();
    } finally {
      write.mockRestore();
      process.env = saved;
    }
    const text = out.join('');
    const assessed = positionOf(await streamEvents(`claim-${claim.claimId}`), 'ClaimAssessed');
    expect(text).toContain(`Claim ${claim.claimId} (JKK_MEDICAL)`);
    expect(text).toContain(`MEDICAL_CARE Rp 7,500,000 to RSUD Sekayu (PROVIDER) [#${assessed}]`);
    expect(text).toContain('declared income Rp 1,500,000');
    expect(text).toContain('Re-performed: every figure agrees with the rules');
    expect(text).toContain('to account ••••7890: PAID');
    expect(text).not.toContain('1234567890');
    expect(text).not.toMatch(/160601120585\d{4}/);
  });
});
