import { z } from 'zod';
import { isIsoDate } from '../shared/dates';

/**
 * The schema of one schedule version (docs/benefit-rules.md "The schedule"): the TypeScript types
 * are derived from it, and every data file in versions/ is checked against it when it loads.
 * Messages read like the problems a person editing the data must fix.
 */
export const SCHOLARSHIP_LEVELS = ['TK', 'SD', 'SMP', 'SMA', 'UNIVERSITY'] as const;

const problem = (check: (v: unknown) => string | undefined) =>
  z.unknown().superRefine((v, ctx) => {
    const message = check(v);
    if (message) ctx.addIssue({ code: 'custom', message });
  });

const missing = (v: unknown) => v === undefined || v === null;

/** Money: a non-negative integer Rupiah amount (`positive`: more than zero). */
const amount = ({ positive = false } = {}) =>
  problem((v) => {
    if (missing(v)) return 'missing';
    if (typeof v !== 'number' || !Number.isInteger(v)) return 'must be an integer Rupiah amount';
    if (v < 0) return 'must not be negative';
    if (positive && v === 0) return 'must be positive';
    return undefined;
  }).transform((v) => v as number);

/** A count of months, days, years, children: a positive integer. */
const count = () =>
  problem((v) => {
    if (missing(v)) return 'missing';
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) return 'must be a positive integer';
    return undefined;
  }).transform((v) => v as number);

/** A percentage or rate: a finite number from 0 to 100. */
const percent = () =>
  problem((v) => {
    if (missing(v)) return 'missing';
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 100)
      return 'must be a percentage from 0 to 100';
    return undefined;
  }).transform((v) => v as number);

const text = () =>
  problem((v) =>
    typeof v !== 'string' || v.trim() === '' ? 'missing (a non-empty text)' : undefined,
  ).transform((v) => v as string);

const isoDate = () =>
  problem((v) => (isIsoDate(v) ? undefined : 'must be a date YYYY-MM-DD')).transform((v) => v as string);

/** A missing nested rule reports its missing fields, not just itself. */
const section = <T extends z.ZodRawShape>(shape: T) => z.preprocess((v) => v ?? {}, z.object(shape));

const cited = <T extends z.ZodRawShape>(shape: T) => section({ ...shape, basis: text() });

const amountRule = () => cited({ amount: amount() });
const periodic = () => cited({ months: count(), monthly: amount() });

const levelRule = section({ perYear: amount({ positive: true }), maxYears: count() });

const perChildScholarship = z.object({
  kind: z.literal('PER_CHILD_PER_YEAR'),
  basis: text(),
  /** JKM basis only: contribution months needed before death. */
  jkmMinContributionMonths: count(),
  maxChildren: count(),
  /** A child this old or older on the reference day (1 July) of the academic year is excluded. */
  ageLimit: count(),
  /** Month and day (`MM-DD`) of the academic year's first year on which the age is judged. */
  ageReferenceDay: problem((v) =>
    typeof v === 'string' && isIsoDate(`2000-${v}`) ? undefined : 'must be a day of the year MM-DD',
  ).transform((v) => v as string),
  levels: section(
    Object.fromEntries(SCHOLARSHIP_LEVELS.map((level) => [level, levelRule])) as Record<
      (typeof SCHOLARSHIP_LEVELS)[number],
      typeof levelRule
    >,
  ),
});

const oneOffScholarship = z.object({
  kind: z.literal('ONE_OFF_PER_MEMBER'),
  basis: text(),
  jkmMinContributionMonths: count(),
  amount: amount({ positive: true }),
});

export const TRANSPORT_MODES = ['LAND', 'RIVER', 'LAKE', 'SEA', 'AIR'] as const;
export const REHABILITATION_AIDS = ['PROSTHESIS', 'ORTHOSIS', 'DENTURES', 'HEARING_AID', 'GLASSES'] as const;

/** Per accident, each mode in exactly one limit (land, river and lake share one). */
const transportRule = cited({
  limits: z
    .array(
      z.object({ modes: z.array(z.enum(TRANSPORT_MODES)).min(1), perAccident: amount({ positive: true }) }),
    )
    .min(1),
}).superRefine((t, ctx) => {
  const modes = t.limits.flatMap((l) => l.modes);
  for (const mode of TRANSPORT_MODES)
    if (modes.filter((m) => m === mode).length !== 1)
      ctx.addIssue({ code: 'custom', path: ['limits'], message: `${mode} must be in exactly one limit` });
});

/** An aid is the centre's price plus a percentage, or its cost up to a limit per accident. */
const aidRule = z.discriminatedUnion(
  'rule',
  [
    z.object({ rule: z.literal('CENTRE_PRICE_PLUS'), percent: percent() }),
    z.object({ rule: z.literal('PER_ACCIDENT_CAP'), perAccident: amount({ positive: true }) }),
  ],
  { error: 'must be {rule: CENTRE_PRICE_PLUS, percent} or {rule: PER_ACCIDENT_CAP, perAccident}' },
);

const impairmentTable = problem((v) =>
  typeof v !== 'object' || v === null || Array.isArray(v) || Object.keys(v).length === 0
    ? 'missing (a table of code -> percentage)'
    : undefined,
).pipe(z.record(z.string(), percent()));

export const SCHEDULE_VERSION_SCHEMA = z.object({
  /** Named in every assessment as `scheduleVersion`, e.g. `PP82-2019`. */
  version: text(),
  /** In force for incidents on or after this date (until the next version's date). */
  effectiveFrom: isoDate(),
  regulation: text(),
  contributions: cited({
    /** JKK: percent of declared monthly income. */
    jkkRatePercent: percent(),
    /** JKM: flat Rupiah per month. */
    jkmMonthly: amount(),
  }),
  membership: cited({
    minimumIncome: amount({ positive: true }),
    defaultIncome: amount({ positive: true }),
    /** The largest declared monthly income an enrollment accepts (benefits are multiples of it). */
    maxDeclaredMonthlyIncome: amount({ positive: true }),
    /** A membership lapses after this many consecutive unpaid months. */
    lapseMonths: count(),
  }).superRefine((m, ctx) => {
    if (m.defaultIncome < m.minimumIncome)
      ctx.addIssue({
        code: 'custom',
        path: ['defaultIncome'],
        message: 'must not be below the minimum income',
      });
    if (m.maxDeclaredMonthlyIncome < m.defaultIncome)
      ctx.addIssue({
        code: 'custom',
        path: ['maxDeclaredMonthlyIncome'],
        message: 'must not be below the default income',
      });
  }),
  claims: section({
    /** JKK claims: time-barred after this many years. */
    deadline: cited({ years: count() }),
    /** JKM claims (the same 5 years from PP 82/2019 on). */
    jkmDeadline: cited({ years: count() }),
    workRelationDecision: cited({ days: count() }),
  }),
  jkk: section({
    medical: cited({ cap: z.null() }),
    temporaryIncapacity: cited({
      daysDivisor: count(),
      /** Consecutive periods from the accident, each of `months` at `percent`; then `thenPercent`. */
      periods: z.array(section({ months: count(), percent: percent() })).min(1),
      thenPercent: percent(),
    }),
    permanentDisability: cited({
      incomeMultiplier: count(),
      totalPercent: percent(),
      partialCapPercent: percent(),
      /** Impairment code -> table percentage (PP 44/2015 annex). */
      impairments: impairmentTable,
      impairmentsBasis: text(),
    }),
    death: cited({ incomeMultiplier: count(), minimum: amount() }),
    funeral: amountRule(),
    periodic: periodic(),
    transport: transportRule,
    homeCare: cited({
      perAccident: amount({ positive: true }),
      /** Care days count within this many years of the accident's first home-care day. */
      careWindowYears: count(),
    }),
    rehabilitationAid: cited({
      aids: section(
        Object.fromEntries(REHABILITATION_AIDS.map((aid) => [aid, aidRule])) as Record<
          (typeof REHABILITATION_AIDS)[number],
          typeof aidRule
        >,
      ),
    }),
  }),
  jkm: section({
    deathBenefit: amountRule(),
    periodic: periodic(),
    funeral: amountRule(),
  }),
  scholarship: z.discriminatedUnion('kind', [perChildScholarship, oneOffScholarship], {
    error: 'must be ONE_OFF_PER_MEMBER or PER_CHILD_PER_YEAR',
  }),
  approvals: cited({ secondApprovalThreshold: amount({ positive: true }) }),
  serviceLevel: cited({ payoutWorkingDays: count(), latePenaltyPercentPerDay: percent() }),
});
