/**
 * Calendar arithmetic on ISO dates (`YYYY-MM-DD`) and months (`YYYY-MM`), in UTC so that the
 * result never depends on the host's time zone. "Today" is always passed in by the caller.
 */
export type IsoDate = string;
export type IsoMonth = string;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_RE = /^(\d{4})-(\d{2})$/;

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

export function isIsoMonth(value: unknown): value is IsoMonth {
  if (typeof value !== 'string') return false;
  const m = MONTH_RE.exec(value);
  return !!m && +m[2] >= 1 && +m[2] <= 12;
}

export function toUtc(date: IsoDate): Date {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

export function fromUtc(d: Date): IsoDate {
  return d.toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return fromUtc(d);
}

/** Adds calendar months; the day is clamped to the target month's length (Jan 31 + 1 = Feb 28/29). */
export function addMonthsToDate(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const ty = Math.floor(total / 12);
  const tm = total % 12;
  const last = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  return fromUtc(new Date(Date.UTC(ty, tm, Math.min(d, last))));
}

export function addYears(date: IsoDate, years: number): IsoDate {
  return addMonthsToDate(date, years * 12);
}

export function monthOf(date: IsoDate): IsoMonth {
  return date.slice(0, 7);
}

export function addMonths(month: IsoMonth, months: number): IsoMonth {
  return monthFromIndex(monthIndex(month) + months);
}

/** A month as one integer, year * 12 + (month - 1): consecutive months are consecutive integers. */
export function monthIndex(month: IsoMonth): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

export function monthFromIndex(index: number): IsoMonth {
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return `${year >= 1000 ? year : String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}`;
}

export function firstDayOf(month: IsoMonth): IsoDate {
  return `${month}-01`;
}

/** Whole days from a to b (b - a). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((toUtc(b).getTime() - toUtc(a).getTime()) / 86_400_000);
}

/** The calendar date of an instant in a fixed-offset zone; Asia/Jakarta is UTC+7 with no DST. */
export function dateInJakarta(instant: Date): IsoDate {
  return fromUtc(new Date(instant.getTime() + 7 * 3_600_000));
}

/** Integer Rupiah, rounded half up (docs/benefit-rules.md: per line). */
export function roundRupiah(amount: number): number {
  return Math.floor(amount + 0.5);
}
