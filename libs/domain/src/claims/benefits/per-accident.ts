import { accidentUsage, claimsOfSameAccident } from '../accident';
import { AssessmentContext, reason, Reasons } from '../assessment-support';
import { ClaimRecord, ClaimRequest, LineCode } from '../claim.types';
import { rupiah } from '../money';

/** The other claims of the assessed claim's accident. */
export function accidentOf(ctx: AssessmentContext): ClaimRecord[] {
  return claimsOfSameAccident(
    {
      claimId: ctx.claimId,
      memberId: ctx.member.memberId,
      benefit: ctx.request.benefit,
      request: ctx.request,
    },
    ctx.otherClaims,
  );
}

export interface PerAccidentLimit {
  code: LineCode;
  /** The accident's claims that share this limit. */
  which: (request: ClaimRequest) => boolean;
  limit: number;
  /** What the limit covers, e.g. "land, river and lake transport". */
  what: string;
}

/**
 * A line capped at what remains of a per-accident limit (docs/benefit-rules.md "One accident,
 * several claims"): the pending and approved claims of the accident count. Nothing left is
 * BENEFIT_CAP_REACHED. Returns the amount and the words the basis adds.
 */
export function withinAccidentLimit(
  ctx: AssessmentContext,
  reasons: Reasons,
  claimed: number,
  l: PerAccidentLimit,
): { amount: number; basis: string } {
  const { used, from } = accidentUsage(accidentOf(ctx), l.code, l.which);
  const remaining = Math.max(0, l.limit - used);
  const counted = from.length ? ` (already counted: ${from.join(', ')})` : '';
  if (remaining === 0) {
    reasons.push(
      reason(
        'BENEFIT_CAP_REACHED',
        `The limit of ${rupiah(l.limit)} per accident for ${l.what} is used up${counted}`,
      ),
    );
    return { amount: 0, basis: `nothing remains of ${rupiah(l.limit)} per accident${counted}` };
  }
  if (claimed <= remaining)
    return {
      amount: claimed,
      basis: `within ${rupiah(remaining)} remaining of ${rupiah(l.limit)} per accident for ${l.what}${counted}`,
    };
  return {
    amount: remaining,
    basis: `capped at ${rupiah(remaining)} remaining of ${rupiah(l.limit)} per accident for ${l.what}${counted}`,
  };
}
