import { jkkDeath, jkmDeath, medical, member, otherClaim, paidMonths } from './claim.fixtures';
import { assess, codes } from './assess.fixtures';

describe('assessment: coverage on the incident date (docs/benefit-rules.md "Contributions and coverage")', () => {
  it('NOT_COVERED: an incident before the coverage start', () => {
    const a = assess(medical({ incidentDate: '2019-12-31', reportedOn: '2020-01-05' }));
    expect(a.eligible).toBe(false);
    expect(codes(a)).toEqual(['NOT_COVERED']);
    expect(a.lines).toEqual([]);
    expect(a.total).toBe(0);
  });

  it('covered on the coverage start day itself', () => {
    expect(assess(medical({ incidentDate: '2020-01-01', reportedOn: '2020-01-05' })).eligible).toBe(true);
  });

  it('COVERAGE_LAPSED: an incident on or after the lapse date', () => {
    // 2025-01..03 unpaid on 2025-04-01: lapsed on 2025-04-01.
    const m = member({ paidMonths: paidMonths('2020-01', '2024-12') });
    expect(
      codes(
        assess(medical({ incidentDate: '2025-04-01', reportedOn: '2025-04-02' }), {
          member: m,
          assessedOn: '2025-04-02',
        }),
      ),
    ).toEqual(['COVERAGE_LAPSED']);
  });

  it('CONTRIBUTION_UNPAID: the incident month is not paid by the time of the assessment', () => {
    const m = member({
      paidMonths: [...paidMonths('2020-01', '2025-02'), ...paidMonths('2025-03', '2025-03', '2025-04-15')],
    });
    expect(codes(assess(medical(), { member: m, assessedOn: '2025-04-01' }))).toEqual([
      'CONTRIBUTION_UNPAID',
    ]);
  });

  it('a month paid late but before the assessment covers the incident', () => {
    const m = member({
      paidMonths: [...paidMonths('2020-01', '2025-02'), ...paidMonths('2025-03', '2025-03', '2025-03-31')],
    });
    expect(assess(medical(), { member: m, assessedOn: '2025-04-01' }).eligible).toBe(true);
  });
});

describe('assessment: deadline of 5 years (docs/benefit-rules.md "Claims")', () => {
  it('a claim filed on the 5-year anniversary is admissible', () => {
    expect(assess(medical({ incidentDate: '2020-03-10', reportedOn: '2025-03-10' })).eligible).toBe(true);
  });

  it('TIME_BARRED: a claim filed the day after the 5-year anniversary', () => {
    const a = assess(medical({ incidentDate: '2020-03-10', reportedOn: '2025-03-11' }));
    expect(codes(a)).toEqual(['TIME_BARRED']);
  });

  it('TIME_BARRED: (P) the same 5 years applies to JKM', () => {
    expect(codes(assess(jkmDeath({ incidentDate: '2020-03-10', reportedOn: '2025-03-11' })))).toEqual([
      'TIME_BARRED',
    ]);
    expect(assess(jkmDeath({ incidentDate: '2020-03-10', reportedOn: '2025-03-10' })).eligible).toBe(true);
  });

  it('reportedOn defaults to the day of the assessment', () => {
    const a = assess(medical({ incidentDate: '2020-03-10', reportedOn: undefined }), {
      assessedOn: '2025-03-11',
    });
    expect(codes(a)).toEqual(['TIME_BARRED']);
  });
});

describe('assessment: death happens once (docs/benefit-rules.md "Claims")', () => {
  it('DUPLICATE_CLAIM: a second death claim while the first is pending', () => {
    const first = otherClaim('claim-1', jkkDeath(), 'ASSESSED');
    expect(codes(assess(jkkDeath(), { otherClaims: [first] }))).toEqual(['DUPLICATE_CLAIM']);
  });

  it('DUPLICATE_CLAIM: a second death claim after the first was approved', () => {
    const first = otherClaim('claim-1', jkkDeath(), 'PAID');
    expect(codes(assess(jkkDeath(), { otherClaims: [first] }))).toContain('DUPLICATE_CLAIM');
  });

  it('DUPLICATE_CLAIM: JKK and JKM never both pay for one death', () => {
    const jkk = otherClaim('claim-1', jkkDeath(), 'APPROVED');
    expect(codes(assess(jkmDeath({ incidentDate: '2025-03-12' }), { otherClaims: [jkk] }))).toEqual([
      'DUPLICATE_CLAIM',
    ]);
  });

  it('a rejected death claim does not count: the death may be claimed again', () => {
    const rejected = otherClaim('claim-1', jkkDeath(), 'REJECTED');
    expect(assess(jkmDeath(), { otherClaims: [rejected] }).eligible).toBe(true);
  });

  it('DUPLICATE_CLAIM: the member is recorded deceased by another death claim', () => {
    const m = member({ deceasedOn: '2025-03-10', deathClaimId: 'claim-1' });
    expect(codes(assess(jkmDeath(), { member: m }))).toEqual(['DUPLICATE_CLAIM']);
    expect(assess(jkmDeath(), { member: m, claimId: 'claim-1' }).eligible).toBe(true);
  });

  it('MEMBER_DECEASED: an incident after the date of death', () => {
    const m = member({ deceasedOn: '2025-03-10', deathClaimId: 'claim-1' });
    expect(codes(assess(medical({ incidentDate: '2025-03-11' }), { member: m }))).toEqual([
      'MEMBER_DECEASED',
    ]);
  });

  it('MEMBER_DECEASED: the death of an approved death claim counts before the member stream records it', () => {
    const death = otherClaim('claim-1', jkmDeath({ incidentDate: '2025-03-10' }), 'APPROVED');
    expect(codes(assess(medical({ incidentDate: '2025-03-11' }), { otherClaims: [death] }))).toEqual([
      'MEMBER_DECEASED',
    ]);
  });

  it('an incident on the day of death is still covered', () => {
    const m = member({ deceasedOn: '2025-03-10', deathClaimId: 'claim-1' });
    expect(assess(medical({ incidentDate: '2025-03-10' }), { member: m }).eligible).toBe(true);
  });
});

describe('assessment: work relation (docs/benefit-rules.md "Claims", PP 49/2023)', () => {
  it('a suspected work accident is covered for medical care first, provisionally', () => {
    const a = assess(medical({ workRelation: 'SUSPECTED' }));
    expect(a.eligible).toBe(true);
    expect(a.lines[0].description).toMatch(/provisionally.*2025-04-11/);
  });

  it('NOT_WORK_RELATED: once decided not work-related', () => {
    const a = assess(medical({ workRelation: 'SUSPECTED' }), { workRelationDecision: 'NOT_WORK_RELATED' });
    expect(codes(a)).toEqual(['NOT_WORK_RELATED']);
    expect(a.total).toBe(0);
  });

  it('a confirmed work relation keeps the claim eligible', () => {
    expect(
      assess(medical({ workRelation: 'SUSPECTED' }), { workRelationDecision: 'CONFIRMED' }).eligible,
    ).toBe(true);
  });

  it('WORK_RELATION_PENDING (never NOT_WORK_RELATED): cash benefits wait for the decision on a suspected work accident', () => {
    const a = assess(jkkDeath({ workRelation: 'SUSPECTED' }));
    expect(codes(a)).toEqual(['WORK_RELATION_PENDING']);
    expect(a.reasons[0].message).toMatch(/only suspected/);
  });
});
