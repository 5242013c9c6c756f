import { AssessmentContext } from './assess';
import {
  CHILD_A,
  SPOUSE,
  jkkDeath,
  jkmDeath,
  medical,
  member,
  otherClaim,
  paidMonths,
  request,
  scholarship,
} from './claim.fixtures';
import { ClaimRequest } from './claim.types';
import { assess, codes } from './assess.fixtures';

describe('SCHOLARSHIP (docs/benefit-rules.md "Claims")', () => {
  const deathBasis = (status: 'APPROVED' | 'ASSESSED' | 'PAID' = 'APPROVED') =>
    otherClaim('claim-death', jkkDeath(), status);
  const jkmBasis = otherClaim('claim-death', jkmDeath(), 'APPROVED');
  const deceased = member({ deceasedOn: '2025-03-12', deathClaimId: 'claim-death' });
  const assessScholarship = (req: ClaimRequest, ctx: Partial<Omit<AssessmentContext, 'request'>> = {}) =>
    assess(req, {
      member: deceased,
      basisClaim: deathBasis(),
      otherClaims: [deathBasis()],
      assessedOn: '2025-07-15',
      ...ctx,
    });

  it('basis: an approved JKK_DEATH, no minimum contribution period; per level and year to the child', () => {
    const a = assessScholarship(scholarship());
    expect(a.eligible).toBe(true);
    expect(a.lines).toEqual([
      expect.objectContaining({
        code: 'SCHOLARSHIP',
        amount: 1_500_000,
        payee: { kind: 'HEIR', name: 'Siti Aminah' },
      }),
    ]);
    expect(a.scheduleVersion).toBe('PP82-2019');
  });

  it('the amount follows the level', () => {
    const levels = {
      TK: 1_500_000,
      SD: 1_500_000,
      SMP: 2_000_000,
      SMA: 3_000_000,
      UNIVERSITY: 12_000_000,
    } as const;
    for (const [level, amount] of Object.entries(levels))
      expect(assessScholarship(scholarship({ level: level as keyof typeof levels })).total).toBe(amount);
  });

  it('basis: an approved TOTAL permanent disability (the member alive), no minimum contribution period', () => {
    const total = otherClaim(
      'claim-death',
      request({ benefit: 'JKK_PERMANENT_DISABILITY', incidentDate: '2025-03-10', disability: 'TOTAL' }),
    );
    expect(
      assessScholarship(scholarship(), { member: member(), basisClaim: total, otherClaims: [total] })
        .eligible,
    ).toBe(true);
  });

  it('NO_ENTITLEMENT: a PARTIAL disability is no basis', () => {
    const partial = otherClaim(
      'claim-death',
      request({ benefit: 'JKK_PERMANENT_DISABILITY', incidentDate: '2025-03-10', disability: 'PARTIAL' }),
    );
    expect(codes(assessScholarship(scholarship(), { member: member(), basisClaim: partial }))).toEqual([
      'NO_ENTITLEMENT',
    ]);
  });

  it('NO_ENTITLEMENT: without a basis claim', () => {
    expect(codes(assessScholarship(scholarship(), { basisClaim: undefined }))).toEqual(['NO_ENTITLEMENT']);
  });

  it('NO_ENTITLEMENT: the basis claim is not approved yet', () => {
    expect(codes(assessScholarship(scholarship(), { basisClaim: deathBasis('ASSESSED') }))).toEqual([
      'NO_ENTITLEMENT',
    ]);
  });

  it('NO_ENTITLEMENT: the basis claim is a medical claim', () => {
    expect(
      codes(assessScholarship(scholarship(), { basisClaim: otherClaim('claim-death', medical()) })),
    ).toEqual(['NO_ENTITLEMENT']);
  });

  it('JKM_DEATH basis with 36 contribution months before death', () => {
    // Paid 2022-04 .. 2025-03: 36 months through the month of death.
    const m = member({
      coverageStart: '2022-04-01',
      paidMonths: paidMonths('2022-04', '2030-12'),
      deceasedOn: '2025-03-10',
    });
    expect(assessScholarship(scholarship(), { member: m, basisClaim: jkmBasis }).eligible).toBe(true);
  });

  it('MIN_CONTRIBUTION_PERIOD: JKM_DEATH basis with 35 contribution months before death', () => {
    const m = member({
      coverageStart: '2022-05-01',
      paidMonths: paidMonths('2022-05', '2030-12'),
      deceasedOn: '2025-03-10',
    });
    const a = assessScholarship(scholarship(), { member: m, basisClaim: jkmBasis });
    expect(codes(a)).toEqual(['MIN_CONTRIBUTION_PERIOD']);
    expect(a.reasons[0].message).toMatch(/had 35/);
  });

  it('CLAIMANT_NOT_ENTITLED: the child must be a registered CHILD heir, matched by full name and birth date', () => {
    expect(
      codes(
        assessScholarship(scholarship({ child: { fullName: CHILD_A.fullName, birthDate: '2015-03-11' } })),
      ),
    ).toEqual(['CLAIMANT_NOT_ENTITLED']);
    expect(
      codes(
        assessScholarship(scholarship({ child: { fullName: SPOUSE.fullName, birthDate: '2015-03-10' } })),
      ),
    ).toEqual(['CLAIMANT_NOT_ENTITLED']);
    expect(
      assessScholarship(scholarship({ child: { fullName: '  rahmat  FAUZI ', birthDate: '2015-03-10' } }))
        .eligible,
    ).toBe(true);
  });
});
