import { IsoDate, addDays, daysBetween, toUtc } from '../shared/dates';
import { LineCode, Payee } from './claim.types';
import { roundHalfUpRatio } from './money';

export function isWorkingDay(date: IsoDate, holidays: readonly IsoDate[] = []): boolean {
  const weekday = toUtc(date).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidays.includes(date);
}

/**
 * The date `n` working days after `date` (the start day itself never counts), skipping
 * Saturdays, Sundays and the given public holidays: benefits are due 7 working days after the
 * claim is complete (PP 44/2015 art. 37).
 */
export function addWorkingDays(date: IsoDate, n: number, holidays: readonly IsoDate[] = []): IsoDate {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`addWorkingDays needs a whole number of days >= 0: ${n}`);
  let day = date;
  for (let left = n; left > 0;) {
    day = addDays(day, 1);
    if (isWorkingDay(day, holidays)) left--;
  }
  return day;
}

/** Calendar days a payment made on `paidOn` is late against `dueBy` (0 when on time). */
export function daysLate(dueBy: IsoDate, paidOn: IsoDate): number {
  return Math.max(0, daysBetween(dueBy, paidOn));
}

/**
 * The late-payment penalty owed to the beneficiary: `ratePercentPerDay`% (the schedule's rate) of the benefit for each
 * calendar day after `dueBy`, rounded half up to the Rupiah (PP 44/2015 art. 37). Paid as its own
 * payout line (LATE_PENALTY).
 */
export function latePenalty(
  amount: number,
  dueBy: IsoDate,
  paidOn: IsoDate,
  ratePercentPerDay: number,
): number {
  const days = daysLate(dueBy, paidOn);
  if (days === 0) return 0;
  // Rate in hundredths of a percent keeps the arithmetic exact for rates like 0.5%.
  const rateHundredths = Math.round(ratePercentPerDay * 100);
  return roundHalfUpRatio(amount * days * rateHundredths, 10_000);
}

/** Lines paid to a provider: they carry no late penalty (docs/benefit-rules.md "Decisions and payment"). */
export const PROVIDER_LINE_CODES: readonly LineCode[] = ['MEDICAL_CARE', 'HOME_CARE', 'REHABILITATION_AID'];

/** Only cash benefits paid to their beneficiary owe a late penalty; nothing is owed to a provider. */
export function owesLatePenalty(payee: Payee, lines: readonly LineCode[]): boolean {
  return payee.kind !== 'PROVIDER' && !lines.some((l) => PROVIDER_LINE_CODES.includes(l));
}

/** Work relation (PP 49/2023): the decision on a suspected work accident is due this many days after the report. */
export function workRelationDecisionDue(reportedOn: IsoDate, days: number): IsoDate {
  return addDays(reportedOn, days);
}

/** An undecided suspicion after its due date, or a decision made after it, breaches the SLA. */
export function workRelationSlaBreached(dueBy: IsoDate, today: IsoDate, decidedOn?: IsoDate): boolean {
  return (decidedOn ?? today) > dueBy;
}
