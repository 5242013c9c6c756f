import { IsoDate, isIsoDate } from '../shared/dates';
import { SCHEDULE_DATA } from './schedule.data';
import { PerChildScholarship, PeriodicBenefit, ScheduleVersion } from './schedule.types';
import { validateSchedule } from './validate-schedule';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/** Validates schedule data and returns it frozen, oldest version first. */
export function loadSchedule(data: unknown): readonly ScheduleVersion[] {
  return deepFreeze(validateSchedule(data));
}

/** The programme's schedule, validated when this module loads (a bad edit fails at start). */
export const SCHEDULE: readonly ScheduleVersion[] = loadSchedule(structuredClone(SCHEDULE_DATA));

/** The version in force on `date`, or undefined before the first version. */
export function findScheduleFor(
  date: IsoDate,
  versions: readonly ScheduleVersion[] = SCHEDULE,
): ScheduleVersion | undefined {
  let found: ScheduleVersion | undefined;
  for (const v of versions) if (v.effectiveFrom <= date) found = v;
  return found;
}

/** The version in force on the incident date; a claim is always assessed with it (docs/benefit-rules.md). */
export function scheduleFor(date: IsoDate, versions: readonly ScheduleVersion[] = SCHEDULE): ScheduleVersion {
  if (!isIsoDate(date)) throw new RangeError(`Not a date: ${date}`);
  const found = findScheduleFor(date, versions);
  if (!found) throw new RangeError(`No benefit schedule in force on ${date}`);
  return found;
}

export function scheduleVersionNamed(
  name: string,
  versions: readonly ScheduleVersion[] = SCHEDULE,
): ScheduleVersion | undefined {
  return versions.find((v) => v.version === name);
}

export function periodicTotal(periodic: PeriodicBenefit): number {
  return periodic.months * periodic.monthly;
}

/** A child's scholarship through every level at its maximum years (87m under PP 82/2019). */
export function fullSchoolingPerChild(rule: PerChildScholarship): number {
  return Object.values(rule.levels).reduce((sum, l) => sum + l.perYear * l.maxYears, 0);
}

/** Monthly contribution for a declared income: JKK percent of income (rounded half up) + JKM flat. */
export function monthlyContribution(
  declaredMonthlyIncome: number,
  version: ScheduleVersion,
): { jkk: number; jkm: number; total: number } {
  const jkk = Math.floor((declaredMonthlyIncome * version.contributions.jkkRatePercent) / 100 + 0.5);
  const jkm = version.contributions.jkmMonthly;
  return { jkk, jkm, total: jkk + jkm };
}
