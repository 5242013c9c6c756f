/**
 * Coverage, lapse and contribution months (docs/benefit-rules.md "Contributions and coverage"): pure functions of a member's state and
 * of dates the caller passes in. Nothing here reads a clock.
 *
 * "Known payments" are the ContributionMonthPaid events on the member's stream (the state the
 * caller folded), each judged by its payment date `paidOn`, never by when it was recorded: a
 * migrated or late-booked record of a payment made in time counts from the day it was made
 * (docs/benefit-rules.md "Contributions and coverage": "payment dates may lie in the past: existing records are migrated in").
 * Consequences, all tested:
 *  - A payment dated after a lapse date L never changes L (L only looks at payments dated <= L),
 *    so a lapse is never revived by a later payment; one dated on L itself prevents it.
 *  - A payment dated before L (an advance payment, or a record migrated in) can move L later:
 *    L was still in the future on the day that payment was made.
 *  - So once L <= today, only a record of a payment made on or before L (which the sponsor
 *    could only book late) can move it; no payment made today or later can.
 * An as-of view ("as it was known at a past moment") is the same functions over the events
 * recorded by then.
 */
import { firstDayOf, IsoDate, IsoMonth, monthFromIndex, monthIndex, monthOf } from '../shared/dates';
import { CoverageResult, MemberState, MemberStatus } from './member.types';

/** Programme policy (P): a membership lapses after this many consecutive unpaid months. */
export const DEFAULT_LAPSE_MONTHS = 3;

type PaymentsView = Pick<MemberState, 'exists' | 'coverageStart' | 'paidMonths'>;

/** The earliest payment date per paid month of the current membership. */
function paymentDates(state: PaymentsView): Map<IsoMonth, IsoDate> {
  const dates = new Map<IsoMonth, IsoDate>();
  for (const p of state.paidMonths) {
    const known = dates.get(p.period);
    if (known === undefined || p.paidOn < known) dates.set(p.period, p.paidOn);
  }
  return dates;
}

/**
 * Lapse (P): the first day D = first day of month M+n (n = lapseMonths) such that months
 * M..M+n-1, all on or after the coverage start month, were all unpaid on D. A month is paid on D
 * when a payment for it has paidOn <= D. Undefined only for a member that does not exist: with
 * finitely many payments every membership has a (possibly future) lapse date.
 */
export function lapseDateOf(state: PaymentsView, lapseMonths = DEFAULT_LAPSE_MONTHS): IsoDate | undefined {
  if (!state.exists) return undefined;
  // Months as integers (year * 12 + month - 1): this runs for every member on every payment
  // the read model applies, so it avoids building month strings in its inner loop.
  const startMonth = monthIndex(monthOf(state.coverageStart));
  const paid = new Map<number, IsoDate>();
  for (const [period, paidOn] of paymentDates(state)) paid.set(monthIndex(period), paidOn);
  let lastPaid = startMonth;
  for (const period of paid.keys()) if (period > lastPaid) lastPaid = period;

  // From lastPaid + 1 on, every window is unpaid: the loop always returns by then.
  for (let m = startMonth; m <= lastPaid + 1; m++) {
    const day = firstDayOf(monthFromIndex(m + lapseMonths));
    let allUnpaid = true;
    for (let i = 0; i < lapseMonths && allUnpaid; i++) {
      const paidOn = paid.get(m + i);
      if (paidOn !== undefined && paidOn <= day) allUnpaid = false;
    }
    if (allUnpaid) return day;
  }
  return firstDayOf(monthFromIndex(lastPaid + 1 + lapseMonths));
}

export interface MemberStatusOn {
  status: MemberStatus;
  lapsedOn?: IsoDate;
  deceasedOn?: IsoDate;
}

/** The member's status on `today` (docs/api.md: ACTIVE | LAPSED | DECEASED). */
export function memberStatusOn(
  state: MemberState,
  today: IsoDate,
  lapseMonths = DEFAULT_LAPSE_MONTHS,
): MemberStatusOn {
  const lapse = lapseDateOf(state, lapseMonths);
  const lapsedOn = lapse !== undefined && lapse <= today ? lapse : undefined;
  if (state.deceasedOn !== undefined && state.deceasedOn <= today) {
    return { status: 'DECEASED', deceasedOn: state.deceasedOn, ...(lapsedOn ? { lapsedOn } : {}) };
  }
  if (lapsedOn !== undefined) return { status: 'LAPSED', lapsedOn };
  return { status: 'ACTIVE' };
}

/**
 * Coverage on date D (docs/benefit-rules.md "Contributions and coverage"), checked in the rule's order: NOT_COVERED before the coverage
 * start, COVERAGE_LAPSED when the lapse date is on or before D, CONTRIBUTION_UNPAID when month(D)
 * has no payment dated on or before `asAssessedAt`. Death is judged by the claims rules.
 */
export function coverageOn(
  member: MemberState,
  date: IsoDate,
  asAssessedAt: IsoDate,
  lapseMonths = DEFAULT_LAPSE_MONTHS,
): CoverageResult {
  if (!member.exists || date < member.coverageStart) {
    return {
      covered: false,
      reason: 'NOT_COVERED',
      message: member.exists
        ? `${date} is before the coverage start ${member.coverageStart}`
        : 'the person is not enrolled',
    };
  }
  const lapse = lapseDateOf(member, lapseMonths);
  if (lapse !== undefined && lapse <= date) {
    return {
      covered: false,
      reason: 'COVERAGE_LAPSED',
      message: `the membership lapsed on ${lapse} after ${lapseMonths} consecutive unpaid months`,
    };
  }
  const month = monthOf(date);
  const paidOn = paymentDates(member).get(month);
  if (paidOn === undefined || paidOn > asAssessedAt) {
    return {
      covered: false,
      reason: 'CONTRIBUTION_UNPAID',
      message: `the contribution for ${month} was not paid by ${asAssessedAt}`,
    };
  }
  return { covered: true };
}

/**
 * Contribution months before a date (docs/benefit-rules.md "Contributions and coverage"): the current membership's paid months from its
 * coverage start through month(date); with `asOf`, only payments dated on or before it.
 */
export function contributionMonthsBefore(member: MemberState, date: IsoDate, asOf?: IsoDate): number {
  if (!member.exists) return 0;
  const from = monthOf(member.coverageStart);
  const through = monthOf(date);
  let count = 0;
  for (const [period, paidOn] of paymentDates(member)) {
    if (period >= from && period <= through && (asOf === undefined || paidOn <= asOf)) count++;
  }
  return count;
}

/** The current membership's paid months, oldest first. */
export function paidMonthsOf(state: Pick<MemberState, 'paidMonths'>): IsoMonth[] {
  return [...new Set(state.paidMonths.map((p) => p.period))].sort();
}

export type ContributionMonthDecision = 'PAY' | 'ALREADY_PAID' | 'NOT_ACTIVE';

/**
 * What a sponsor payment for `period`, paid on `paidOn`, does to this member:
 *  - ALREADY_PAID: the month is paid in the current membership (re-posting changes nothing);
 *  - NOT_ACTIVE: not enrolled, the month is before the coverage start, the member died before
 *    that month, or the membership had lapsed by `paidOn` and the month is at or after the lapse
 *    month (a lapse is not revived by later payments; months before it may still be paid late);
 *  - PAY otherwise, including advance payments past a lapse date that still lies in the future
 *    of `paidOn`: paying the months in between can still avert it.
 */
export function contributionMonthDecision(
  state: MemberState,
  period: IsoMonth,
  paidOn: IsoDate,
  lapseMonths = DEFAULT_LAPSE_MONTHS,
): ContributionMonthDecision {
  if (!state.exists) return 'NOT_ACTIVE';
  if (state.paidMonths.some((p) => p.period === period)) return 'ALREADY_PAID';
  if (period < monthOf(state.coverageStart)) return 'NOT_ACTIVE';
  if (state.deceasedOn !== undefined && period > monthOf(state.deceasedOn)) return 'NOT_ACTIVE';
  const lapse = lapseDateOf(state, lapseMonths);
  if (lapse !== undefined && lapse <= paidOn && period >= monthOf(lapse)) return 'NOT_ACTIVE';
  return 'PAY';
}

/**
 * docs/api.md: a payment without `memberIds` covers "every member whose membership is active in that
 * period": enrolled, the period on or after the coverage start, not after the month of death,
 * and not lapsed by the payment date for that period (i.e. a payment would not be NOT_ACTIVE).
 */
export function isActiveInPeriod(
  state: MemberState,
  period: IsoMonth,
  paidOn: IsoDate,
  lapseMonths = DEFAULT_LAPSE_MONTHS,
): boolean {
  return contributionMonthDecision(state, period, paidOn, lapseMonths) !== 'NOT_ACTIVE';
}
