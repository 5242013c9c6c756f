import { IsoDate } from '../shared/dates';

/**
 * One effective-dated version of the benefit schedule: every amount, rate, limit and deadline
 * of DOMAIN.md. A new regulation is a new version (data), never new code. All money is integer
 * Rupiah; rates and percentages are plain numbers (1 means 1%).
 */
export const SCHOLARSHIP_LEVELS = ['TK', 'SD', 'SMP', 'SMA', 'UNIVERSITY'] as const;
export type ScholarshipLevel = (typeof SCHOLARSHIP_LEVELS)[number];

/** A rule with the regulation article or programme policy (P) it comes from. */
export interface Cited {
  basis: string;
}

export interface ScholarshipLevelRule {
  perYear: number;
  maxYears: number;
}

/** PP 82/2019: per child per academic year, by level, for at most `maxChildren` children. */
export interface PerChildScholarship extends Cited {
  kind: 'PER_CHILD_PER_YEAR';
  maxChildren: number;
  /** A child this old or older on the reference day (1 July) of the academic year is excluded. */
  ageLimit: number;
  /** Month and day (`MM-DD`) of the academic year's first year on which the age is judged. */
  ageReferenceDay: string;
  /** JKM basis only: contribution months needed before death. */
  jkmMinContributionMonths: number;
  levels: Record<ScholarshipLevel, ScholarshipLevelRule>;
}

/** PP 44/2015: a one-off amount per member. */
export interface OneOffScholarship extends Cited {
  kind: 'ONE_OFF_PER_MEMBER';
  amount: number;
  /** JKM basis only: contribution months needed before death (5 years). */
  jkmMinContributionMonths: number;
}

export type ScholarshipRule = PerChildScholarship | OneOffScholarship;

export interface PeriodicBenefit extends Cited {
  months: number;
  monthly: number;
}

export interface AmountRule extends Cited {
  amount: number;
}

export interface ScheduleVersion {
  /** Named in every assessment as `scheduleVersion`, e.g. `PP82-2019`. */
  version: string;
  /** In force for incidents on or after this date (until the next version's date). */
  effectiveFrom: IsoDate;
  regulation: string;
  contributions: Cited & {
    /** JKK: percent of declared monthly income. */
    jkkRatePercent: number;
    /** JKM: flat Rupiah per month. */
    jkmMonthly: number;
  };
  membership: Cited & {
    minimumIncome: number;
    defaultIncome: number;
    /** The largest declared monthly income an enrollment accepts (benefits are multiples of it). */
    maxDeclaredMonthlyIncome: number;
    /** A membership lapses after this many consecutive unpaid months. */
    lapseMonths: number;
  };
  claims: {
    deadline: Cited & { years: number };
    workRelationDecision: Cited & { days: number };
  };
  jkk: {
    medical: Cited & { cap: null };
    temporaryIncapacity: Cited & {
      daysDivisor: number;
      fullRatePercent: number;
      /** Days before this many months after the accident are paid at the full rate. */
      fullRateMonths: number;
      reducedRatePercent: number;
    };
    permanentDisability: Cited & {
      incomeMultiplier: number;
      totalPercent: number;
      partialCapPercent: number;
      /** Impairment code -> table percentage (PP 44/2015 annex). */
      impairments: Record<string, number>;
      impairmentsBasis: string;
    };
    death: Cited & { incomeMultiplier: number; minimum: number };
    funeral: AmountRule;
    periodic: PeriodicBenefit;
  };
  jkm: {
    deathBenefit: AmountRule;
    periodic: PeriodicBenefit;
    funeral: AmountRule;
  };
  scholarship: ScholarshipRule;
  approvals: Cited & { secondApprovalThreshold: number };
  serviceLevel: Cited & { payoutWorkingDays: number; latePenaltyPercentPerDay: number };
}

export type ScheduleLookup = (date: IsoDate) => ScheduleVersion;
