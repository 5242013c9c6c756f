import { AssessmentContext, assessClaim } from './assess';
import {
  CHILD_A,
  CHILD_B,
  CHILD_C,
  PARENT,
  SIBLING,
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
import { Assessment, ClaimRequest } from './claim.types';

function assess(req: ClaimRequest, ctx: Partial<Omit<AssessmentContext, 'request'>> = {}): Assessment {
  return assessClaim({ request: req, member: member(), otherClaims: [], assessedOn: '2025-04-01', ...ctx });
}
const codes = (a: Assessment) => a.reasons.map((r) => r.code);
const amounts = (a: Assessment) => a.lines.map((l) => [l.code, l.amount]);

describe('assessment: coverage on the incident date (DOMAIN.md 2)', () => {
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

describe('assessment: deadline of 5 years (DOMAIN.md 3)', () => {
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

describe('assessment: death happens once (DOMAIN.md 3)', () => {
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

describe('assessment: work relation (DOMAIN.md 3, PP 49/2023)', () => {
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

  it('NOT_WORK_RELATED: cash benefits wait for the decision on a suspected work accident', () => {
    const a = assess(jkkDeath({ workRelation: 'SUSPECTED' }));
    expect(codes(a)).toEqual(['NOT_WORK_RELATED']);
    expect(a.reasons[0].message).toMatch(/only suspected/);
  });
});

describe('JKK_MEDICAL: the provider invoice, no cap', () => {
  it('pays the invoice to the provider, however large', () => {
    const a = assess(medical({ invoiceAmount: 750_000_000 }));
    expect(a.lines).toEqual([
      expect.objectContaining({
        code: 'MEDICAL_CARE',
        amount: 750_000_000,
        payee: { kind: 'PROVIDER', name: 'RSUD Sekayu' },
      }),
    ]);
    expect(a.total).toBe(750_000_000);
    expect(a.scheduleVersion).toBe('PP82-2019');
    expect(a.lines[0].basis).toMatch(/no cap/);
  });
});

describe('JKK_TEMPORARY_INCAPACITY: days × income / 30, 100% before the 12-month anniversary, 50% from it', () => {
  const incapacity = (from: string, to: string, o: Partial<ClaimRequest> = {}) =>
    request({
      benefit: 'JKK_TEMPORARY_INCAPACITY',
      incidentDate: '2024-03-10',
      incapacityFrom: from,
      incapacityTo: to,
      reportedOn: '2025-04-01',
      ...o,
    });

  it('days before the anniversary at 100%, rounded half up per line, paid to the member', () => {
    const a = assess(incapacity('2024-03-10', '2024-03-19'));
    expect(a.lines).toEqual([
      expect.objectContaining({
        code: 'TEMPORARY_INCAPACITY',
        amount: 333_333,
        payee: { kind: 'MEMBER', name: 'Ahmad Fauzi' },
      }),
    ]);
  });

  it('one line per rate when the incapacity spans the anniversary; the anniversary itself is at 50%', () => {
    const a = assess(incapacity('2025-03-01', '2025-03-20'));
    // 2025-03-01..09: 9 days at 100% = 300,000; 2025-03-10..20: 11 days at 50% = 183,333.33
    expect(amounts(a)).toEqual([
      ['TEMPORARY_INCAPACITY', 300_000],
      ['TEMPORARY_INCAPACITY', 183_333],
    ]);
    expect(a.lines[1].description).toMatch(/11 days.*50%/);
  });

  it('the day before the anniversary is at 100%', () => {
    expect(amounts(assess(incapacity('2025-03-09', '2025-03-09')))).toEqual([
      ['TEMPORARY_INCAPACITY', 33_333],
    ]);
    expect(amounts(assess(incapacity('2025-03-10', '2025-03-10')))).toEqual([
      ['TEMPORARY_INCAPACITY', 16_667],
    ]);
  });

  it('amounts are rounded half up per line', () => {
    // 1 day × 1,000,005 / 30 = 33,333.5 -> 33,334
    const a = assess(incapacity('2024-03-10', '2024-03-10'), {
      member: member({ declaredMonthlyIncome: 1_000_005 }),
    });
    expect(a.total).toBe(33_334);
  });
});

describe('JKK_PERMANENT_DISABILITY', () => {
  const disability = (o: Partial<ClaimRequest>) =>
    request({
      benefit: 'JKK_PERMANENT_DISABILITY',
      incidentDate: '2025-03-10',
      reportedOn: '2025-03-20',
      ...o,
    });

  it('TOTAL: 56 × income (70% × 80) plus Rp 12,000,000 periodic benefit paid at once: 56m at Rp 1,000,000', () => {
    const a = assess(disability({ disability: 'TOTAL' }));
    expect(amounts(a)).toEqual([
      ['DISABILITY', 56_000_000],
      ['PERIODIC_BENEFIT', 12_000_000],
    ]);
    expect(a.total).toBe(68_000_000);
  });

  it('TOTAL follows the declared income', () => {
    expect(
      assess(disability({ disability: 'TOTAL' }), { member: member({ declaredMonthlyIncome: 2_500_000 }) })
        .lines[0].amount,
    ).toBe(140_000_000);
  });

  it('PARTIAL: table percentage × 80 × income (anatomical loss = 100% of function)', () => {
    expect(
      amounts(assess(disability({ disability: 'PARTIAL', impairments: [{ code: 'ONE_EYE' }] }))),
    ).toEqual([['DISABILITY', 28_000_000]]);
  });

  it('PARTIAL: a function loss scales the table percentage', () => {
    const a = assess(
      disability({
        disability: 'PARTIAL',
        impairments: [{ code: 'ARM_SHOULDER_RIGHT', functionLossPercent: 50 }],
      }),
    );
    expect(a.total).toBe(16_000_000); // 40% × 50% = 20%
  });

  it('PARTIAL: the sum over impairments', () => {
    const a = assess(
      disability({
        disability: 'PARTIAL',
        impairments: [{ code: 'ONE_EYE' }, { code: 'ARM_SHOULDER_LEFT', functionLossPercent: 20 }],
      }),
    );
    expect(a.total).toBe(33_600_000); // 35% + 7% = 42%
  });

  it('PARTIAL: the percentage is capped at 70%', () => {
    const a = assess(
      disability({
        disability: 'PARTIAL',
        impairments: [{ code: 'BOTH_EYES' }, { code: 'ARM_SHOULDER_RIGHT' }],
      }),
    );
    expect(a.total).toBe(56_000_000);
    expect(a.lines[0].description).toMatch(/capped at 70%/);
  });
});

describe('JKK_DEATH: max(48 × income, Rp 20,000,000) + funeral Rp 10,000,000 + periodic Rp 12,000,000', () => {
  it('70m to the heir at Rp 1,000,000', () => {
    const a = assess(jkkDeath());
    expect(amounts(a)).toEqual([
      ['DEATH_BENEFIT', 48_000_000],
      ['PERIODIC_BENEFIT', 12_000_000],
      ['FUNERAL', 10_000_000],
    ]);
    expect(a.lines.every((l) => l.payee.kind === 'HEIR' && l.payee.name === 'Siti Aminah')).toBe(true);
    expect(a.total).toBe(70_000_000);
  });

  it('the death benefit is at least Rp 20,000,000', () => {
    expect(assess(jkkDeath(), { member: member({ declaredMonthlyIncome: 400_000 }) }).lines[0].amount).toBe(
      20_000_000,
    );
  });

  it('PP 44/2015 for an accident before 2019-12-02: funeral Rp 3,000,000, periodic Rp 4,800,000', () => {
    const a = assess(
      jkkDeath({ incidentDate: '2019-12-01', dateOfDeath: '2019-12-01', reportedOn: '2019-12-10' }),
      {
        member: member({ coverageStart: '2019-01-01', paidMonths: paidMonths('2019-01', '2030-12') }),
      },
    );
    expect(a.scheduleVersion).toBe('PP44-2015');
    expect(amounts(a)).toEqual([
      ['DEATH_BENEFIT', 48_000_000],
      ['PERIODIC_BENEFIT', 4_800_000],
      ['FUNERAL', 3_000_000],
    ]);
  });
});

describe('JKM_DEATH: 20m + 12m + 10m = 42m', () => {
  it('pays Rp 42,000,000 to the heir', () => {
    const a = assess(jkmDeath());
    expect(amounts(a)).toEqual([
      ['DEATH_BENEFIT', 20_000_000],
      ['PERIODIC_BENEFIT', 12_000_000],
      ['FUNERAL', 10_000_000],
    ]);
    expect(a.total).toBe(42_000_000);
    expect(a.lines[0].basis).toMatch(/PP 82\/2019 art\. 34/);
  });

  it('PP 44/2015 for a death before 2019-12-02: 16.2m + 4.8m + 3m', () => {
    const a = assess(jkmDeath({ incidentDate: '2019-11-30', reportedOn: '2019-12-10' }), {
      member: member({ coverageStart: '2019-01-01', paidMonths: paidMonths('2019-01', '2030-12') }),
    });
    expect(a.scheduleVersion).toBe('PP44-2015');
    expect(a.total).toBe(24_000_000);
  });

  it('on 2019-12-02 the PP 82/2019 amounts apply', () => {
    const a = assess(jkmDeath({ incidentDate: '2019-12-02', reportedOn: '2019-12-10' }), {
      member: member({ coverageStart: '2019-01-01', paidMonths: paidMonths('2019-01', '2030-12') }),
    });
    expect(a.scheduleVersion).toBe('PP82-2019');
    expect(a.total).toBe(42_000_000);
  });
});

describe('heirs (PP 44/2015 art. 37): the highest class present is entitled', () => {
  const claimant = (
    fullName: string,
    relationship: NonNullable<ClaimRequest['claimant']>['relationship'],
  ) => ({
    claimant: { fullName, relationship },
  });

  it('class 1: a spouse or a child', () => {
    expect(assess(jkmDeath(claimant(CHILD_A.fullName, 'CHILD'))).eligible).toBe(true);
  });

  it('CLAIMANT_NOT_ENTITLED: a parent while a spouse or child is registered', () => {
    const a = assess(jkmDeath(claimant(PARENT.fullName, 'PARENT')), {
      member: member({ heirs: [SPOUSE, PARENT] }),
    });
    expect(codes(a)).toEqual(['CLAIMANT_NOT_ENTITLED']);
    expect(a.total).toBe(0);
  });

  it('a parent is entitled when no class-1 heir is registered', () => {
    expect(
      assess(jkmDeath(claimant(PARENT.fullName, 'PARENT')), { member: member({ heirs: [PARENT, SIBLING] }) })
        .eligible,
    ).toBe(true);
  });

  it('CLAIMANT_NOT_ENTITLED: a sibling while a parent is registered', () => {
    expect(
      codes(
        assess(jkmDeath(claimant(SIBLING.fullName, 'SIBLING')), {
          member: member({ heirs: [PARENT, SIBLING] }),
        }),
      ),
    ).toEqual(['CLAIMANT_NOT_ENTITLED']);
  });

  it('CLAIMANT_NOT_ENTITLED: a funeral organiser while heirs are registered', () => {
    expect(codes(assess(jkmDeath(claimant('Pak RT', 'FUNERAL_ORGANISER'))))).toEqual([
      'CLAIMANT_NOT_ENTITLED',
    ]);
  });

  it('NO_HEIR: with no heir at all only the funeral benefit is payable, to whoever arranged the burial', () => {
    const a = assess(jkkDeath(claimant('Pak RT', 'FUNERAL_ORGANISER')), { member: member({ heirs: [] }) });
    expect(a.eligible).toBe(true);
    expect(codes(a)).toEqual(['NO_HEIR']);
    expect(a.reasons[0].message).toMatch(/DEATH_BENEFIT and PERIODIC_BENEFIT are not payable/);
    expect(a.lines).toEqual([
      expect.objectContaining({
        code: 'FUNERAL',
        amount: 10_000_000,
        payee: { kind: 'FUNERAL_ORGANISER', name: 'Pak RT' },
      }),
    ]);
    expect(a.total).toBe(10_000_000);
  });
});

describe('SCHOLARSHIP (DOMAIN.md 3)', () => {
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

describe('the programme figures at a declared income of Rp 1,000,000 (DOMAIN.md)', () => {
  it('work-accident death up to Rp 244 million = 70m death claim + 174m scholarships for 2 children', () => {
    const death = assess(jkkDeath());
    const basis = otherClaim('claim-death', jkkDeath());
    const years: [string, 'TK' | 'SD' | 'SMP' | 'SMA' | 'UNIVERSITY', number][] = [];
    let y = 2025;
    for (const [level, n] of [
      ['TK', 2],
      ['SD', 6],
      ['SMP', 3],
      ['SMA', 3],
      ['UNIVERSITY', 5],
    ] as const)
      for (let i = 0; i < n; i++, y++) years.push([`${y}/${y + 1}`, level, y]);

    // Two children aged 4 at the start of TK: 19 years of schooling, the last at 22.
    const kids = [
      { ...CHILD_A, birthDate: '2021-01-01' },
      { ...CHILD_B, birthDate: '2021-02-02' },
    ];
    const m = member({ heirs: [SPOUSE, ...kids], deceasedOn: '2025-03-12' });
    const claims = [basis];
    let scholarships = 0;
    for (const kid of kids)
      for (const [academicYear, level] of years) {
        const req = scholarship({
          child: { fullName: kid.fullName, birthDate: kid.birthDate },
          level,
          academicYear,
        });
        const a = assess(req, {
          member: m,
          basisClaim: basis,
          otherClaims: claims,
          assessedOn: '2025-07-15',
        });
        expect(a.reasons).toEqual([]);
        scholarships += a.total;
        claims.push(otherClaim(`s-${claims.length}`, req, 'APPROVED'));
      }
    expect(scholarships).toBe(174_000_000);
    expect(death.total + scholarships).toBe(244_000_000);
  });

  it('death Rp 42 million, funeral Rp 10 million, permanent disability Rp 56 million', () => {
    const jkm = assess(jkmDeath());
    expect(jkm.total).toBe(42_000_000);
    expect(jkm.lines.find((l) => l.code === 'FUNERAL')?.amount).toBe(10_000_000);
    const total = assess(
      request({
        benefit: 'JKK_PERMANENT_DISABILITY',
        incidentDate: '2025-03-10',
        reportedOn: '2025-03-20',
        disability: 'TOTAL',
      }),
    );
    expect(total.lines.find((l) => l.code === 'DISABILITY')?.amount).toBe(56_000_000);
  });
});

describe('assessment without a schedule in force', () => {
  it('NOT_COVERED: an incident before the programme began', () => {
    const a = assess(medical({ incidentDate: '2015-06-30', reportedOn: '2015-07-02' }), {
      member: member({ coverageStart: '2015-06-01' }),
    });
    expect(codes(a)).toContain('NOT_COVERED');
    expect(a.scheduleVersion).toBe('NONE');
  });
});
