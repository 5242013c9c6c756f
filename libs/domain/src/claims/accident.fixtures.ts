/** Claims of one accident, each with the assessment it was given (no jest here). */
import { assessClaim } from './assess';
import { member } from './claim.fixtures';
import { ClaimRecord, ClaimRequest, ClaimStatus } from './claim.types';

/** Claim `claimId` as assessed when submitted after `earlier`, now in `status`. */
export function assessedClaim(
  claimId: string,
  request: ClaimRequest,
  status: ClaimStatus = 'ASSESSED',
  earlier: readonly ClaimRecord[] = [],
): ClaimRecord {
  const assessment = assessClaim({
    request,
    member: member(),
    otherClaims: earlier,
    assessedOn: '2025-06-01',
    claimId,
  });
  return { claimId, memberId: request.memberId, benefit: request.benefit, status, request, assessment };
}
