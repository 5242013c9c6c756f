import { DomainError, FieldError } from '../../shared/domain-error';
import { RequestDocuments } from '../claim.commands';
import { ClaimState } from '../claim.state';
import { ClaimEvent } from '../claim.events';
import { actingRole, ClaimRules, requireStatus, ROLES } from './decide-support';

/** The claim waits for documents: it is incomplete, and its due date is suspended until they arrive. */
export function requestDocuments(
  rules: ClaimRules,
  { data }: RequestDocuments,
  state: ClaimState,
): ClaimEvent[] {
  requireStatus(state, ['ASSESSED', 'DOCUMENTS_REQUESTED'], 'sent a request for documents');
  const documents = Array.isArray(data.documents) ? data.documents : [];
  const errors: FieldError[] = [];
  if (documents.length === 0) errors.push({ field: 'documents', message: 'name at least one document' });
  documents.forEach((d, i) => {
    if (typeof d !== 'string' || d.trim() === '')
      errors.push({ field: `documents[${i}]`, message: 'must be a document name' });
  });
  if (errors.length > 0) throw DomainError.validation(errors);
  const role = actingRole(data.roles, [ROLES.adjudicator, ROLES.supervisor]);
  return [
    {
      type: 'ClaimDocumentsRequested',
      data: {
        claimId: state.claimId,
        documents: documents.map((d) => d.trim()),
        by: data.by,
        ...(role ? { role } : {}),
        at: data.at,
      },
    },
  ];
}
