import { IsoDate } from '../shared/dates';
import { benefitModule } from './benefits';
import { ClaimRecord, ClaimRequest, LineCode, WorkRelationDecision } from './claim.types';
import { rupiah } from './money';

/**
 * One accident, several claims (docs/benefit-rules.md "One accident, several claims"): a
 * member's JKK claims with the same incident date.
 */
type AccidentKey = Pick<ClaimRecord, 'memberId' | 'benefit'> & {
  claimId?: string;
  request: Pick<ClaimRequest, 'incidentDate'>;
};

/** The other claims of `claim`'s accident among `claims` (the claim itself left out). */
export function claimsOfSameAccident<C extends ClaimRecord>(claim: AccidentKey, claims: readonly C[]): C[] {
  if (!benefitModule(claim.benefit).workAccident || !claim.request.incidentDate) return [];
  return claims.filter(
    (c) =>
      c.claimId !== claim.claimId &&
      c.memberId === claim.memberId &&
      benefitModule(c.benefit).workAccident &&
      c.request.incidentDate === claim.request.incidentDate,
  );
}

/** Pending and approved claims count toward a per-accident limit; rejected ones never do. */
const counts = (c: ClaimRecord) => c.status !== 'REJECTED';

/** What the accident's counted claims were assessed for on `code` lines (of claims `which` picks). */
export function accidentUsage(
  accident: readonly ClaimRecord[],
  code: LineCode,
  which: (request: ClaimRequest) => boolean = () => true,
): { used: number; from: string[] } {
  let used = 0;
  const from: string[] = [];
  for (const c of accident.filter((c) => counts(c) && which(c.request))) {
    const amount = (c.assessment?.lines ?? [])
      .filter((l) => l.code === code)
      .reduce((sum, l) => sum + l.amount, 0);
    if (amount > 0) {
      used += amount;
      from.push(`claim ${c.claimId} ${rupiah(amount)}`);
    }
  }
  return { used, from };
}

/** The counted claims of the accident (pending and approved). */
export const countedClaims = <C extends ClaimRecord>(accident: readonly C[]): C[] => accident.filter(counts);

export type AccidentWorkRelation =
  { status: WorkRelationDecision; why: string } | { status: 'SUSPECTED'; why: string };

/**
 * The work relation of a claim's accident: a decision on the claim itself, a certified sudden
 * death at work, the latest decision on any claim of the accident; else suspected when the
 * claim or a pending or approved claim of the accident was submitted as suspected; else confirmed.
 */
export function accidentWorkRelation(
  request: ClaimRequest,
  ownDecision: WorkRelationDecision | undefined,
  accident: readonly ClaimRecord[],
): AccidentWorkRelation {
  if (ownDecision) return { status: ownDecision, why: 'decided on this claim' };
  if (request.benefit === 'JKK_DEATH' && request.suddenDeathAtWork)
    return { status: 'CONFIRMED', why: 'a certified sudden death at work' };
  const decided = accident
    .flatMap((c) =>
      c.workRelation && c.workRelation.status !== 'SUSPECTED'
        ? [{ claimId: c.claimId, status: c.workRelation.status, on: c.workRelation.decidedOn ?? '' }]
        : [],
    )
    .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  const latest = decided[decided.length - 1];
  if (latest)
    return {
      status: latest.status,
      why: `decided on claim ${latest.claimId} of the same accident${latest.on ? ` on ${latest.on as IsoDate}` : ''}`,
    };
  const sudden = countedClaims(accident).find(
    (c) => c.request.benefit === 'JKK_DEATH' && c.request.suddenDeathAtWork,
  );
  if (sudden)
    return { status: 'CONFIRMED', why: `a certified sudden death at work (claim ${sudden.claimId})` };
  const suspectedBy = countedClaims(accident).find(
    (c) => c.workRelation?.status === 'SUSPECTED' || workRelationStated(c.request) === 'SUSPECTED',
  );
  if (workRelationStated(request) === 'SUSPECTED')
    return { status: 'SUSPECTED', why: 'submitted as a suspected work accident' };
  if (suspectedBy)
    return { status: 'SUSPECTED', why: `claim ${suspectedBy.claimId} of the same accident is suspected` };
  return { status: 'CONFIRMED', why: 'submitted as a work accident' };
}

const workRelationStated = (request: ClaimRequest) =>
  'workRelation' in request ? request.workRelation : undefined;
