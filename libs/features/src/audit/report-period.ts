import { addDays, FieldError, isIsoDate, toUtc } from '@app/domain/shared';
import { ProblemException } from '@app/platform';
import { parseInstant, ReportPeriod } from '@app/read-models';

const JAKARTA_OFFSET_MS = 7 * 3_600_000;

/** The first instant of a day in Asia/Jakarta (docs/api.md: "today" is the date in Asia/Jakarta). */
const startOfJakartaDay = (date: string) => new Date(toUtc(date).getTime() - JAKARTA_OFFSET_MS);

/**
 * A report's period from `?from=&to=` (docs/api.md "Audit"): each an ISO 8601 instant with its
 * zone or a date `YYYY-MM-DD` (a day in Asia/Jakarta). The period is [from, to): a `from` date
 * starts at that day's beginning, a `to` date includes that whole day. Either may be absent
 * (open). Every bad field is named in one 400.
 */
export function reportPeriod(query: { from?: string; to?: string }): ReportPeriod {
  const errors: FieldError[] = [];
  const bound = (field: 'from' | 'to'): Date | undefined => {
    const text = query[field];
    if (text === undefined) return undefined;
    if (isIsoDate(text)) return startOfJakartaDay(field === 'to' ? addDays(text, 1) : text);
    const instant = parseInstant(text);
    if (!instant)
      errors.push({
        field,
        message: 'must be a date YYYY-MM-DD or an ISO 8601 instant with its zone, e.g. 2026-03-01T09:30:00Z',
      });
    return instant;
  };
  const from = bound('from');
  const to = bound('to');
  if (from && to && to.getTime() <= from.getTime())
    errors.push({ field: 'to', message: 'must be after from' });
  if (errors.length) throw ProblemException.validation(errors);
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}
