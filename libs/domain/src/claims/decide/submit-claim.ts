import { DomainError, FieldError } from '../../shared/domain-error';
import { isIsoDate } from '../../shared/dates';
import { SubmitClaim } from '../claim.commands';
import { ClaimEvent } from '../claim.events';
import { claimSubmitted } from '../claim.evolve';
import { ClaimState, isClaim } from '../claim.state';
import { workRelationOf } from '../claim.types';
import { addWorkingDays, workRelationDecisionDue } from '../service-level';
import { validateClaimRequest } from '../validate-claim-request';
import { actingRole, ClaimRules, requireDate, requireMemberOf, ROLES } from './decide-support';

/** Submit and assess in one decision: the claim never exists unassessed (docs/benefit-rules.md). */
export function submitClaim(rules: ClaimRules, { data }: SubmitClaim, state: ClaimState): ClaimEvent[] {
  if (isClaim(state))
    throw new DomainError('conflict', 'CLAIM_EXISTS', `Claim ${data.claimId} already exists`, {
      claimId: data.claimId,
    });
  const today = requireDate(data.today, 'today');
  const errors: FieldError[] = validateClaimRequest(data.request);
  const request = { ...data.request, reportedOn: data.request.reportedOn ?? today };
  if (isIsoDate(request.reportedOn) && request.reportedOn > today)
    errors.push({ field: 'reportedOn', message: `must not be after today (${today})` });
  if (isIsoDate(request.incidentDate) && request.incidentDate > today)
    errors.push({ field: 'incidentDate', message: `must not be after today (${today})` });
  if (errors.length > 0) throw DomainError.validation(errors);
  requireMemberOf(data.context, request.memberId);

  const policy = rules.policyOn(today);
  const workRelation =
    // A certified sudden death at work is itself the determination: nothing is left to decide.
    workRelationOf(request) === 'SUSPECTED' && !(request.benefit === 'JKK_DEATH' && request.suddenDeathAtWork)
      ? {
          status: 'SUSPECTED' as const,
          decisionDueBy: workRelationDecisionDue(
            request.reportedOn,
            rules.policyOn(request.reportedOn).claims.workRelationDecision.days,
          ),
        }
      : undefined;
  const submitted: Extract<ClaimEvent, { type: 'ClaimSubmitted' }> = {
    type: 'ClaimSubmitted',
    data: {
      claimId: data.claimId,
      memberId: request.memberId,
      benefit: request.benefit,
      request,
      submittedBy: data.submittedBy,
      ...(actingRole(data.roles, [ROLES.adjudicator])
        ? { role: actingRole(data.roles, [ROLES.adjudicator]) }
        : {}),
      at: data.at,
      completeOn: today,
      dueBy: addWorkingDays(today, policy.serviceLevel.payoutWorkingDays, data.holidays ?? []),
      ...(workRelation ? { workRelation } : {}),
    },
  };
  const afterSubmit = claimSubmitted(submitted);
  return [
    submitted,
    rules.assessed(afterSubmit, data.context, today, 'SUBMITTED', data.submittedBy, data.at),
  ];
}
