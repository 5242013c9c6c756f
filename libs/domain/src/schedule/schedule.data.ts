import { ScheduleVersion } from './schedule.types';

/**
 * The benefit schedule as data (DOMAIN.md: "every amount, rate, limit and deadline lives in one
 * effective-dated schedule"). Sorted by `effectiveFrom`; validated by `validateSchedule` when the
 * module loads. A new regulation is a new entry here. `(P)` marks a programme policy.
 */
export const SCHEDULE_DATA: readonly ScheduleVersion[] = [
  {
    version: 'PP44-2015',
    effectiveFrom: '2015-07-01',
    regulation: 'PP 44/2015 (JKK and JKM programmes)',
    contributions: {
      jkkRatePercent: 1,
      jkmMonthly: 6_800,
      basis: 'PP 44/2015 (BPU contributions: JKK 1% of declared income, JKM Rp 6,800 a month)',
    },
    membership: {
      minimumIncome: 1_000_000,
      defaultIncome: 1_000_000,
      maxDeclaredMonthlyIncome: 50_000_000,
      lapseMonths: 3,
      basis:
        '(P) programme policy: declared income at least Rp 1,000,000 and at most Rp 50,000,000; lapse after 3 unpaid months',
    },
    claims: {
      deadline: {
        years: 5,
        basis: 'PP 44/2015 (claims expire 5 years after the incident); (P) the same for JKM',
      },
      workRelationDecision: {
        days: 30,
        basis: 'PP 49/2023 (work-relation decision within 30 days of the report)',
      },
    },
    jkk: {
      medical: { cap: null, basis: 'PP 44/2015 art. 25 (medical care as medically needed, no cap)' },
      temporaryIncapacity: {
        daysDivisor: 30,
        fullRatePercent: 100,
        fullRateMonths: 12,
        reducedRatePercent: 50,
        basis: 'PP 44/2015 annex (temporary incapacity: income / 30 a day, 100% for 12 months, 50% after)',
      },
      permanentDisability: {
        incomeMultiplier: 80,
        totalPercent: 70,
        partialCapPercent: 70,
        impairments: { BOTH_EYES: 70, ONE_EYE: 35, ARM_SHOULDER_RIGHT: 40, ARM_SHOULDER_LEFT: 35 },
        impairmentsBasis: 'PP 44/2015 annex (permanent partial disability table)',
        basis: 'PP 44/2015 annex (permanent disability: percentage × 80 × income; total 70%)',
      },
      death: {
        incomeMultiplier: 48,
        minimum: 20_000_000,
        basis: 'PP 44/2015 annex (JKK death: 48 × income)',
      },
      funeral: { amount: 3_000_000, basis: 'PP 44/2015 annex (JKK funeral Rp 3,000,000)' },
      periodic: {
        months: 24,
        monthly: 200_000,
        basis: 'PP 44/2015 annex (JKK periodic benefit 24 × Rp 200,000)',
      },
    },
    jkm: {
      deathBenefit: { amount: 16_200_000, basis: 'PP 44/2015 art. 34 (JKM death benefit Rp 16,200,000)' },
      periodic: {
        months: 24,
        monthly: 200_000,
        basis: 'PP 44/2015 art. 34 (JKM periodic benefit 24 × Rp 200,000)',
      },
      funeral: { amount: 3_000_000, basis: 'PP 44/2015 art. 34 (JKM funeral Rp 3,000,000)' },
    },
    scholarship: {
      kind: 'ONE_OFF_PER_MEMBER',
      amount: 12_000_000,
      jkmMinContributionMonths: 60,
      basis:
        'PP 44/2015 art. 25 and art. 34 (scholarship Rp 12,000,000 per member; JKM after 5 years of contributions)',
    },
    approvals: {
      secondApprovalThreshold: 50_000_000,
      basis: '(P) programme policy: four eyes, a second approval from Rp 50,000,000',
    },
    serviceLevel: {
      payoutWorkingDays: 7,
      latePenaltyPercentPerDay: 1,
      basis: 'PP 44/2015 art. 37 (due within 7 working days of a complete claim; 1% a day late)',
    },
  },
  {
    version: 'PP82-2019',
    effectiveFrom: '2019-12-02',
    regulation: 'PP 44/2015 as amended by PP 82/2019 (and PP 49/2023)',
    contributions: {
      jkkRatePercent: 1,
      jkmMonthly: 6_800,
      basis: 'PP 82/2019 (BPU contributions: JKK 1% of declared income, JKM Rp 6,800 a month)',
    },
    membership: {
      minimumIncome: 1_000_000,
      defaultIncome: 1_000_000,
      maxDeclaredMonthlyIncome: 50_000_000,
      lapseMonths: 3,
      basis:
        '(P) programme policy: declared income at least Rp 1,000,000 and at most Rp 50,000,000; lapse after 3 unpaid months',
    },
    claims: {
      deadline: {
        years: 5,
        basis: 'PP 44/2015 (claims expire 5 years after the incident); (P) the same for JKM',
      },
      workRelationDecision: {
        days: 30,
        basis: 'PP 49/2023 (work-relation decision within 30 days of the report)',
      },
    },
    jkk: {
      medical: { cap: null, basis: 'PP 82/2019 art. 25 (medical care as medically needed, no cap)' },
      temporaryIncapacity: {
        daysDivisor: 30,
        fullRatePercent: 100,
        fullRateMonths: 12,
        reducedRatePercent: 50,
        basis: 'PP 82/2019 annex (temporary incapacity: income / 30 a day, 100% for 12 months, 50% after)',
      },
      permanentDisability: {
        incomeMultiplier: 80,
        totalPercent: 70,
        partialCapPercent: 70,
        impairments: { BOTH_EYES: 70, ONE_EYE: 35, ARM_SHOULDER_RIGHT: 40, ARM_SHOULDER_LEFT: 35 },
        impairmentsBasis: 'PP 44/2015 annex (permanent partial disability table)',
        basis: 'PP 82/2019 annex (permanent disability: percentage × 80 × income; total 70%)',
      },
      death: {
        incomeMultiplier: 48,
        minimum: 20_000_000,
        basis: 'PP 82/2019 annex (JKK death: 48 × income, at least Rp 20,000,000)',
      },
      funeral: { amount: 10_000_000, basis: 'PP 82/2019 annex (JKK funeral Rp 10,000,000)' },
      periodic: {
        months: 24,
        monthly: 500_000,
        basis: 'PP 82/2019 annex (JKK periodic benefit 24 × Rp 500,000, paid at once)',
      },
    },
    jkm: {
      deathBenefit: { amount: 20_000_000, basis: 'PP 82/2019 art. 34 (JKM death benefit Rp 20,000,000)' },
      periodic: {
        months: 24,
        monthly: 500_000,
        basis: 'PP 82/2019 art. 34 (JKM periodic benefit 24 × Rp 500,000, paid at once)',
      },
      funeral: { amount: 10_000_000, basis: 'PP 82/2019 art. 34 (JKM funeral Rp 10,000,000)' },
    },
    scholarship: {
      kind: 'PER_CHILD_PER_YEAR',
      maxChildren: 2,
      ageLimit: 23,
      ageReferenceDay: '07-01',
      jkmMinContributionMonths: 36,
      levels: {
        TK: { perYear: 1_500_000, maxYears: 2 },
        SD: { perYear: 1_500_000, maxYears: 6 },
        SMP: { perYear: 2_000_000, maxYears: 3 },
        SMA: { perYear: 3_000_000, maxYears: 3 },
        UNIVERSITY: { perYear: 12_000_000, maxYears: 5 },
      },
      basis:
        'PP 82/2019 art. 25 and art. 34 (scholarship for at most 2 children, per level and year, until 23, unmarried and not employed; JKM after 3 years of contributions)',
    },
    approvals: {
      secondApprovalThreshold: 50_000_000,
      basis: '(P) programme policy: four eyes, a second approval from Rp 50,000,000',
    },
    serviceLevel: {
      payoutWorkingDays: 7,
      latePenaltyPercentPerDay: 1,
      basis: 'PP 44/2015 art. 37 (due within 7 working days of a complete claim; 1% a day late)',
    },
  },
];
