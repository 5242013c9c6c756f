import { assessClaim } from '../claims/assess';
import { ClaimAssessed } from '../claims/claim.events';
import { Claim } from '../claims/claim.state';
import { Assessment, basisClaimIdOf, ClaimRecord, heirCertificateOf } from '../claims/claim.types';
import { MemberState } from '../members/member.types';
import { ClaimLog } from './claim-log';

/**
 * What one assessment read, rebuilt from the log as the command handlers load it
 * (`ClaimRepository.contextOf`): the member at the revision the assessment recorded, the member's
 * other claims as they stood at that point of the log, the scholarship's basis claim, the claim's
 * heir certificate and work-relation decision, and its `assessedOn` day.
 */
export interface AssessmentReading {
  member: MemberState;
  memberRevision: number;
  /** True when the event recorded no member revision (older events): the member as it stood then. */
  memberRevisionAssumed: boolean;
  otherClaims: ClaimRecord[];
  basisClaim?: ClaimRecord;
  assessedOn: string;
}

/** The assessment the rules give for `claim` (its state before the ClaimAssessed event). */
export function reassess(
  log: ClaimLog,
  claim: Claim,
  data: ClaimAssessed['data'],
): { assessment: Assessment; reading: AssessmentReading } {
  const member = log.memberAt(claim.memberId, data.memberRevision);
  const otherClaims = log.claimsOf(claim.memberId).filter((c) => c.claimId !== claim.claimId);
  const basisId = basisClaimIdOf(claim.request);
  const basisClaim = basisId
    ? (otherClaims.find((c) => c.claimId === basisId) ?? log.claims.get(basisId)?.state)
    : undefined;
  const decision =
    claim.workRelation && claim.workRelation.status !== 'SUSPECTED' ? claim.workRelation.status : undefined;
  const reading: AssessmentReading = {
    member: member.state,
    memberRevision: member.revision,
    memberRevisionAssumed: member.assumed,
    otherClaims,
    ...(basisClaim ? { basisClaim } : {}),
    assessedOn: data.assessedOn,
  };
  try {
    const assessment = assessClaim({
      request: claim.request,
      member: member.state,
      otherClaims,
      basisClaim,
      assessedOn: data.assessedOn,
      claimId: claim.claimId,
      ...(claim.heirCertificate ? { heirCertificate: claim.heirCertificate } : {}),
      ...(decision ? { workRelationDecision: decision } : {}),
    });
    return { assessment, reading };
  } catch (e) {
    // The rules refuse to compute (e.g. an amount out of range): nothing is payable by them.
    const message = e instanceof Error ? e.message : String(e);
    return {
      assessment: { eligible: false, reasons: [], lines: [], total: 0, scheduleVersion: `ERROR: ${message}` },
      reading,
    };
  }
}

/** Where the claim's heirs come from: its certificate (given with it or added later) or the registry. */
export function heirSourceOf(claim: Claim): 'CERTIFICATE' | 'REGISTERED' {
  return heirCertificateOf(claim) ? 'CERTIFICATE' : 'REGISTERED';
}
