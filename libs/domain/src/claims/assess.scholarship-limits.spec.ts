import { AssessmentContext } from './assess';
import {
  CHILD_A,
  CHILD_B,
  CHILD_C,
  SPOUSE,
  jkkDeath,
  jkmDeath,
  member,
  otherClaim,
  paidMonths,
  scholarship,
} from './claim.fixtures';
import { ClaimRequest } from './claim.types';
import { assess, codes, amounts } from './assess.fixtures';

describe('SCHOLARSHIP (docs/benefit-rules.md "Claims"): limits, age and the PP 44/2015 rule', () => {
  const deathBasis = (status: 'APPROVED' | 'ASSESSED' | 'PAID' = 'APPROVED') =>
    otherClaim('claim-death', jkkDeath(), status);
  const deceased = member({ deceasedOn: '2025-03-12', deathClaimId: 'claim-death' });
  const assessScholarship = (req: ClaimRequest, ctx: Partial<Omit<AssessmentContext, 'request'>> = {}) =>
    assess(req, {
      member: deceased,
      basisClaim: deathBasis(),
      otherClaims: [deathBasis()],
      assessedOn: '2025-07-15',
      ...ctx,
    });

  const forChild = (
    id: string,
    child: typeof CHILD_A,
    status: 'APPROVED' | 'ASSESSED' | 'REJECTED',
    o: Partial<ClaimRequest> = {},
  ) =>
    otherClaim(
      id,
      scholarship({ child: { fullName: child.fullName, birthDate: child.birthDate ?? '' }, ...o }),
      status,
    );

  it('SCHOLARSHIP_CHILD_LIMIT: a third child of the member', () => {
    const others = [forChild('s-1', CHILD_A, 'APPROVED'), forChild('s-2', CHILD_B, 'ASSESSED')];
    const a = assessScholarship(
      scholarship({ child: { fullName: CHILD_C.fullName, birthDate: CHILD_C.birthDate ?? '' } }),
      { otherClaims: others },
    );
    expect(codes(a)).toEqual(['SCHOLARSHIP_CHILD_LIMIT']);
  });

  it('the first two children keep receiving it in later years', () => {
    const others = [forChild('s-1', CHILD_A, 'APPROVED'), forChild('s-2', CHILD_B, 'APPROVED')];
    expect(
      assessScholarship(scholarship({ academicYear: '2026/2027' }), { otherClaims: others }).eligible,
    ).toBe(true);
  });

  it('rejected claims never count toward the child limit', () => {
    const others = [forChild('s-1', CHILD_A, 'APPROVED'), forChild('s-2', CHILD_B, 'REJECTED')];
    const a = assessScholarship(
      scholarship({ child: { fullName: CHILD_C.fullName, birthDate: CHILD_C.birthDate ?? '' } }),
      { otherClaims: others },
    );
    expect(a.eligible).toBe(true);
  });

  it('DUPLICATE_CLAIM: the same child and academic year (pending or approved)', () => {
    expect(
      codes(assessScholarship(scholarship(), { otherClaims: [forChild('s-1', CHILD_A, 'ASSESSED')] })),
    ).toEqual(['DUPLICATE_CLAIM']);
    expect(
      codes(assessScholarship(scholarship(), { otherClaims: [forChild('s-1', CHILD_A, 'APPROVED')] })),
    ).toEqual(['DUPLICATE_CLAIM']);
  });

  it('rejected claims never count toward DUPLICATE_CLAIM', () => {
    expect(
      assessScholarship(scholarship(), { otherClaims: [forChild('s-1', CHILD_A, 'REJECTED')] }).eligible,
    ).toBe(true);
  });

  it('SCHOLARSHIP_LEVEL_LIMIT: a level past its years (TK: 2)', () => {
    const others = [
      forChild('s-1', CHILD_A, 'APPROVED', { level: 'TK', academicYear: '2019/2020' }),
      forChild('s-2', CHILD_A, 'APPROVED', { level: 'TK', academicYear: '2020/2021' }),
    ];
    expect(
      codes(
        assessScholarship(scholarship({ level: 'TK', academicYear: '2021/2022' }), { otherClaims: others }),
      ),
    ).toEqual(['SCHOLARSHIP_LEVEL_LIMIT']);
    expect(
      assessScholarship(scholarship({ level: 'TK', academicYear: '2021/2022' }), {
        otherClaims: others.slice(1),
      }).eligible,
    ).toBe(true);
  });

  it('SCHOLARSHIP_AGE_LIMIT: a child aged 23 on 1 July of the academic year', () => {
    const grown = { ...CHILD_A, birthDate: '2002-07-01' };
    const m = member({ heirs: [SPOUSE, grown], deceasedOn: '2025-03-12' });
    const req = scholarship({
      child: { fullName: grown.fullName, birthDate: '2002-07-01' },
      level: 'UNIVERSITY',
    });
    expect(codes(assessScholarship(req, { member: m }))).toEqual(['SCHOLARSHIP_AGE_LIMIT']);
  });

  it('a child turning 23 on 2 July is still 22 at the start of the academic year', () => {
    const young = { ...CHILD_A, birthDate: '2002-07-02' };
    const m = member({ heirs: [SPOUSE, young], deceasedOn: '2025-03-12' });
    const req = scholarship({
      child: { fullName: young.fullName, birthDate: '2002-07-02' },
      level: 'UNIVERSITY',
    });
    expect(assessScholarship(req, { member: m }).eligible).toBe(true);
  });

  it('SCHOLARSHIP_ENDED: a married child', () => {
    expect(codes(assessScholarship(scholarship({ married: true })))).toEqual(['SCHOLARSHIP_ENDED']);
  });

  it('SCHOLARSHIP_ENDED: an employed child', () => {
    expect(codes(assessScholarship(scholarship({ employed: true })))).toEqual(['SCHOLARSHIP_ENDED']);
  });

  it('coverage, the deadline and MEMBER_DECEASED are judged on the basis claim, not the scholarship', () => {
    // Ten years after the death, the member deceased and no longer paying: still eligible.
    const m = member({ deceasedOn: '2025-03-12', paidMonths: paidMonths('2020-01', '2025-03') });
    const a = assessScholarship(
      scholarship({
        academicYear: '2035/2036',
        level: 'UNIVERSITY',
        reportedOn: '2035-08-01',
        incidentDate: '2035-08-01',
      }),
      {
        member: m,
        assessedOn: '2035-08-01',
      },
    );
    expect(a.eligible).toBe(true);
  });

  it('PP 44/2015 basis (incident before 2019-12-02): one-off Rp 12,000,000 per member', () => {
    const m = member({
      coverageStart: '2015-07-01',
      paidMonths: paidMonths('2015-07', '2030-12'),
      deceasedOn: '2019-06-01',
    });
    const basis = otherClaim(
      'claim-death',
      jkkDeath({ incidentDate: '2019-06-01', dateOfDeath: '2019-06-01' }),
    );
    const a = assessScholarship(scholarship(), { member: m, basisClaim: basis });
    expect(a.scheduleVersion).toBe('PP44-2015');
    expect(amounts(a)).toEqual([['SCHOLARSHIP', 12_000_000]]);
  });

  it('DUPLICATE_CLAIM: PP 44/2015 pays the scholarship once per member', () => {
    const m = member({
      coverageStart: '2015-07-01',
      paidMonths: paidMonths('2015-07', '2030-12'),
      deceasedOn: '2019-06-01',
    });
    const basis = otherClaim(
      'claim-death',
      jkkDeath({ incidentDate: '2019-06-01', dateOfDeath: '2019-06-01' }),
    );
    const a = assessScholarship(
      scholarship({ child: { fullName: CHILD_B.fullName, birthDate: CHILD_B.birthDate ?? '' } }),
      {
        member: m,
        basisClaim: basis,
        otherClaims: [forChild('s-1', CHILD_A, 'APPROVED')],
      },
    );
    expect(codes(a)).toEqual(['DUPLICATE_CLAIM']);
  });

  it('MIN_CONTRIBUTION_PERIOD: PP 44/2015 JKM scholarship only after 5 years of contribution months', () => {
    const m = (from: string) =>
      member({
        coverageStart: `${from}-01`,
        paidMonths: paidMonths(from, '2030-12'),
        deceasedOn: '2019-06-10',
      });
    const basis = otherClaim('claim-death', jkmDeath({ incidentDate: '2019-06-10' }));
    // 2014-07 .. 2019-06 = 60 months; 2014-08 .. 2019-06 = 59.
    expect(assessScholarship(scholarship(), { member: m('2014-07'), basisClaim: basis }).eligible).toBe(true);
    expect(codes(assessScholarship(scholarship(), { member: m('2014-08'), basisClaim: basis }))).toEqual([
      'MIN_CONTRIBUTION_PERIOD',
    ]);
  });
});
