import { DomainError } from '../../shared/domain-error';
import { ReopenClaim } from '../claim.commands';
import { ClaimEvent } from '../claim.events';
import { Claim, ClaimState, isClaim } from '../claim.state';
import { ClaimContext } from '../claim.commands';
import { IsoDate } from '../../shared/dates';
import { NO_CORRECTIONS } from '../corrections';
import { actingRole, ClaimRules, requireDate, requireMemberOf, requireStatus, ROLES } from './decide-support';

export const DECIDED_STATUSES = ['APPROVED', 'PAID', 'REJECTED'] as const;

/** The events that reopen a decided claim: ClaimReopened, then its assessment with the facts as now known. */
export function reopened(
  rules: ClaimRules,
  state: Claim,
  by: { by: string; role?: string; at: string; note: string; appealId?: string },
  today: IsoDate,
  context: ClaimContext,
): ClaimEvent[] {
  const corrections = state.corrections ?? NO_CORRECTIONS;
  const previousByPayee = corrections.approvedByPayee;
  const reopening = corrections.reopenings + 1;
  const previousStatus = state.status as (typeof DECIDED_STATUSES)[number];
  return [
    {
      type: 'ClaimReopened',
      data: {
        claimId: state.claimId,
        memberId: state.memberId,
        by: by.by,
        ...(by.role ? { role: by.role } : {}),
        at: by.at,
        note: by.note,
        previousStatus,
        previousTotal: previousByPayee.reduce((s, p) => s + p.amount, 0),
        previousByPayee,
        reopening,
        ...(by.appealId ? { appealId: by.appealId } : {}),
      },
    },
    rules.assessed(state, context, today, 'REOPENED', by.by, by.at),
  ];
}

/** A supervisor reopens a decided claim; it is then approved or rejected like any claim. */
export function reopenClaim(rules: ClaimRules, { data }: ReopenClaim, state: ClaimState): ClaimEvent[] {
  // Reopened already and awaiting its new decision: another supervisor won the race (409).
  if (isClaim(state) && state.corrections?.reopened && !DECIDED_STATUSES.some((s) => s === state.status))
    throw new DomainError(
      'conflict',
      'CLAIM_ALREADY_REOPENED',
      'The claim was reopened already and awaits its new decision',
    );
  requireStatus(state, DECIDED_STATUSES, 'reopened');
  if (typeof data.note !== 'string' || data.note.trim() === '')
    throw DomainError.validation([{ field: 'note', message: 'say why the claim is reopened' }]);
  const role = actingRole(data.roles, [ROLES.supervisor]);
  if (!role)
    throw new DomainError('forbidden', 'ROLE_REQUIRED', 'Reopening a claim needs the supervisor role');
  const today = requireDate(data.today, 'today');
  requireMemberOf(data.context, state.memberId);
  return reopened(
    rules,
    state,
    { by: data.by, role, at: data.at, note: data.note.trim() },
    today,
    data.context,
  );
}
