import { DomainError, FieldError } from '../../shared/domain-error';
import { ProvideDocuments } from '../claim.commands';
import { ClaimEvent } from '../claim.events';
import { evolveSubmitted, sameDocument } from '../claim.evolve';
import { ClaimState } from '../claim.state';
import { addWorkingDays } from '../service-level';
import { actingRole, ClaimRules, requireDate, requireMemberOf, requireStatus, ROLES } from './decide-support';

/** Documents arrive; the last requested one completes the claim and it is assessed again with fresh context. */
export function provideDocuments(
  rules: ClaimRules,
  { data }: ProvideDocuments,
  state: ClaimState,
): ClaimEvent[] {
  requireStatus(state, ['ASSESSED', 'DOCUMENTS_REQUESTED'], 'given documents');
  const today = requireDate(data.today, 'today');
  const documents = Array.isArray(data.documents) ? data.documents : [];
  const errors: FieldError[] = [];
  if (documents.length === 0) errors.push({ field: 'documents', message: 'give at least one document' });
  documents.forEach((d, i) => {
    if (typeof d?.name !== 'string' || d.name.trim() === '')
      errors.push({ field: `documents[${i}].name`, message: 'is required' });
    if (typeof d?.reference !== 'string' || d.reference.trim() === '')
      errors.push({ field: `documents[${i}].reference`, message: 'is required' });
  });
  if (errors.length > 0) throw DomainError.validation(errors);
  requireMemberOf(data.context, state.memberId);

  const outstanding = state.requestedDocuments
    .filter((r) => r.providedOn === undefined && !documents.some((d) => sameDocument(d.name, r.name)))
    .map((r) => r.name);
  // Complete on the day the last requested document arrives (docs/api.md "Claims").
  const completes = state.status === 'DOCUMENTS_REQUESTED' && outstanding.length === 0;
  const role = actingRole(data.roles, [ROLES.adjudicator, ROLES.supervisor]);
  const provided: ClaimEvent = {
    type: 'ClaimDocumentsProvided',
    data: {
      claimId: state.claimId,
      documents: documents.map((d) => ({ name: d.name.trim(), reference: d.reference.trim() })),
      by: data.by,
      ...(role ? { role } : {}),
      at: data.at,
      providedOn: today,
      outstanding,
      ...(completes
        ? {
            completeOn: today,
            dueBy: addWorkingDays(
              today,
              rules.policyOn(today).serviceLevel.payoutWorkingDays,
              data.holidays ?? [],
            ),
          }
        : {}),
    },
  };
  return [
    provided,
    rules.assessed(
      evolveSubmitted(state, provided),
      data.context,
      today,
      'DOCUMENTS_PROVIDED',
      data.by,
      data.at,
    ),
  ];
}
