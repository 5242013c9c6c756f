import { FieldError } from '../shared/domain-error';
import { addYears, isIsoDate, IsoDate } from '../shared/dates';
import { MAX_NAME_LENGTH, textFieldErrors } from '../shared/text';
import { HEIR_RELATIONSHIPS, HeirRelationship, P3keDecile, Sex } from './member.types';
import { validateNik } from './nik';

/** DOMAIN.md 1: declared income is at least Rp 1,000,000 (a schedule value, passed in). */
export const DEFAULT_MINIMUM_MONTHLY_INCOME = 1_000_000;
/** DOMAIN.md 1: the programme's default declared income when none is given. */
export const PROGRAMME_DEFAULT_MONTHLY_INCOME = 1_000_000;
/** (P) programme policy: the largest declared income (a schedule value, passed in). */
export const DEFAULT_MAXIMUM_MONTHLY_INCOME = 50_000_000;
/** Nobody alive and enrolled was born before this day. */
export const EARLIEST_BIRTH_DATE: IsoDate = '1900-01-01';
/** The first day any version of the schedule is in force (PP 44/2015): no coverage before it. */
export const EARLIEST_COVERAGE_START: IsoDate = '2015-07-01';
/** Coverage may be booked ahead, but not further than this many years after today. */
export const COVERAGE_START_MAX_YEARS_AHEAD = 1;

/** An heir as given at enrollment (the service chooses the heirId). */
export interface HeirInput {
  fullName: string;
  relationship: HeirRelationship;
  birthDate?: IsoDate;
  nik?: string;
}

/** The enrollment fields of API.md `POST /api/members` and of one roster CSV row. */
export interface EnrollmentInput {
  nik: string;
  fullName: string;
  birthDate: IsoDate;
  sex: Sex;
  village: string;
  subdistrict: string;
  occupation: string;
  p3keDesil: P3keDecile;
  /** Absent: the programme default (PROGRAMME_DEFAULT_MONTHLY_INCOME). */
  declaredMonthlyIncome?: number;
  /** First day of a month. */
  coverageStart: IsoDate;
  heirs?: HeirInput[];
}

/** Anything shaped like an enrollment whose values are not yet trusted (an HTTP body, a CSV row). */
export type UntrustedEnrollment = { [K in keyof EnrollmentInput]?: unknown };
export type UntrustedHeir = { [K in keyof HeirInput]?: unknown };

export interface EnrollmentRules {
  minimumMonthlyIncome?: number;
  maximumMonthlyIncome?: number;
  /** When given, birth dates after it and coverage starts over a year after it are refused. */
  today?: IsoDate;
}

function requiredText(value: unknown, field: string): FieldError[] {
  return textFieldErrors(value, field, { maxLength: MAX_NAME_LENGTH });
}

function validDate(
  value: unknown,
  field: string,
  bounds: { earliest?: IsoDate; latest?: IsoDate } = {},
): FieldError[] {
  if (value === undefined || value === null) return [{ field, message: 'is required' }];
  if (!isIsoDate(value)) return [{ field, message: 'must be a valid date (YYYY-MM-DD)' }];
  if (bounds.latest !== undefined && value > bounds.latest)
    return [{ field, message: `must not be after ${bounds.latest}` }];
  if (bounds.earliest !== undefined && value < bounds.earliest)
    return [{ field, message: `must not be before ${bounds.earliest}` }];
  return [];
}

/** DOMAIN.md 1: a birth date between EARLIEST_BIRTH_DATE and today (a person's or an heir's). */
export function birthDateErrors(value: unknown, field: string, today?: IsoDate): FieldError[] {
  return validDate(value, field, { earliest: EARLIEST_BIRTH_DATE, latest: today });
}

/** DOMAIN.md 1: the first day of a month, within the programme's years and at most a year ahead. */
export function coverageStartErrors(value: unknown, field: string, today?: IsoDate): FieldError[] {
  const latest =
    today !== undefined && isIsoDate(today) ? addYears(today, COVERAGE_START_MAX_YEARS_AHEAD) : undefined;
  const errors = validDate(value, field, { earliest: EARLIEST_COVERAGE_START, latest });
  if (errors.length > 0) return errors;
  if (!(value as string).endsWith('-01')) return [{ field, message: 'must be the first day of a month' }];
  return [];
}

/** One heir; `path` prefixes each field (`heirs[0]`). CHILD heirs need a birth date (DOMAIN.md 1). */
export function validateHeir(heir: unknown, path: string, rules: EnrollmentRules = {}): FieldError[] {
  if (typeof heir !== 'object' || heir === null || Array.isArray(heir)) {
    return [{ field: path, message: 'must be an object' }];
  }
  const h = heir as UntrustedHeir;
  const errors: FieldError[] = [...requiredText(h.fullName, `${path}.fullName`)];
  const relationshipOk =
    typeof h.relationship === 'string' && (HEIR_RELATIONSHIPS as readonly string[]).includes(h.relationship);
  if (!relationshipOk) {
    errors.push({
      field: `${path}.relationship`,
      message: `must be one of ${HEIR_RELATIONSHIPS.join(', ')}`,
    });
  }
  if (h.birthDate !== undefined && h.birthDate !== null) {
    errors.push(...birthDateErrors(h.birthDate, `${path}.birthDate`, rules.today));
  } else if (h.relationship === 'CHILD') {
    errors.push({ field: `${path}.birthDate`, message: 'is required for a CHILD heir' });
  }
  if (h.nik !== undefined && h.nik !== null && (typeof h.nik !== 'string' || !/^\d{16}$/.test(h.nik))) {
    // The heir's sex is not recorded, so only the NIK's format can be checked.
    errors.push({ field: `${path}.nik`, message: 'must be exactly 16 digits' });
  }
  return errors;
}

/**
 * Every rule of DOMAIN.md 1 on one enrollment, one error per bad field (API.md: `errors`).
 * Used by `POST /api/members`, by the roster import (through `rosterRowToEnrollment`) and by the
 * member decider itself.
 */
export function validateEnrollment(input: UntrustedEnrollment, rules: EnrollmentRules = {}): FieldError[] {
  const minimum = rules.minimumMonthlyIncome ?? DEFAULT_MINIMUM_MONTHLY_INCOME;
  const maximum = rules.maximumMonthlyIncome ?? DEFAULT_MAXIMUM_MONTHLY_INCOME;
  const errors: FieldError[] = [];

  const birthErrors = birthDateErrors(input.birthDate, 'birthDate', rules.today);
  let sexErrors: FieldError[] = [];
  if (input.sex === undefined || input.sex === null) sexErrors = [{ field: 'sex', message: 'is required' }];
  else if (input.sex !== 'M' && input.sex !== 'F')
    sexErrors = [{ field: 'sex', message: 'must be "M" or "F"' }];

  if (input.nik === undefined || input.nik === null) errors.push({ field: 'nik', message: 'is required' });
  else errors.push(...validateNik(input.nik, input.birthDate, input.sex));
  errors.push(...requiredText(input.fullName, 'fullName'));
  errors.push(...birthErrors, ...sexErrors);
  errors.push(...requiredText(input.village, 'village'));
  errors.push(...requiredText(input.subdistrict, 'subdistrict'));
  errors.push(...requiredText(input.occupation, 'occupation'));

  if (input.p3keDesil === undefined || input.p3keDesil === null) {
    errors.push({ field: 'p3keDesil', message: 'is required' });
  } else if (input.p3keDesil !== 1 && input.p3keDesil !== 2 && input.p3keDesil !== 3) {
    errors.push({ field: 'p3keDesil', message: 'must be 1, 2 or 3' });
  }

  const income = input.declaredMonthlyIncome;
  if (income !== undefined && income !== null) {
    if (typeof income !== 'number' || !Number.isSafeInteger(income)) {
      errors.push({ field: 'declaredMonthlyIncome', message: 'must be an integer amount of Rupiah' });
    } else if (income < minimum) {
      errors.push({ field: 'declaredMonthlyIncome', message: `must be at least ${minimum}` });
    } else if (income > maximum) {
      errors.push({ field: 'declaredMonthlyIncome', message: `must be at most ${maximum}` });
    }
  }

  errors.push(...coverageStartErrors(input.coverageStart, 'coverageStart', rules.today));

  if (input.heirs !== undefined && input.heirs !== null) {
    if (!Array.isArray(input.heirs)) errors.push({ field: 'heirs', message: 'must be an array' });
    else input.heirs.forEach((heir, i) => errors.push(...validateHeir(heir, `heirs[${i}]`, rules)));
  }
  return errors;
}

/** The declared income an enrollment records: the given one, or the programme default. */
export function declaredIncomeOf(input: Pick<EnrollmentInput, 'declaredMonthlyIncome'>): number {
  return input.declaredMonthlyIncome ?? PROGRAMME_DEFAULT_MONTHLY_INCOME;
}
