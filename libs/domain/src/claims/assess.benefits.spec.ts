import {
  CHILD_A,
  PARENT,
  SIBLING,
  SPOUSE,
  jkkDeath,
  jkmDeath,
  medical,
  member,
  paidMonths,
  request,
} from './claim.fixtures';
import { ClaimRequest } from './claim.types';
import { assess, codes, amounts } from './assess.fixtures';

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
