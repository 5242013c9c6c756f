import { isIsoDate } from '../shared/dates';
import { SCHOLARSHIP_LEVELS, ScheduleVersion } from './schedule.types';

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

/** Collects problems while walking one version; paths read like `PP82-2019.jkm.funeral.amount`. */
class Checker {
  readonly problems: string[] = [];

  constructor(private readonly prefix: string) {}

  private report(path: string, message: string): void {
    this.problems.push(`${this.prefix}.${path}: ${message}`);
  }

  get(root: unknown, path: string): unknown {
    let node: unknown = root;
    for (const key of path.split('.')) {
      if (!isObject(node)) return undefined;
      node = node[key];
    }
    return node;
  }

  /** Money: a non-negative integer Rupiah amount. */
  amount(root: unknown, path: string, { positive = false } = {}): void {
    const v = this.get(root, path);
    if (v === undefined || v === null) this.report(path, 'missing');
    else if (typeof v !== 'number' || !Number.isInteger(v))
      this.report(path, 'must be an integer Rupiah amount');
    else if (v < 0) this.report(path, 'must not be negative');
    else if (positive && v === 0) this.report(path, 'must be positive');
  }

  /** A count of months, days, years, children: a positive integer. */
  count(root: unknown, path: string): void {
    const v = this.get(root, path);
    if (v === undefined || v === null) this.report(path, 'missing');
    else if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0)
      this.report(path, 'must be a positive integer');
  }

  /** A percentage or rate: a finite number from 0 to 100. */
  percent(root: unknown, path: string): void {
    const v = this.get(root, path);
    if (v === undefined || v === null) this.report(path, 'missing');
    else if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 100)
      this.report(path, 'must be a percentage from 0 to 100');
  }

  text(root: unknown, path: string): void {
    const v = this.get(root, path);
    if (typeof v !== 'string' || v.trim() === '') this.report(path, 'missing (a non-empty text)');
  }

  custom(path: string, message: string): void {
    this.report(path, message);
  }
}

function checkVersion(v: unknown, index: number): string[] {
  const name = isObject(v) && typeof v.version === 'string' && v.version ? v.version : `[${index}]`;
  const c = new Checker(name);
  if (!isObject(v)) {
    c.custom('', 'a schedule version must be an object');
    return c.problems;
  }
  c.text(v, 'version');
  c.text(v, 'regulation');
  if (!isIsoDate(v.effectiveFrom)) c.custom('effectiveFrom', 'must be a date YYYY-MM-DD');

  c.percent(v, 'contributions.jkkRatePercent');
  c.amount(v, 'contributions.jkmMonthly');
  c.text(v, 'contributions.basis');

  c.amount(v, 'membership.minimumIncome', { positive: true });
  c.amount(v, 'membership.defaultIncome', { positive: true });
  c.count(v, 'membership.lapseMonths');
  c.text(v, 'membership.basis');
  const min = c.get(v, 'membership.minimumIncome');
  const dflt = c.get(v, 'membership.defaultIncome');
  if (typeof min === 'number' && typeof dflt === 'number' && dflt < min)
    c.custom('membership.defaultIncome', 'must not be below the minimum income');
  c.amount(v, 'membership.maxDeclaredMonthlyIncome', { positive: true });
  const max = c.get(v, 'membership.maxDeclaredMonthlyIncome');
  if (typeof max === 'number' && typeof dflt === 'number' && max < dflt)
    c.custom('membership.maxDeclaredMonthlyIncome', 'must not be below the default income');

  c.count(v, 'claims.deadline.years');
  c.text(v, 'claims.deadline.basis');
  c.count(v, 'claims.workRelationDecision.days');
  c.text(v, 'claims.workRelationDecision.basis');

  if (c.get(v, 'jkk.medical.cap') !== null) c.amount(v, 'jkk.medical.cap', { positive: true });
  c.text(v, 'jkk.medical.basis');

  c.count(v, 'jkk.temporaryIncapacity.daysDivisor');
  c.percent(v, 'jkk.temporaryIncapacity.fullRatePercent');
  c.count(v, 'jkk.temporaryIncapacity.fullRateMonths');
  c.percent(v, 'jkk.temporaryIncapacity.reducedRatePercent');
  c.text(v, 'jkk.temporaryIncapacity.basis');

  c.count(v, 'jkk.permanentDisability.incomeMultiplier');
  c.percent(v, 'jkk.permanentDisability.totalPercent');
  c.percent(v, 'jkk.permanentDisability.partialCapPercent');
  c.text(v, 'jkk.permanentDisability.basis');
  c.text(v, 'jkk.permanentDisability.impairmentsBasis');
  const impairments = c.get(v, 'jkk.permanentDisability.impairments');
  if (!isObject(impairments) || Object.keys(impairments).length === 0)
    c.custom('jkk.permanentDisability.impairments', 'missing (a table of code -> percentage)');
  else
    for (const code of Object.keys(impairments)) c.percent(v, `jkk.permanentDisability.impairments.${code}`);

  c.count(v, 'jkk.death.incomeMultiplier');
  c.amount(v, 'jkk.death.minimum');
  c.text(v, 'jkk.death.basis');
  for (const p of ['jkk.funeral', 'jkm.deathBenefit', 'jkm.funeral']) {
    c.amount(v, `${p}.amount`);
    c.text(v, `${p}.basis`);
  }
  for (const p of ['jkk.periodic', 'jkm.periodic']) {
    c.count(v, `${p}.months`);
    c.amount(v, `${p}.monthly`);
    c.text(v, `${p}.basis`);
  }

  const kind = c.get(v, 'scholarship.kind');
  c.text(v, 'scholarship.basis');
  c.count(v, 'scholarship.jkmMinContributionMonths');
  if (kind === 'ONE_OFF_PER_MEMBER') {
    c.amount(v, 'scholarship.amount', { positive: true });
  } else if (kind === 'PER_CHILD_PER_YEAR') {
    c.count(v, 'scholarship.maxChildren');
    c.count(v, 'scholarship.ageLimit');
    const day = c.get(v, 'scholarship.ageReferenceDay');
    if (typeof day !== 'string' || !isIsoDate(`2000-${day}`))
      c.custom('scholarship.ageReferenceDay', 'must be a day of the year MM-DD');
    for (const level of SCHOLARSHIP_LEVELS) {
      c.amount(v, `scholarship.levels.${level}.perYear`, { positive: true });
      c.count(v, `scholarship.levels.${level}.maxYears`);
    }
  } else {
    c.custom('scholarship.kind', 'must be ONE_OFF_PER_MEMBER or PER_CHILD_PER_YEAR');
  }

  c.amount(v, 'approvals.secondApprovalThreshold', { positive: true });
  c.text(v, 'approvals.basis');
  c.count(v, 'serviceLevel.payoutWorkingDays');
  c.percent(v, 'serviceLevel.latePenaltyPercentPerDay');
  c.text(v, 'serviceLevel.basis');
  return c.problems;
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
  return data as ScheduleVersion[];
}
