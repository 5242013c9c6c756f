import { HEIR_RELATIONSHIPS } from '../members/member.types';
import { FieldError } from '../shared/domain-error';
import { IsoDate, isIsoDate } from '../shared/dates';
import { SCHEDULE, findScheduleFor } from '../schedule/schedule';
import { SCHOLARSHIP_LEVELS, ScheduleVersion } from '../schedule/schedule.types';
import {
  BENEFITS,
  Benefit,
  ClaimRequest,
  DISABILITY_KINDS,
  JKK_BENEFITS,
  WORK_RELATIONS,
} from './claim.types';

const CLAIMANT_RELATIONSHIPS: readonly string[] = [...HEIR_RELATIONSHIPS, 'FUNERAL_ORGANISER'];

function nonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '';
}

function isOneOf<T extends string>(values: readonly T[], v: unknown): v is T {
  return typeof v === 'string' && (values as readonly string[]).includes(v);
}

/** "2025/2026": two consecutive years. */
export function parseAcademicYear(value: unknown): { startYear: number; endYear: number } | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4})\/(\d{4})$/.exec(value);
  if (!m || +m[2] !== +m[1] + 1) return undefined;
  return { startYear: +m[1], endYear: +m[2] };
}

/** Impairment codes known to the version in force on the incident date (or to any version). */
function knownImpairmentCodes(incidentDate: unknown, versions: readonly ScheduleVersion[]): Set<string> {
  const inForce = isIsoDate(incidentDate) ? findScheduleFor(incidentDate, versions) : undefined;
  const tables = inForce ? [inForce] : versions;
  return new Set(tables.flatMap((v) => Object.keys(v.jkk.permanentDisability.impairments)));
}

/**
 * Semantic checks of a claim request, one field error per bad field (paths like
 * `child.birthDate`). The shape (types, unknown fields) is checked at the edge; this knows the
 * rules: which fields each benefit needs and how they relate.
 */
export function validateClaimRequest(
  request: ClaimRequest,
  versions: readonly ScheduleVersion[] = SCHEDULE,
): FieldError[] {
  const errors: FieldError[] = [];
  const err = (field: string, message: string) => errors.push({ field, message });
  // The edge types the body, but this is the last line of defence: read it as unknown values.
  const r = request as unknown as Record<string, unknown>;
  const date = (field: string, required: boolean): IsoDate | undefined => {
    const v = r[field];
    if (v === undefined || v === null) {
      if (required) err(field, 'is required (YYYY-MM-DD)');
      return undefined;
    }
    if (!isIsoDate(v)) {
      err(field, 'must be a date YYYY-MM-DD');
      return undefined;
    }
    return v;
  };

  if (!nonEmptyString(r.memberId)) err('memberId', 'is required');
  if (!isOneOf(BENEFITS, r.benefit)) {
    err('benefit', `must be one of ${BENEFITS.join(', ')}`);
    return errors;
  }
  const benefit: Benefit = r.benefit;

  const incidentDate = date('incidentDate', benefit !== 'SCHOLARSHIP');
  const reportedOn = date('reportedOn', false);
  if (incidentDate && reportedOn && reportedOn < incidentDate)
    err('reportedOn', 'must not be before incidentDate');

  const isDeath = benefit === 'JKK_DEATH' || benefit === 'JKM_DEATH';
  if (r.claimant === undefined || r.claimant === null) {
    if (isDeath) err('claimant', `is required for ${benefit}`);
  } else if (typeof r.claimant !== 'object') {
    err('claimant', 'must be an object {fullName, relationship}');
  } else {
    const c = r.claimant as Record<string, unknown>;
    if (!nonEmptyString(c.fullName)) err('claimant.fullName', 'is required');
    if (!isOneOf(CLAIMANT_RELATIONSHIPS, c.relationship))
      err('claimant.relationship', `must be one of ${CLAIMANT_RELATIONSHIPS.join(', ')}`);
  }

  if (r.workRelation !== undefined && r.workRelation !== null) {
    if (benefit === 'JKM_DEATH')
      err('workRelation', 'JKM_DEATH is for a death that is not work-related; a work accident is JKK_DEATH');
    else if (JKK_BENEFITS.includes(benefit) && !isOneOf(WORK_RELATIONS, r.workRelation))
      err('workRelation', `must be one of ${WORK_RELATIONS.join(', ')}`);
  }

  switch (benefit) {
    case 'JKK_MEDICAL': {
      if (r.workRelation === undefined || r.workRelation === null)
        err('workRelation', `is required for JKK_MEDICAL (${WORK_RELATIONS.join(' or ')})`);
      if (!nonEmptyString(r.provider)) err('provider', 'is required for JKK_MEDICAL');
      const amount = r.invoiceAmount;
      if (amount === undefined || amount === null) err('invoiceAmount', 'is required for JKK_MEDICAL');
      else if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0)
        err('invoiceAmount', 'must be a positive integer (Rupiah)');
      break;
    }
    case 'JKK_TEMPORARY_INCAPACITY': {
      const from = date('incapacityFrom', true);
      const to = date('incapacityTo', true);
      if (from && to && to < from) err('incapacityTo', 'must not be before incapacityFrom');
      if (from && incidentDate && from < incidentDate)
        err('incapacityFrom', 'must not be before incidentDate');
      break;
    }
    case 'JKK_PERMANENT_DISABILITY': {
      if (!isOneOf(DISABILITY_KINDS, r.disability)) {
        err('disability', `must be one of ${DISABILITY_KINDS.join(', ')}`);
        break;
      }
      if (r.disability === 'TOTAL') break;
      const impairments = r.impairments;
      if (!Array.isArray(impairments) || impairments.length === 0) {
        err('impairments', 'at least one impairment is required for a PARTIAL disability');
        break;
      }
      const known = knownImpairmentCodes(incidentDate, versions);
      const seen = new Set<string>();
      impairments.forEach((item: unknown, i) => {
        const path = `impairments[${i}]`;
        if (typeof item !== 'object' || item === null) {
          err(path, 'must be an object {code, functionLossPercent?}');
          return;
        }
        const { code, functionLossPercent } = item as Record<string, unknown>;
        if (typeof code !== 'string' || !known.has(code))
          err(`${path}.code`, `must be one of ${[...known].join(', ')}`);
        else if (seen.has(code)) err(`${path}.code`, 'is listed twice');
        else seen.add(code);
        if (
          functionLossPercent !== undefined &&
          functionLossPercent !== null &&
          (typeof functionLossPercent !== 'number' ||
            !Number.isInteger(functionLossPercent) ||
            functionLossPercent < 1 ||
            functionLossPercent > 100)
        )
          err(`${path}.functionLossPercent`, 'must be an integer from 1 to 100');
      });
      break;
    }
    case 'JKK_DEATH': {
      const dateOfDeath = date('dateOfDeath', true);
      if (dateOfDeath && incidentDate && dateOfDeath < incidentDate)
        err('dateOfDeath', 'must not be before incidentDate (the accident)');
      if (dateOfDeath && reportedOn && reportedOn < dateOfDeath)
        err('reportedOn', 'must not be before dateOfDeath');
      break;
    }
    case 'JKM_DEATH': {
      const dateOfDeath = date('dateOfDeath', false);
      if (dateOfDeath && incidentDate && dateOfDeath !== incidentDate)
        err('dateOfDeath', 'must equal incidentDate (for JKM_DEATH the incident is the death)');
      break;
    }
    case 'SCHOLARSHIP': {
      if (!nonEmptyString(r.basisClaimId)) err('basisClaimId', 'is required for SCHOLARSHIP');
      const child = r.child;
      if (typeof child !== 'object' || child === null)
        err('child', 'is required for SCHOLARSHIP: {fullName, birthDate}');
      else {
        const c = child as Record<string, unknown>;
        if (!nonEmptyString(c.fullName)) err('child.fullName', 'is required');
        if (!isIsoDate(c.birthDate)) err('child.birthDate', 'is required (YYYY-MM-DD)');
      }
      if (!isOneOf(SCHOLARSHIP_LEVELS, r.level))
        err('level', `must be one of ${SCHOLARSHIP_LEVELS.join(', ')}`);
      if (!parseAcademicYear(r.academicYear))
        err('academicYear', 'must be two consecutive years "YYYY/YYYY", e.g. "2025/2026"');
      for (const flag of ['married', 'employed'])
        if (r[flag] !== undefined && r[flag] !== null && typeof r[flag] !== 'boolean')
          err(flag, 'must be true or false');
      break;
    }
  }
  return errors;
}
