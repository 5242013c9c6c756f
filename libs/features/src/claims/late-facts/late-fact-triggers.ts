import { RecordedEvent } from '@app/event-store';
import { benefitModule, Claim, ClaimState, isClaim } from '@app/domain/claims';
import { Loaded } from '../../shared';

/** How the late-facts process finds claims: the member's claim index, never a scan of all claims. */
export interface ClaimLookup {
  /** The claims lodged in the member's index (`memberClaims-…`) whose streams exist. */
  claimsOfMember(memberId: string): Promise<Claim[]>;
  load(claimId: string): Promise<Loaded<ClaimState>>;
}

/** The claims a fact may change; decided ones among them are skipped by the decider. */
export type AffectedClaims = (event: RecordedEvent, claims: ClaimLookup) => Promise<Claim[]>;

const memberOf = (e: RecordedEvent): string => (e.data as { memberId: string }).memberId;
const claimOf = (e: RecordedEvent): string => (e.data as { claimId: string }).claimId;

/** Every claim of the fact's member (payments, heirs, deaths, corrections). */
export const claimsOfMember: AffectedClaims = (e, claims) => claims.claimsOfMember(memberOf(e));

/** The scholarships whose basis is the claim that gained an heir certificate (its child may be on it). */
export const scholarshipsOnThisBasis: AffectedClaims = async (e, claims) =>
  (await claims.claimsOfMember(memberOf(e))).filter(
    (c) => c.request.benefit === 'SCHOLARSHIP' && c.request.basisClaimId === claimOf(e),
  );

/** The other JKK claims of the decided claim's accident: same member, same incident date. */
export const claimsOfSameAccident: AffectedClaims = async (e, claims) => {
  const { state: decided } = await claims.load(claimOf(e));
  if (!isClaim(decided) || !decided.request.incidentDate) return [];
  return (await claims.claimsOfMember(decided.memberId)).filter(
    (c) =>
      c.claimId !== decided.claimId &&
      benefitModule(c.benefit).workAccident &&
      c.request.incidentDate === decided.request.incidentDate,
  );
};

/**
 * The facts an undecided claim depends on (docs/benefit-rules.md "Late facts"), by event type: a
 * new kind of fact (a payment reversal, a member correction) is one more line here.
 */
export const LATE_FACT_TRIGGERS: Readonly<Record<string, AffectedClaims>> = {
  ContributionMonthPaid: claimsOfMember,
  HeirRegistered: claimsOfMember,
  MemberDeceased: claimsOfMember,
  ContributionMonthReversed: claimsOfMember,
  MemberCorrected: claimsOfMember,
  ClaimHeirCertificateAdded: scholarshipsOnThisBasis,
  ClaimWorkRelationDecided: claimsOfSameAccident,
};
