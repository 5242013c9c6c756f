import { IsoDate, isIsoDate } from '../shared/dates';
import { findScheduleFor, SCHEDULE } from '../schedule/schedule';
import { ScheduleVersion } from '../schedule/schedule.types';
import { ContributionRates } from './contribution-amount';

/** The schedule values the member rules take (see MemberPolicy in member.decider). */
export interface MembershipPolicy {
  minimumMonthlyIncome: number;
  maximumMonthlyIncome: number;
  lapseMonths: number;
  contributionRates: ContributionRates;
}

/**
 * The membership rules in force on `date`, from the effective-dated schedule (data, not code).
 * A membership is judged by the version in force on its coverage start; a contribution month by
 * the version in force on the month's first day. Dates before the first version use the first.
 */
export function membershipPolicyOn(
  date: IsoDate,
  versions: readonly ScheduleVersion[] = SCHEDULE,
): MembershipPolicy {
  const version = (isIsoDate(date) ? findScheduleFor(date, versions) : undefined) ?? versions[0];
  return {
    minimumMonthlyIncome: version.membership.minimumIncome,
    maximumMonthlyIncome: version.membership.maxDeclaredMonthlyIncome,
    lapseMonths: version.membership.lapseMonths,
    contributionRates: {
      jkkRatePercent: version.contributions.jkkRatePercent,
      jkmMonthly: version.contributions.jkmMonthly,
    },
  };
}
