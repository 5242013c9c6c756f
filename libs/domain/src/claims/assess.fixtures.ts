/** Shared givens and helpers of the assessment specs (no jest here). */
import { AssessmentContext, assessClaim } from './assess';
import { member } from './claim.fixtures';
import { Assessment, ClaimRequest } from './claim.types';

export function assess(req: ClaimRequest, ctx: Partial<Omit<AssessmentContext, 'request'>> = {}): Assessment {
  return assessClaim({ request: req, member: member(), otherClaims: [], assessedOn: '2025-04-01', ...ctx });
}
export const codes = (a: Assessment) => a.reasons.map((r) => r.code);
export const amounts = (a: Assessment) => a.lines.map((l) => [l.code, l.amount]);
