import { DomainError } from '../../shared/domain-error';
import { benefitModule } from '../benefits';
import { AddHeirCertificate } from '../claim.commands';
import { ClaimEvent } from '../claim.events';
import { evolveSubmitted } from '../claim.evolve';
import { ClaimState } from '../claim.state';
import { normalisedCertificate, validateHeirCertificate } from '../heirs';
import { sameAssessment } from './reassess-claim';
import {
  actingRole,
  ClaimRules,
  OPEN_STATUSES,
  requireClaim,
  requireDate,
  requireMemberOf,
  ROLES,
} from './decide-support';

/**
 * An heir certificate (surat keterangan ahli waris) for a death claim or scholarship: its heirs
 * prevail over the registry for this claim. An undecided claim is assessed again; a decided one
 * only records it (docs/benefit-rules.md "Heirs").
 */
export function addHeirCertificate(
  rules: ClaimRules,
  { data }: AddHeirCertificate,
  state: ClaimState,
): ClaimEvent[] {
  requireClaim(state);
  if (!benefitModule(state.benefit).death && state.benefit !== 'SCHOLARSHIP')
    throw new DomainError(
      'not_allowed',
      'HEIR_CERTIFICATE_NOT_APPLICABLE',
      `A ${state.benefit} claim has no heirs: heir certificates are for death claims and scholarships`,
    );
  const today = requireDate(data.today, 'today');
  const errors = validateHeirCertificate(data.certificate, '', today).map((e) => ({
    ...e,
    field: e.field.replace(/^\./, ''),
  }));
  if (errors.length > 0) throw DomainError.validation(errors);
  const role = actingRole(data.roles, [ROLES.adjudicator, ROLES.supervisor]);
  const added: ClaimEvent = {
    type: 'ClaimHeirCertificateAdded',
    data: {
      claimId: state.claimId,
      memberId: state.memberId,
      certificate: normalisedCertificate(data.certificate),
      by: data.by,
      ...(role ? { role } : {}),
      at: data.at,
      addedOn: today,
      claimStatus: state.status,
    },
  };
  // A decided claim is reviewed, never silently changed (docs/benefit-rules.md "Late facts").
  if (!OPEN_STATUSES.includes(state.status)) return [added];
  requireMemberOf(data.context, state.memberId);
  const assessed = rules.assessed(
    evolveSubmitted(state, added),
    data.context,
    today,
    'HEIR_CERTIFICATE_ADDED',
    data.by,
    data.at,
  );
  // The same assessment again changes nothing, and voids no approval given on it.
  return sameAssessment(assessed.data.assessment, state.assessment) ? [added] : [added, assessed];
}
