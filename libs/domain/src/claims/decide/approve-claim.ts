import { DomainError } from '../../shared/domain-error';
import { deathDateOf } from '../assess';
import { ApproveClaim } from '../claim.commands';
import { ClaimState } from '../claim.state';
import { ClaimEvent } from '../claim.events';
import { benefitModule } from '../benefits';
import { planPayouts } from '../plan-payouts';
import { adjustedPayouts, fourEyesAmount } from './decide-adjustment';
import { actingRole, ClaimRules, dayOf, requireStatus, ROLES } from './decide-support';

/** First or second approval (four eyes): a total at the threshold needs a supervisor second. */
export function approveClaim(rules: ClaimRules, { data }: ApproveClaim, state: ClaimState): ClaimEvent[] {
  requireStatus(state, ['ASSESSED', 'AWAITING_SECOND_APPROVAL'], 'approved');
  if (!state.assessment.eligible)
    throw new DomainError(
      'not_allowed',
      'NOT_ELIGIBLE',
      'An ineligible claim cannot be approved; reject it',
      {
        reasons: state.assessment.reasons.map((r) => r.code),
      },
    );
  // Four eyes (docs/benefit-rules.md "Decisions and payment"): nobody approves a claim they submitted.
  if (data.by === state.submittedBy)
    throw new DomainError('forbidden', 'FOUR_EYES', 'Nobody approves a claim they submitted');
  const policy = rules.policyOn(dayOf(data.at));
  const threshold = policy.approvals.secondApprovalThreshold;
  const note = data.note !== undefined ? { note: data.note } : {};

  let role: string | undefined;
  if (state.status === 'ASSESSED') {
    role = actingRole(data.roles, [ROLES.adjudicator]);
    if (!role)
      throw new DomainError('forbidden', 'ROLE_REQUIRED', 'The first approval needs the adjudicator role');
    // A reopened claim: the threshold applies to the absolute difference (docs/benefit-rules.md "Corrections").
    const amount = fourEyesAmount(state);
    if (amount >= threshold)
      return [
        {
          type: 'ClaimFirstApprovalGiven',
          data: {
            claimId: state.claimId,
            by: data.by,
            role,
            at: data.at,
            ...note,
            total: state.assessment.total,
            secondApprovalThreshold: threshold,
            why: `${amount === state.assessment.total ? 'Total' : 'Difference'} ${amount} is at least ${threshold}: a supervisor's second approval is needed (${policy.approvals.basis})`,
          },
        },
      ];
  } else {
    const first = state.approvals[0];
    if (first && first.by === data.by)
      throw new DomainError(
        'forbidden',
        'FOUR_EYES',
        'The second approval must come from someone other than the first approver',
      );
    role = actingRole(data.roles, [ROLES.supervisor]);
    if (!role)
      throw new DomainError('forbidden', 'ROLE_REQUIRED', 'The second approval needs the supervisor role');
  }

  const approvals = [...state.approvals, { by: data.by, role, at: data.at, ...note }];
  const dateOfDeath = benefitModule(state.benefit).death ? deathDateOf(state.request) : undefined;
  return [
    {
      type: 'ClaimApproved',
      data: {
        claimId: state.claimId,
        memberId: state.memberId,
        benefit: state.benefit,
        by: data.by,
        role,
        at: data.at,
        ...note,
        approvals,
        total: state.assessment.total,
        ...(dateOfDeath ? { dateOfDeath } : {}),
        ...(state.corrections?.reopened
          ? adjustedPayouts(state)
          : { payouts: planPayouts(state.claimId, state.assessment, state.dueBy, state.request.payTo) }),
        ...(state.completeOn ? { completeOn: state.completeOn } : {}),
        ...(state.dueBy ? { dueBy: state.dueBy } : {}),
        // The member facts the decision relied on (docs/architecture.md guarantee 11).
        ...(state.assessedMemberRevision !== undefined
          ? { memberRevision: state.assessedMemberRevision }
          : {}),
      },
    },
  ];
}
