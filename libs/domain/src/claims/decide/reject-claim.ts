import { DomainError, FieldError } from '../../shared/domain-error';
import { RejectClaim } from '../claim.commands';
import { ClaimState } from '../claim.state';
import { ClaimEvent } from '../claim.events';
import { rejectionAdjustment } from './decide-adjustment';
import { actingRole, ClaimRules, OPEN_STATUSES, requireStatus, ROLES } from './decide-support';

/** Rejection of an open claim, with who, why and a reason code. */
export function rejectClaim(rules: ClaimRules, { data }: RejectClaim, state: ClaimState): ClaimEvent[] {
  requireStatus(state, OPEN_STATUSES, 'rejected');
  const errors: FieldError[] = [];
  if (typeof data.reasonCode !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(data.reasonCode))
    errors.push({ field: 'reasonCode', message: 'must be a reason code such as CONTRIBUTION_UNPAID' });
  if (typeof data.note !== 'string' || data.note.trim() === '')
    errors.push({ field: 'note', message: 'say why the claim is rejected' });
  if (errors.length > 0) throw DomainError.validation(errors);
  const role = actingRole(data.roles, [ROLES.adjudicator, ROLES.supervisor]);
  return [
    {
      type: 'ClaimRejected',
      data: {
        claimId: state.claimId,
        memberId: state.memberId,
        by: data.by,
        ...(role ? { role } : {}),
        at: data.at,
        reasonCode: data.reasonCode,
        note: data.note.trim(),
        ...rejectionAdjustment(state),
        ...(state.assessedMemberRevision !== undefined
          ? { memberRevision: state.assessedMemberRevision }
          : {}),
      },
    },
  ];
}
