import { DomainError } from '../../shared/domain-error';
import { DecideAppeal } from '../claim.commands';
import { ClaimEvent } from '../claim.events';
import { ClaimState } from '../claim.state';
import { NO_CORRECTIONS } from '../corrections';
import { actingRole, ClaimRules, requireDate, requireMemberOf, requireStatus, ROLES } from './decide-support';
import { DECIDED_STATUSES, reopened } from './reopen-claim';

/**
 * A supervisor who took no part in the decision decides the appeal (docs/benefit-rules.md
 * "Appeals"): UPHELD changes nothing, OVERTURNED reopens the claim.
 */
export function decideAppeal(rules: ClaimRules, { data }: DecideAppeal, state: ClaimState): ClaimEvent[] {
  requireStatus(state, DECIDED_STATUSES, 'appealed');
  const appeal = (state.corrections ?? NO_CORRECTIONS).appeals.find((a) => a.appealId === data.appealId);
  if (!appeal)
    throw new DomainError('not_found', 'APPEAL_NOT_FOUND', `No appeal ${data.appealId} on this claim`);
  if (appeal.status !== 'OPEN')
    throw new DomainError('not_allowed', 'APPEAL_DECIDED', `The appeal is ${appeal.status} already`);
  if (data.outcome !== 'UPHELD' && data.outcome !== 'OVERTURNED')
    throw DomainError.validation([{ field: 'outcome', message: 'must be UPHELD or OVERTURNED' }]);
  if (typeof data.note !== 'string' || data.note.trim() === '')
    throw DomainError.validation([{ field: 'note', message: 'say why' }]);
  const role = actingRole(data.roles, [ROLES.supervisor]);
  if (!role)
    throw new DomainError('forbidden', 'ROLE_REQUIRED', 'Deciding an appeal needs the supervisor role');
  const took = [state.submittedBy, ...state.approvals.map((a) => a.by), state.decision?.by];
  if (took.includes(data.by))
    throw new DomainError(
      'forbidden',
      'FOUR_EYES',
      'An appeal is decided by someone who took no part in the decision',
    );
  const today = requireDate(data.today, 'today');
  const note = data.note.trim();
  const decided: ClaimEvent = {
    type: 'ClaimAppealDecided',
    data: {
      claimId: state.claimId,
      appealId: data.appealId,
      outcome: data.outcome,
      note,
      decidedOn: today,
      by: data.by,
      role,
      at: data.at,
    },
  };
  if (data.outcome === 'UPHELD') return [decided];
  requireMemberOf(data.context, state.memberId);
  const by = { by: data.by, role, at: data.at, note, appealId: data.appealId };
  return [decided, ...reopened(rules, state, by, today, data.context)];
}
