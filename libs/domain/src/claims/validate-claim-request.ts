import { HEIR_RELATIONSHIPS } from '../members/member.types';
import { benefitModule } from './benefits';
import { isOneOf, nonEmptyString, parseAcademicYear } from './benefits/field-rules';
import { FieldError } from '../shared/domain-error';
import { payToErrors } from '../payouts/destination';
import { IsoDate, isIsoDate } from '../shared/dates';
import { SCHEDULE } from '../schedule/schedule';
import { ScheduleVersion } from '../schedule/schedule.types';
import { BENEFITS, Benefit, ClaimRequest, WORK_RELATIONS } from './claim.types';

const CLAIMANT_RELATIONSHIPS: readonly string[] = [...HEIR_RELATIONSHIPS, 'FUNERAL_ORGANISER'];

export { parseAcademicYear };

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

  const isDeath = benefitModule(benefit).death;
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

  if (r.payTo !== undefined && r.payTo !== null) errors.push(...payToErrors(r.payTo));

  if (r.workRelation !== undefined && r.workRelation !== null) {
    if (benefit === 'JKM_DEATH')
      err('workRelation', 'JKM_DEATH is for a death that is not work-related; a work accident is JKK_DEATH');
    else if (benefitModule(benefit).workAccident && !isOneOf(WORK_RELATIONS, r.workRelation))
      err('workRelation', `must be one of ${WORK_RELATIONS.join(', ')}`);
  }

  benefitModule(benefit).validate({ r, err, date, incidentDate, reportedOn, versions });
  return errors;
}
