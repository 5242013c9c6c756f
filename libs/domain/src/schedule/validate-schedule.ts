import { isIsoDate } from '../shared/dates';
import { SCHEDULE_VERSION_SCHEMA } from './schedule.schema';
import { ScheduleVersion } from './schedule.types';

/** The schedule data is unusable: every problem is listed with its path. */
export class ScheduleValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid benefit schedule: ${problems.join('; ')}`);
    this.name = 'ScheduleValidationError';
  }
}

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One version's problems, with paths that read like `PP82-2019.jkm.funeral.amount`. */
function checkVersion(v: unknown, index: number): string[] {
  const name = isObject(v) && typeof v.version === 'string' && v.version ? v.version : `[${index}]`;
  if (!isObject(v)) return [`${name}.: a schedule version must be an object`];
  const parsed = SCHEDULE_VERSION_SCHEMA.safeParse(v);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => `${name}.${issue.path.join('.')}: ${issue.message}`);
}

/** Every problem of the schedule data; empty when it is usable. */
export function scheduleProblems(data: unknown): string[] {
  if (!Array.isArray(data) || data.length === 0) return ['schedule: must be a non-empty list of versions'];
  const problems = data.flatMap((v, i) => checkVersion(v, i));
  const names = new Set<string>();
  let previous: string | undefined;
  data.forEach((v: unknown, i) => {
    if (!isObject(v)) return;
    const name = typeof v.version === 'string' ? v.version : `[${i}]`;
    if (names.has(name)) problems.push(`${name}.version: used twice`);
    names.add(name);
    const from = v.effectiveFrom;
    if (!isIsoDate(from)) return;
    // ISO dates compare as strings; equal dates would make two versions in force on one day.
    if (previous !== undefined && from <= previous)
      problems.push(
        `${name}.effectiveFrom: versions must be sorted by effectiveFrom with no overlap (${from} <= ${previous})`,
      );
    previous = from;
  });
  return problems;
}

/** Checks the data and returns it typed, or throws `ScheduleValidationError` listing every problem. */
export function validateSchedule(data: unknown): ScheduleVersion[] {
  const problems = scheduleProblems(data);
  if (problems.length > 0) throw new ScheduleValidationError(problems);
  return (data as unknown[]).map((v) => SCHEDULE_VERSION_SCHEMA.parse(v));
}
