import { DomainError, FieldError } from '../../shared/domain-error';
import { addDays } from '../../shared/dates';
import { FileAppeal } from '../claim.commands';
import { ClaimEvent } from '../claim.events';
import { ClaimState } from '../claim.state';
import { NO_CORRECTIONS } from '../corrections';
import { addWorkingDays } from '../service-level';
import { actingRole, ClaimRules, dayOf, requireDate, requireStatus, ROLES } from './decide-support';
import { DECIDED_STATUSES } from './reopen-claim';

/** Appeals are filed within 90 days of the decision (docs/benefit-rules.md "Appeals"). */
export const APPEAL_PERIOD_DAYS = 90;
/** ... and decided within 14 working days of filing. */
export const APPEAL_DECISION_WORKING_DAYS = 14;

/** A claimant appeals a decision: one open appeal per claim. */
export function fileAppeal(_rules: ClaimRules, { data }: FileAppeal, state: ClaimState): ClaimEvent[] {
  requireStatus(state, DECIDED_STATUSES, 'appealed');
  const errors: FieldError[] = [];
  if (typeof data.grounds !== 'string' || data.grounds.trim() === '')
    errors.push({ field: 'grounds', message: 'say why the decision is appealed' });
  if (errors.length > 0) throw DomainError.validation(errors);
  const today = requireDate(data.today, 'today');
  const corrections = state.corrections ?? NO_CORRECTIONS;
  if (corrections.appeals.some((a) => a.status === 'OPEN'))
    throw new DomainError('conflict', 'APPEAL_ALREADY_OPEN', 'The claim has an open appeal already');
  const decidedOn = state.decision ? dayOf(state.decision.at) : today;
  const lastDay = addDays(decidedOn, APPEAL_PERIOD_DAYS);
  if (today > lastDay)
    throw new DomainError(
      'not_allowed',
      'APPEAL_PERIOD_ENDED',
      `An appeal is filed within ${APPEAL_PERIOD_DAYS} days of the decision (by ${lastDay})`,
      { decidedOn, lastDay },
    );
  const role = actingRole(data.roles, [ROLES.adjudicator, ROLES.supervisor]);
  return [
    {
      type: 'ClaimAppealFiled',
      data: {
        claimId: state.claimId,
        appealId: data.appealId,
        grounds: data.grounds.trim(),
        documents: (data.documents ?? []).map((d) => ({ name: d.name, reference: d.reference })),
        filedOn: today,
        dueBy: addWorkingDays(today, APPEAL_DECISION_WORKING_DAYS, data.holidays),
        by: data.by,
        ...(role ? { role } : {}),
        at: data.at,
      },
    },
  ];
}
