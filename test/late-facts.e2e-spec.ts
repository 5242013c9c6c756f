import { Heir } from '@app/domain/members';
import { RecordedEvent } from '@app/event-store';
import { ClaimReassessmentProcess, ClaimRepository } from '@app/features/claims';
import { Clock } from '@app/platform';
import { startTestApp, TestApp } from './support/app';
import { claimsHttp, lateFactsHandled, reasonCodes, SteppingClock } from './support/claims-http';
import { seedMember } from './support/seed-member';

/**
 * Late facts re-assess undecided claims (docs/benefit-rules.md "Late facts"), by a checkpointed
 * process, never by the request that brought the fact. "Today" is 2026-03-16 in Jakarta.
 */

let t: TestApp;
const { post, submit, approve, claim } = claimsHttp(() => t);
const process = () => t.app.get(ClaimReassessmentProcess);

beforeAll(async () => {
  t = await startTestApp({ clock: new SteppingClock() });
});
afterAll(async () => {
  await t?.close();
});

const medical = (memberId: string, o: object = {}) => ({
  memberId,
  benefit: 'JKK_MEDICAL',
  incidentDate: '2026-03-02',
  workRelation: 'CONFIRMED',
  provider: 'RSUD Sekayu',
  invoiceAmount: 7_500_000,
  ...o,
});
const payMarch = (memberId: string, reference: string) =>
  post('finance', '/api/contribution-payments', {
    period: '2026-03',
    paidOn: '2026-03-16',
    reference,
    memberIds: [memberId],
  }).expect(201);
const reassessments = async (claimId: string) =>
  (await t.store.readStream(`claim-${claimId}`)).filter(
    (e) => e.type === 'ClaimAssessed' && (e.data as { trigger: string }).trigger === 'LATE_FACT',
  );

describe('late facts re-assess undecided claims', () => {
  let unpaidClaimId: string;
  let factOfPayment: RecordedEvent;

  it('a claim ASSESSED with CONTRIBUTION_UNPAID becomes eligible after a late contribution payment, without any further request', async () => {
    const memberId = await seedMember(t.store, { paidThrough: '2026-02' });
    const { body: before } = await submit(medical(memberId)).expect(201);
    expect(reasonCodes(before)).toEqual(['CONTRIBUTION_UNPAID']);
    unpaidClaimId = before.claimId;

    await payMarch(memberId, 'BPD-SUMSEL-LATE-1');
    await lateFactsHandled(t, `member-${memberId}`);

    const after = await claim(before.claimId);
    expect(after.status).toBe('ASSESSED');
    expect(after.assessment.eligible).toBe(true);
    expect(after.assessment.total).toBe(7_500_000);
    expect(after.version).toBe(before.version + 1);
    const [reassessed] = await reassessments(before.claimId);
    factOfPayment = (await t.store.readStream(`member-${memberId}`)).at(-1)!;
    expect(factOfPayment.type).toBe('ContributionMonthPaid');
    // The assessment names the fact that triggered it.
    expect(reassessed.data).toMatchObject({
      trigger: 'LATE_FACT',
      fact: {
        type: 'ContributionMonthPaid',
        position: factOfPayment.position,
        eventId: factOfPayment.eventId,
      },
    });
    expect(reassessed.metadata.causationId).toBe(factOfPayment.eventId);
  });

  it('a late fact replayed after a crash re-assesses once', async () => {
    const version = (await claim(unpaidClaimId)).version;
    // The crash came after the write, before the checkpoint: the fact is handled again.
    await process().handle([factOfPayment]);
    // And a second process from a checkpoint before the fact (the lease passes to it).
    await process().loop.stop();
    await t.readDb.query('UPDATE projection_checkpoints SET position = $1 WHERE name = $2', [
      factOfPayment.position - 1,
      'claim-reassessment-process',
    ]);
    const again = new ClaimReassessmentProcess(
      t.store,
      t.readDb,
      t.app.get(ClaimRepository),
      t.app.get(Clock),
    );
    again.loop.start();
    try {
      while (again.loop.position < factOfPayment.position) await new Promise((r) => setTimeout(r, 50));
    } finally {
      await again.loop.stop();
    }
    expect((await claim(unpaidClaimId)).version).toBe(version);
    expect(await reassessments(unpaidClaimId)).toHaveLength(1);
  });
});

describe('late facts: approvals, deaths, decided claims', () => {
  beforeAll(async () => {
    // The crash test stopped the app's process: these run on a fresh app.
    await t.close();
    t = await startTestApp({ clock: new SteppingClock() });
  });

  it('an approval given on an assessment a late fact changed is void: back to ASSESSED', async () => {
    const parent: Heir = { heirId: 'h-parent', fullName: 'Ibu Marni', relationship: 'PARENT' };
    const memberId = await seedMember(t.store, { heirs: [parent] });
    const { body: death } = await submit({
      memberId,
      benefit: 'JKK_DEATH',
      incidentDate: '2026-02-10',
      dateOfDeath: '2026-02-12',
      claimant: { fullName: 'Ibu Marni', relationship: 'PARENT' },
    }).expect(201);
    expect(death.assessment.total).toBe(70_000_000);
    const { body: first } = await approve('budi', death.claimId).expect(200);
    expect(first.status).toBe('AWAITING_SECOND_APPROVAL');

    // A widow is registered: class 1 is present, the parent is no longer entitled.
    await post('officer', `/api/members/${memberId}/heirs`, {
      fullName: 'Siti Aminah',
      relationship: 'SPOUSE',
    }).expect(201);
    await lateFactsHandled(t, `member-${memberId}`);

    const after = await claim(death.claimId);
    expect(after.status).toBe('ASSESSED');
    expect(after.approvals).toEqual([]);
    expect(reasonCodes(after)).toEqual(['CLAIMANT_NOT_ENTITLED']);
    await post('sari', `/api/claims/${death.claimId}/approve`).expect(422);
  });

  it('a death recorded re-assesses the pending claims of the member: MEMBER_DECEASED', async () => {
    const memberId = await seedMember(t.store);
    const { body: later } = await submit(medical(memberId, { incidentDate: '2026-03-05' })).expect(201);
    expect(later.assessment.eligible).toBe(true);
    const { body: death } = await submit({
      memberId,
      benefit: 'JKM_DEATH',
      incidentDate: '2026-03-01',
      claimant: { fullName: 'Siti Aminah', relationship: 'SPOUSE' },
    }).expect(201);
    await approve('budi', death.claimId).expect(200);
    await lateFactsHandled(t, `member-${memberId}`);
    const after = await claim(later.claimId);
    expect(reasonCodes(after)).toEqual(['MEMBER_DECEASED']);
    expect((await reassessments(later.claimId))[0].data).toMatchObject({ fact: { type: 'MemberDeceased' } });
  });

  it('a claim already APPROVED or REJECTED is not re-assessed', async () => {
    const memberId = await seedMember(t.store, { paidThrough: '2026-02' });
    const { body: approved } = await submit(medical(memberId, { incidentDate: '2026-02-02' })).expect(201);
    const { body: approvedNow } = await approve('budi', approved.claimId).expect(200);
    const { body: unpaid } = await submit(medical(memberId)).expect(201);
    const { body: rejected } = await post('budi', `/api/claims/${unpaid.claimId}/reject`, {
      reasonCode: 'CONTRIBUTION_UNPAID',
      note: 'March was not paid',
    }).expect(200);

    await payMarch(memberId, 'BPD-SUMSEL-LATE-2');
    await lateFactsHandled(t, `member-${memberId}`);

    const [a, r] = [await claim(approved.claimId), await claim(unpaid.claimId)];
    // Approved (and maybe paid since): its assessment stays as approved.
    expect(['APPROVED', 'PAID']).toContain(a.status);
    expect(a.assessment).toEqual(approvedNow.assessment);
    expect(await reassessments(approved.claimId)).toHaveLength(0);
    expect(r.status).toBe('REJECTED');
    expect(r.version).toBe(rejected.version);
    expect(r.assessment.eligible).toBe(false);
  });

  it('a re-assessment that produces the same assessment writes nothing', async () => {
    const memberId = await seedMember(t.store, { paidThrough: '2026-02' });
    const { body: eligible } = await submit(medical(memberId, { incidentDate: '2026-02-02' })).expect(201);
    await payMarch(memberId, 'BPD-SUMSEL-LATE-3');
    await lateFactsHandled(t, `member-${memberId}`);
    expect((await claim(eligible.claimId)).version).toBe(eligible.version);
  });
});

describe('late facts: a work-relation decision on one claim of an accident', () => {
  it('re-assesses the accident’s other undecided claims: WORK_RELATION_PENDING becomes eligible without any further request', async () => {
    const memberId = await seedMember(t.store, { paidThrough: '2026-12' });
    const { body: incapacity } = await submit({
      memberId,
      benefit: 'JKK_TEMPORARY_INCAPACITY',
      incidentDate: '2026-03-02',
      workRelation: 'SUSPECTED',
      incapacityFrom: '2026-03-02',
      incapacityTo: '2026-03-11',
    }).expect(201);
    expect(reasonCodes(incapacity)).toEqual(['WORK_RELATION_PENDING']);
    const { body: care } = await submit(medical(memberId, { workRelation: 'SUSPECTED' })).expect(201);

    await post('budi', `/api/claims/${care.claimId}/work-relation`, { decision: 'CONFIRMED' }).expect(200);
    await lateFactsHandled(t, `claim-${care.claimId}`);

    const after = await claim(incapacity.claimId);
    expect(after.assessment.eligible).toBe(true);
    expect(reasonCodes(after)).toEqual([]);
    expect(after.assessment.lines.map((l: { code: string }) => l.code)).toEqual(['TEMPORARY_INCAPACITY']);
    const [reassessed] = await reassessments(incapacity.claimId);
    expect(reassessed.data).toMatchObject({
      trigger: 'LATE_FACT',
      fact: { type: 'ClaimWorkRelationDecided' },
    });
  });
});
