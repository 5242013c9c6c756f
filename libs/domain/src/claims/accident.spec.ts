import { accidentWorkRelation, claimsOfSameAccident } from './accident';
import { assessedClaim } from './accident.fixtures';
import { assess, codes } from './assess.fixtures';
import { homeCare, jkkDeath, jkmDeath, medical, otherClaim, request, transport } from './claim.fixtures';
import { ClaimRecord } from './claim.types';

const incapacity = (o = {}) =>
  request({
    benefit: 'JKK_TEMPORARY_INCAPACITY',
    incidentDate: '2025-03-10',
    incapacityFrom: '2025-03-10',
    incapacityTo: '2025-03-19',
    reportedOn: '2025-03-25',
    ...o,
  });
const decided = (c: ClaimRecord, status: 'CONFIRMED' | 'NOT_WORK_RELATED', decidedOn = '2025-04-01') => ({
  ...c,
  workRelation: { status, decidedOn },
});
const suspectedMedical = () => ({
  ...otherClaim('claim-m', medical({ workRelation: 'SUSPECTED' }), 'ASSESSED'),
  workRelation: { status: 'SUSPECTED' as const },
});

describe('claims of the same accident: the member, a JKK benefit, the same incident date', () => {
  it('finds the other JKK claims of that date, never the claim itself, JKM or another date', () => {
    const mine = otherClaim('claim-1', transport());
    const claims = [
      mine,
      otherClaim('claim-m', medical()),
      otherClaim('claim-d', jkkDeath()),
      otherClaim('claim-jkm', jkmDeath()),
      otherClaim('claim-old', medical({ incidentDate: '2024-01-01' })),
      { ...otherClaim('claim-x', medical()), memberId: 'member-2' },
    ];
    expect(claimsOfSameAccident(mine, claims).map((c) => c.claimId)).toEqual(['claim-m', 'claim-d']);
  });
});

describe('work relation of an accident (WORK_RELATION_PENDING, never NOT_WORK_RELATED before a decision)', () => {
  it('a non-medical JKK benefit of a suspected accident: WORK_RELATION_PENDING, even when its own request says nothing', () => {
    for (const req of [incapacity(), transport(), jkkDeath()])
      expect(codes(assess(req, { otherClaims: [suspectedMedical()] }))).toEqual(['WORK_RELATION_PENDING']);
  });

  it('medical care and home care are covered while suspected', () => {
    expect(assess(medical({ workRelation: 'SUSPECTED' })).eligible).toBe(true);
    expect(assess(homeCare(), { otherClaims: [suspectedMedical()] }).eligible).toBe(true);
  });

  it('a decision on any claim of the accident applies to every claim: CONFIRMED makes them eligible', () => {
    const confirmed = decided(suspectedMedical(), 'CONFIRMED');
    expect(assess(incapacity({ workRelation: 'SUSPECTED' }), { otherClaims: [confirmed] }).eligible).toBe(
      true,
    );
  });

  it('NOT_WORK_RELATED comes only from a decision, on any claim of the accident', () => {
    const notWork = decided(suspectedMedical(), 'NOT_WORK_RELATED');
    const a = assess(incapacity({ workRelation: 'SUSPECTED' }), { otherClaims: [notWork] });
    expect(codes(a)).toEqual(['NOT_WORK_RELATED']);
    expect(a.reasons[0].message).toMatch(/claim-m/);
  });

  it('a decision on another accident does not apply', () => {
    const elsewhere = decided(
      { ...suspectedMedical(), request: medical({ incidentDate: '2025-01-05', workRelation: 'SUSPECTED' }) },
      'CONFIRMED',
    );
    expect(codes(assess(incapacity({ workRelation: 'SUSPECTED' }), { otherClaims: [elsewhere] }))).toEqual([
      'WORK_RELATION_PENDING',
    ]);
  });

  it("the claim's own decision prevails; else the latest decision of the accident", () => {
    const early = { ...decided(suspectedMedical(), 'NOT_WORK_RELATED', '2025-04-01'), claimId: 'a' };
    const late = { ...decided(suspectedMedical(), 'CONFIRMED', '2025-04-09'), claimId: 'b' };
    expect(accidentWorkRelation(incapacity(), undefined, [late, early]).status).toBe('CONFIRMED');
    expect(accidentWorkRelation(incapacity(), 'NOT_WORK_RELATED', [late]).status).toBe('NOT_WORK_RELATED');
  });

  it('a rejected suspected claim leaves the accident unsuspected', () => {
    const rejected = { ...suspectedMedical(), status: 'REJECTED' as const };
    expect(assess(incapacity(), { otherClaims: [rejected] }).eligible).toBe(true);
  });
});

describe('sudden death at work (Permenaker 5/2021 art. 7): itself the determination of a work accident', () => {
  it('JKK_DEATH with suddenDeathAtWork is never WORK_RELATION_PENDING, even with workRelation SUSPECTED', () => {
    const a = assess(jkkDeath({ workRelation: 'SUSPECTED', suddenDeathAtWork: true }));
    expect(a.eligible).toBe(true);
    expect(a.total).toBe(70_000_000);
  });

  it('nor when another claim of the accident is suspected; and it confirms the accident for them', () => {
    expect(
      assess(jkkDeath({ suddenDeathAtWork: true }), { otherClaims: [suspectedMedical()] }).eligible,
    ).toBe(true);
    const death = assessedClaim('claim-d', jkkDeath({ suddenDeathAtWork: true, workRelation: 'SUSPECTED' }));
    expect(assess(incapacity({ workRelation: 'SUSPECTED' }), { otherClaims: [death] }).eligible).toBe(true);
  });

  it('without it, a suspected JKK death waits for the decision', () => {
    expect(codes(assess(jkkDeath({ workRelation: 'SUSPECTED', suddenDeathAtWork: false })))).toEqual([
      'WORK_RELATION_PENDING',
    ]);
  });
});
