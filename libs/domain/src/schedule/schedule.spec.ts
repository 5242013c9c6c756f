import {
  fullSchoolingPerChild,
  monthlyContribution,
  periodicTotal,
  SCHEDULE,
  scheduleFor,
  loadSchedule,
} from './schedule';
import { SCHEDULE_DATA } from './schedule.data';
import { PerChildScholarship, ScheduleVersion } from './schedule.types';
import { ScheduleValidationError, scheduleProblems, validateSchedule } from './validate-schedule';

const copy = (): ScheduleVersion[] => structuredClone(SCHEDULE_DATA) as ScheduleVersion[];
const pp82 = () => scheduleFor('2025-01-01');
const pp44 = () => scheduleFor('2019-01-01');

describe('benefit schedule: effective-dated versions', () => {
  it('a claim is assessed with the version in force on its incident date: PP 82/2019 from 2019-12-02', () => {
    expect(scheduleFor('2019-12-02').version).toBe('PP82-2019');
    expect(scheduleFor('2019-12-01').version).toBe('PP44-2015');
  });

  it('PP 44/2015 is in force from 2015-07-01; before it there is no schedule', () => {
    expect(scheduleFor('2015-07-01').version).toBe('PP44-2015');
    expect(() => scheduleFor('2015-06-30')).toThrow(RangeError);
  });

  it('every version cites its regulation in basis strings', () => {
    expect(pp82().jkm.deathBenefit.basis).toMatch(/PP 82\/2019 art\. 34/);
    expect(pp44().jkm.deathBenefit.basis).toMatch(/PP 44\/2015/);
  });

  it('the loaded schedule is frozen: nobody changes an amount at run time', () => {
    expect(Object.isFrozen(SCHEDULE)).toBe(true);
    expect(Object.isFrozen(pp82().jkm.deathBenefit)).toBe(true);
  });
});

describe('schedule in force from 2019-12-02 (PP 82/2019): the figures of docs/benefit-rules.md', () => {
  it('contributions: JKK 1% of income + JKM Rp 6,800 = Rp 16,800 a month at Rp 1,000,000; Rp 756,000,000 for 45,000 members', () => {
    const c = monthlyContribution(1_000_000, pp82());
    expect(c).toEqual({ jkk: 10_000, jkm: 6_800, total: 16_800 });
    expect(c.total * 45_000).toBe(756_000_000);
  });

  it('membership: minimum and default income Rp 1,000,000, lapse after 3 months', () => {
    expect(pp82().membership).toMatchObject({
      minimumIncome: 1_000_000,
      defaultIncome: 1_000_000,
      lapseMonths: 3,
    });
  });

  it('membership: a declared income of at most Rp 50,000,000 (programme policy)', () => {
    expect(pp82().membership.maxDeclaredMonthlyIncome).toBe(50_000_000);
  });

  it('claims: 5-year deadline, work-relation decision within 30 days', () => {
    expect(pp82().claims.deadline.years).toBe(5);
    expect(pp82().claims.workRelationDecision.days).toBe(30);
  });

  it('JKK: death 48 × income (at least Rp 20,000,000), funeral Rp 10,000,000, periodic 24 × Rp 500,000', () => {
    const { jkk } = pp82();
    expect(jkk.death).toMatchObject({ incomeMultiplier: 48, minimum: 20_000_000 });
    expect(jkk.funeral.amount).toBe(10_000_000);
    expect(periodicTotal(jkk.periodic)).toBe(12_000_000);
  });

  it('JKK disability: 70% × 80 = 56 × income for total, table % × 80 for partial, capped at 70%', () => {
    const d = pp82().jkk.permanentDisability;
    expect((d.totalPercent * d.incomeMultiplier) / 100).toBe(56);
    expect(d.partialCapPercent).toBe(70);
    expect(d.impairments).toEqual({
      BOTH_EYES: 70,
      ONE_EYE: 35,
      ARM_SHOULDER_RIGHT: 40,
      ARM_SHOULDER_LEFT: 35,
    });
  });

  it('JKK temporary incapacity: income / 30 a day, 100% for 12 months then 50%', () => {
    expect(pp82().jkk.temporaryIncapacity).toMatchObject({
      daysDivisor: 30,
      periods: [{ months: 12, percent: 100 }],
      thenPercent: 50,
    });
  });

  it('JKM: death benefit Rp 20,000,000 + periodic Rp 12,000,000 + funeral Rp 10,000,000 = Rp 42,000,000', () => {
    const { jkm } = pp82();
    expect(jkm.deathBenefit.amount + periodicTotal(jkm.periodic) + jkm.funeral.amount).toBe(42_000_000);
  });

  it('scholarship: per level and year for 2 children until 23 on 1 July; JKM after 36 contribution months', () => {
    const s = pp82().scholarship as PerChildScholarship;
    expect(s).toMatchObject({
      kind: 'PER_CHILD_PER_YEAR',
      maxChildren: 2,
      ageLimit: 23,
      ageReferenceDay: '07-01',
      jkmMinContributionMonths: 36,
    });
    expect(s.levels).toEqual({
      TK: { perYear: 1_500_000, maxYears: 2 },
      SD: { perYear: 1_500_000, maxYears: 6 },
      SMP: { perYear: 2_000_000, maxYears: 3 },
      SMA: { perYear: 3_000_000, maxYears: 3 },
      UNIVERSITY: { perYear: 12_000_000, maxYears: 5 },
    });
  });

  it('scholarships up to Rp 174 million for 2 children: Rp 87,000,000 each for full schooling', () => {
    const s = pp82().scholarship as PerChildScholarship;
    expect(fullSchoolingPerChild(s)).toBe(87_000_000);
    expect(s.maxChildren * fullSchoolingPerChild(s)).toBe(174_000_000);
  });

  it('work-accident death up to Rp 244 million: 48 × 1m + 10m + 12m + 174m', () => {
    const v = pp82();
    const s = v.scholarship as PerChildScholarship;
    const total =
      v.jkk.death.incomeMultiplier * 1_000_000 +
      v.jkk.funeral.amount +
      periodicTotal(v.jkk.periodic) +
      s.maxChildren * fullSchoolingPerChild(s);
    expect(total).toBe(244_000_000);
  });

  it('four eyes from Rp 50,000,000; payouts due in 7 working days; 1% a day late', () => {
    expect(pp82().approvals.secondApprovalThreshold).toBe(50_000_000);
    expect(pp82().serviceLevel).toMatchObject({ payoutWorkingDays: 7, latePenaltyPercentPerDay: 1 });
  });
});

describe('schedule before 2019-12-02 (PP 44/2015)', () => {
  it('JKM: death benefit Rp 16,200,000, periodic 24 × Rp 200,000, funeral Rp 3,000,000', () => {
    const { jkm } = pp44();
    expect(jkm.deathBenefit.amount).toBe(16_200_000);
    expect(periodicTotal(jkm.periodic)).toBe(4_800_000);
    expect(jkm.funeral.amount).toBe(3_000_000);
  });

  it('JKK: funeral Rp 3,000,000 and periodic Rp 4,800,000', () => {
    const { jkk } = pp44();
    expect(jkk.funeral.amount).toBe(3_000_000);
    expect(periodicTotal(jkk.periodic)).toBe(4_800_000);
  });

  it('scholarship: one-off Rp 12,000,000 per member, for JKM only after 5 years of contribution months', () => {
    expect(pp44().scholarship).toMatchObject({
      kind: 'ONE_OFF_PER_MEMBER',
      amount: 12_000_000,
      jkmMinContributionMonths: 60,
    });
  });
});

describe('validateSchedule: the data is checked when it is loaded', () => {
  it('accepts the programme schedule', () => {
    expect(scheduleProblems(SCHEDULE_DATA)).toEqual([]);
    expect(loadSchedule(copy())).toHaveLength(2);
  });

  it('every transport mode is in exactly one per-accident limit; an aid has a known rule', () => {
    const data = copy();
    data[1].jkk.transport.limits[1].modes = ['AIR'];
    (data[1].jkk.rehabilitationAid.aids as Record<string, unknown>).GLASSES = { rule: 'FREE' };
    expect(scheduleProblems(data).sort()).toEqual([
      'PP82-2019.jkk.rehabilitationAid.aids.GLASSES.rule: must be {rule: CENTRE_PRICE_PLUS, percent} or {rule: PER_ACCIDENT_CAP, perAccident}',
      'PP82-2019.jkk.transport.limits: AIR must be in exactly one limit',
      'PP82-2019.jkk.transport.limits: SEA must be in exactly one limit',
    ]);
  });

  it('rejects a missing amount', () => {
    const data = copy() as unknown as { jkm: { funeral: Record<string, unknown> } }[];
    delete data[1].jkm.funeral.amount;
    expect(() => validateSchedule(data)).toThrow(ScheduleValidationError);
    expect(scheduleProblems(data)).toEqual(['PP82-2019.jkm.funeral.amount: missing']);
  });

  it('rejects a missing maximum declared income, and one below the default income', () => {
    const data = copy() as unknown as { membership: Record<string, unknown> }[];
    delete data[1].membership.maxDeclaredMonthlyIncome;
    data[0].membership.maxDeclaredMonthlyIncome = 999_999;
    expect(scheduleProblems(data)).toEqual([
      'PP44-2015.membership.maxDeclaredMonthlyIncome: must not be below the default income',
      'PP82-2019.membership.maxDeclaredMonthlyIncome: missing',
    ]);
  });

  it('rejects a negative amount', () => {
    const data = copy();
    data[0].jkk.death.minimum = -1;
    expect(scheduleProblems(data)).toEqual(['PP44-2015.jkk.death.minimum: must not be negative']);
  });

  it('rejects a non-integer amount (money is integer Rupiah)', () => {
    const data = copy();
    data[1].jkm.periodic.monthly = 500_000.5;
    expect(scheduleProblems(data)).toEqual([
      'PP82-2019.jkm.periodic.monthly: must be an integer Rupiah amount',
    ]);
  });

  it('rejects an amount given as text', () => {
    const data = copy() as unknown as { jkm: { deathBenefit: { amount: unknown } } }[];
    data[1].jkm.deathBenefit.amount = '20000000';
    expect(scheduleProblems(data)).toEqual([
      'PP82-2019.jkm.deathBenefit.amount: must be an integer Rupiah amount',
    ]);
  });

  it('rejects a missing scholarship level and a zero count', () => {
    const data = copy();
    const s = data[1].scholarship as PerChildScholarship;
    delete (s.levels as Partial<PerChildScholarship['levels']>).UNIVERSITY;
    s.maxChildren = 0;
    expect(scheduleProblems(data)).toEqual([
      'PP82-2019.scholarship.maxChildren: must be a positive integer',
      'PP82-2019.scholarship.levels.UNIVERSITY.perYear: missing',
      'PP82-2019.scholarship.levels.UNIVERSITY.maxYears: missing',
    ]);
  });

  it('rejects a percentage out of range and a missing basis', () => {
    const data = copy();
    data[1].jkk.permanentDisability.impairments.ONE_EYE = 135;
    data[1].jkm.funeral.basis = '';
    expect(scheduleProblems(data)).toEqual([
      'PP82-2019.jkk.permanentDisability.impairments.ONE_EYE: must be a percentage from 0 to 100',
      'PP82-2019.jkm.funeral.basis: missing (a non-empty text)',
    ]);
  });

  it('rejects unsorted effective dates', () => {
    const data = copy().reverse();
    expect(scheduleProblems(data)).toEqual([
      'PP44-2015.effectiveFrom: versions must be sorted by effectiveFrom with no overlap (2015-07-01 <= 2019-12-02)',
    ]);
  });

  it('rejects overlapping versions (two in force from the same day)', () => {
    const data = copy();
    data[1].effectiveFrom = data[0].effectiveFrom;
    expect(scheduleProblems(data)).toHaveLength(1);
    expect(scheduleProblems(data)[0]).toMatch(/PP82-2019\.effectiveFrom: versions must be sorted/);
  });

  it('rejects an invalid effective date and a version name used twice', () => {
    const data = copy();
    data[1].effectiveFrom = '2019-02-30';
    data[1].version = 'PP44-2015';
    expect(scheduleProblems(data)).toEqual([
      'PP44-2015.effectiveFrom: must be a date YYYY-MM-DD',
      'PP44-2015.version: used twice',
    ]);
  });

  it('rejects something that is not a list of versions', () => {
    expect(scheduleProblems({})).toEqual(['schedule: must be a non-empty list of versions']);
    expect(scheduleProblems([])).toEqual(['schedule: must be a non-empty list of versions']);
  });

  it('a custom lookup over a validated schedule finds the version by date', () => {
    const versions = loadSchedule(copy());
    expect(scheduleFor('2020-01-01', versions).version).toBe('PP82-2019');
  });
});
