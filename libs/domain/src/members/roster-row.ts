import { EnrollmentInput, EnrollmentRules, UntrustedEnrollment, validateEnrollment } from './enrollment';

/** docs/api.md `POST /api/members/imports`: the roster CSV's header, in order. */
export const ROSTER_COLUMNS = [
  'nik',
  'fullName',
  'birthDate',
  'sex',
  'village',
  'subdistrict',
  'occupation',
  'p3keDesil',
  'declaredMonthlyIncome',
  'coverageStart',
] as const;
export type RosterColumn = (typeof ROSTER_COLUMNS)[number];

export interface RosterRowError {
  /** Data rows count from 1 (docs/api.md). */
  row: number;
  field: string;
  message: string;
}

export type RosterRowResult = { ok: true; input: EnrollmentInput } | { ok: false; errors: RosterRowError[] };

/** A whole-number cell becomes a number; anything else stays text so validation names it. */
function integerCell(value: string | undefined): number | string | undefined {
  if (value === undefined || value === '') return undefined;
  return /^\d{1,15}$/.test(value) ? Number(value) : value;
}

/**
 * One CSV record (header → cell) to an enrollment input, or the row's errors (one per bad
 * field). Cells are trimmed; an empty `declaredMonthlyIncome` means the programme default.
 */
export function rosterRowToEnrollment(
  record: Record<string, string>,
  row: number,
  rules: EnrollmentRules = {},
): RosterRowResult {
  const cell = (column: RosterColumn): string | undefined => {
    const value = record[column];
    return typeof value === 'string' ? value.trim() : undefined;
  };
  const text = (column: RosterColumn): string | undefined => {
    const value = cell(column);
    return value === '' ? undefined : value; // empty cells report "is required"
  };
  const candidate: UntrustedEnrollment = {
    nik: text('nik'),
    fullName: text('fullName'),
    birthDate: text('birthDate'),
    sex: text('sex'),
    village: text('village'),
    subdistrict: text('subdistrict'),
    occupation: text('occupation'),
    p3keDesil: integerCell(cell('p3keDesil')),
    declaredMonthlyIncome: integerCell(cell('declaredMonthlyIncome')),
    coverageStart: text('coverageStart'),
  };
  const errors = validateEnrollment(candidate, rules);
  if (errors.length > 0) return { ok: false, errors: errors.map((e) => ({ row, ...e })) };

  const input: EnrollmentInput = {
    nik: candidate.nik as string,
    fullName: candidate.fullName as string,
    birthDate: candidate.birthDate as string,
    sex: candidate.sex as EnrollmentInput['sex'],
    village: candidate.village as string,
    subdistrict: candidate.subdistrict as string,
    occupation: candidate.occupation as string,
    p3keDesil: candidate.p3keDesil as EnrollmentInput['p3keDesil'],
    coverageStart: candidate.coverageStart as string,
  };
  if (candidate.declaredMonthlyIncome !== undefined) {
    input.declaredMonthlyIncome = candidate.declaredMonthlyIncome as number;
  }
  return { ok: true, input };
}
