import { DomainError } from '../../shared/domain-error';
import { DecideWorkRelation } from '../claim.commands';
import { ClaimEvent } from '../claim.events';
import { evolveSubmitted } from '../claim.evolve';
import { ClaimState } from '../claim.state';
import { WORK_RELATION_DECISIONS } from '../claim.types';
import { claimsOfSameAccident, countedClaims } from '../accident';
import { workRelationDecisionDue } from '../service-level';
import {
  actingRole,
  ClaimRules,
  OPEN_STATUSES,
  requireDate,
  requireMemberOf,
  requireStatus,
  ROLES,
} from './decide-support';

/** The work-relation decision on a suspected work accident (PP 49/2023), re-assessing an open claim. */
export function decideWorkRelation(
  rules: ClaimRules,
  { data }: DecideWorkRelation,
  state: ClaimState,
): ClaimEvent[] {
  requireStatus(state, [...OPEN_STATUSES, 'APPROVED', 'PAID'], 'given a work-relation decision');
  if (!WORK_RELATION_DECISIONS.includes(data.decision))
    throw DomainError.validation([
      { field: 'decision', message: `must be one of ${WORK_RELATION_DECISIONS.join(', ')}` },
    ]);
  const today = requireDate(data.today, 'today');
  // A decision on any claim of an accident applies to all of them (docs/benefit-rules.md).
  const accident = claimsOfSameAccident(state, data.context.otherClaims);
  const decidedElsewhere = accident.find((c) => c.workRelation && c.workRelation.status !== 'SUSPECTED');
  const decided =
    state.workRelation && state.workRelation.status !== 'SUSPECTED'
      ? state.workRelation
      : decidedElsewhere?.workRelation;
  if (decided && decided.status !== 'SUSPECTED')
    throw new DomainError(
      'not_allowed',
      'WORK_RELATION_ALREADY_DECIDED',
      `The work relation was decided: ${decided.status}`,
      {
        decision: decided.status,
        decidedOn: decided.decidedOn,
        ...(decided !== state.workRelation && decidedElsewhere
          ? { decidedOnClaim: decidedElsewhere.claimId }
          : {}),
      },
    );
  const accidentSuspected = countedClaims(accident).some((c) => c.workRelation?.status === 'SUSPECTED');
  const reportedOn = state.request.reportedOn ?? today;
  const current =
    state.workRelation ??
    (accidentSuspected
      ? {
          status: 'SUSPECTED' as const,
          decisionDueBy: workRelationDecisionDue(
            reportedOn,
            rules.policyOn(reportedOn).claims.workRelationDecision.days,
          ),
        }
      : undefined);
  if (!current)
    throw new DomainError(
      'not_allowed',
      'WORK_RELATION_NOT_SUSPECTED',
      'Only a claim of an accident submitted with workRelation SUSPECTED takes a work-relation decision',
    );
  const role = actingRole(data.roles, [ROLES.adjudicator, ROLES.supervisor]);
  const decision: ClaimEvent = {
    type: 'ClaimWorkRelationDecided',
    data: {
      claimId: state.claimId,
      decision: data.decision,
      by: data.by,
      ...(role ? { role } : {}),
      at: data.at,
      decidedOn: today,
      decisionDueBy: current.decisionDueBy,
      late: today > current.decisionDueBy,
    },
  };
  // Once approved, the medical care was covered provisionally: the decision is recorded, the
  // proposal is not reopened.
  if (!OPEN_STATUSES.includes(state.status)) return [decision];
  requireMemberOf(data.context, state.memberId);
  return [
    decision,
    rules.assessed(
      evolveSubmitted(state, decision),
      data.context,
      today,
      'WORK_RELATION_DECIDED',
      data.by,
      data.at,
    ),
  ];
}
