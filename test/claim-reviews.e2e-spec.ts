import { startTestApp, TestApp } from './support/app';
import { claimsHttp, SteppingClock } from './support/claims-http';
import { seedMember } from './support/seed-member';

/**
 * Reviews (docs/benefit-rules.md "Corrections", docs/api.md "Corrections"): a decided claim whose
 * facts changed after its decision is listed with the reasons. "Today" is 2026-03-16 in Jakarta.
 */

let t: TestApp;
const { post, get, submit, approve, claim } = claimsHttp(() => t);

beforeAll(async () => {
  t = await startTestApp({ clock: new SteppingClock() });
});
afterAll(async () => {
  await t?.close();
});

const medical = (memberId: string) => ({
  memberId,
  benefit: 'JKK_MEDICAL',
  incidentDate: '2026-03-12',
  workRelation: 'CONFIRMED',
  provider: 'RSUD Sekayu',
  invoiceAmount: 2_000_000,
});
const approvedMedical = async (memberId: string): Promise<string> => {
  const { body } = await submit(medical(memberId)).expect(201);
  expect(body.assessment.eligible).toBe(true);
  await approve('budi', body.claimId).expect(200);
  return body.claimId;
};
type Review = {
  claimId: string;
  memberId: string;
  status: string;
  reasons: { code: string; detail: string }[];
  since: string;
};
/** The claim's entry in GET /api/claims/reviews once the read model has it (polled: it is a projection). */
async function listed(claimId: string, code: string, timeoutMs = 20_000): Promise<Review> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await get('sari', '/api/claims/reviews?limit=500').expect(200);
    const item = (body.items as Review[]).find((i) => i.claimId === claimId);
    if (item?.reasons.some((r) => r.code === code)) return item;
    if (Date.now() > deadline)
      throw new Error(`claim ${claimId} not listed with ${code}: ${JSON.stringify(item)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('reviews of decided claims', () => {
  it('a reversal of the month an approved claim relied on lists it with CONTRIBUTION_REVERSED, also in the claim view', async () => {
    const memberId = await seedMember(t.store, { paidThrough: '2026-02' });
    const { body: payment } = await post('finance', '/api/contribution-payments', {
      period: '2026-03',
      paidOn: '2026-03-10',
      reference: 'REVIEW-REV-1',
      memberIds: [memberId],
    }).expect(201);
    const claimId = await approvedMedical(memberId);
    await post('finance', `/api/contribution-payments/${payment.paymentId}/reversals`, {
      reason: 'returned',
    }).expect(201);
    const item = await listed(claimId, 'CONTRIBUTION_REVERSED');
    expect(item).toMatchObject({ memberId, status: 'APPROVED', since: expect.any(String) });
    expect(item.reasons[0].detail).toContain('2026-03');
    const view = await claim(claimId);
    expect(view.review).toEqual({ reasons: item.reasons, since: item.since });
  });

  it('a correction of the member lists the decided claim with MEMBER_CORRECTED (field names, never values)', async () => {
    const memberId = await seedMember(t.store, {});
    const claimId = await approvedMedical(memberId);
    await post('officer', `/api/members/${memberId}/corrections`, {
      changes: { occupation: 'nelayan' },
      reason: 'typed wrong',
    }).expect(200);
    const item = await listed(claimId, 'MEMBER_CORRECTED');
    expect(item.reasons).toEqual([{ code: 'MEMBER_CORRECTED', detail: 'corrected: occupation' }]);
  });

  it("a death recorded lists the member's other decided claims with DEATH_RECORDED, never the death claim itself", async () => {
    const memberId = await seedMember(t.store, {});
    const medicalId = await approvedMedical(memberId);
    const { body: death } = await submit({
      memberId,
      benefit: 'JKM_DEATH',
      incidentDate: '2026-03-14',
      claimant: { fullName: 'Siti Aminah', relationship: 'SPOUSE' },
    }).expect(201);
    await approve('budi', death.claimId).expect(200);
    await listed(medicalId, 'DEATH_RECORDED');
    const { body } = await get('ani', '/api/claims/reviews?limit=500').expect(200);
    expect(body.items.map((i: Review) => i.claimId)).not.toContain(death.claimId);
  });

  it('an heir certificate added to a decided claim lists it with HEIR_CERTIFICATE; undecided claims are not listed', async () => {
    const memberId = await seedMember(t.store, { heirs: [] });
    const widow = { fullName: 'Siti Aminah', relationship: 'SPOUSE' };
    const { body: death } = await submit({
      memberId,
      benefit: 'JKM_DEATH',
      incidentDate: '2026-02-12',
      claimant: widow,
    }).expect(201);
    await approve('budi', death.claimId).expect(200);
    await post('budi', `/api/claims/${death.claimId}/heir-certificate`, {
      reference: 'SKAW/1/2026',
      heirs: [widow],
    }).expect(200);
    const item = await listed(death.claimId, 'HEIR_CERTIFICATE');
    expect(item.reasons).toEqual([{ code: 'HEIR_CERTIFICATE', detail: 'certificate SKAW/1/2026' }]);

    const pendingMember = await seedMember(t.store, {});
    const { body: pending } = await submit(medical(pendingMember)).expect(201);
    await post('officer', `/api/members/${pendingMember}/corrections`, {
      changes: { village: 'Kayuara' },
      reason: 'typed wrong',
    }).expect(200);
    await listed(item.claimId, 'HEIR_CERTIFICATE');
    const { body } = await get('sari', '/api/claims/reviews').expect(200);
    expect(body.items.map((i: Review) => i.claimId)).not.toContain(pending.claimId);
    expect((await claim(pending.claimId)).review).toBeUndefined();
  });

  it('the list is paged and for adjudicators and supervisors only', async () => {
    const { body } = await get('sari', '/api/claims/reviews?limit=1').expect(200);
    expect(body.items).toHaveLength(1);
    expect(typeof body.nextCursor).toBe('string');
    const next = (await get('sari', `/api/claims/reviews?limit=1&cursor=${body.nextCursor}`).expect(200))
      .body;
    expect(next.items[0].claimId).not.toBe(body.items[0].claimId);
    await get('finance', '/api/claims/reviews').expect(403);
  });
});
