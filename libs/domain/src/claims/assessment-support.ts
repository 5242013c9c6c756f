import { MemberState } from '../members/member.types';
import { benefitModule } from './benefits';
import { APPROVED_STATUSES } from './claim.types';
import { IsoDate } from '../shared/dates';
import { ScheduleLookup, ScheduleVersion } from '../schedule/schedule.types';
import {
  Assessment,
  AssessmentLine,
  AssessmentReason,
  ClaimRecord,
  ClaimRequest,
  HeirCertificate,
  Payee,
  ReasonCode,
  WorkRelationDecision,
} from './claim.types';
import { checkedAmount } from './money';

export interface AssessmentContext {
  /** The claim request; `reportedOn` defaults to `assessedOn`. */
  request: ClaimRequest;
  member: MemberState;
  /** The member's other claims, any status (the claim itself is ignored if listed). */
  otherClaims: readonly ClaimRecord[];
  /** SCHOLARSHIP: the claim named by `request.basisClaimId`, when it exists. */
  basisClaim?: ClaimRecord;
  /** The day of the assessment: contributions count when paid by then. */
  assessedOn: IsoDate;
  /** The claim being assessed, so a re-assessment does not count it against itself. */
  claimId?: string;
  /** An heir certificate added to the claim after submission (it replaces the request's). */
  heirCertificate?: HeirCertificate;
  /** A recorded work-relation decision for a claim submitted as SUSPECTED. */
  workRelationDecision?: WorkRelationDecision;
  schedule?: ScheduleLookup;
}

export const NO_SCHEDULE = 'NONE';

export type Reasons = AssessmentReason[];

export function reason(code: ReasonCode, message: string): AssessmentReason {
  return { code, message };
}

export function isCounted(claim: ClaimRecord): boolean {
  // docs/api.md: rejected claims never count; pending and approved ones do.
  return claim.status !== 'REJECTED';
}

/** The date of death a death claim asserts (JKM: the incident is the death). */
export function deathDateOf(request: ClaimRequest): IsoDate | undefined {
  return benefitModule(request.benefit).dateOfDeath?.(request);
}

/** Death happens once: the member's recorded death, or that of an approved death claim. */
export function knownDateOfDeath(
  member: MemberState,
  otherClaims: readonly ClaimRecord[],
): IsoDate | undefined {
  const dates = otherClaims
    .filter((c) => benefitModule(c.benefit).death && APPROVED_STATUSES.includes(c.status))
    .map((c) => deathDateOf(c.request))
    .filter((d): d is IsoDate => d !== undefined);
  if (member.deceasedOn) dates.push(member.deceasedOn);
  return dates.length ? dates.sort()[0] : undefined;
}

/** Whole years of age on `date`. */
export function ageOn(birthDate: IsoDate, date: IsoDate): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = date.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export function resolveSchedule(date: IsoDate, lookup: ScheduleLookup): ScheduleVersion | undefined {
  try {
    return lookup(date);
  } catch (e) {
    if (e instanceof RangeError) return undefined;
    throw e;
  }
}

export function finish(
  reasons: Reasons,
  lines: AssessmentLine[],
  schedule: ScheduleVersion | undefined,
): Assessment {
  // NO_HEIR explains the lines that are not payable; it does not make the claim ineligible.
  const eligible = reasons.every((r) => r.code === 'NO_HEIR');
  const payable = eligible ? lines : [];
  return {
    eligible,
    reasons,
    lines: payable,
    total: checkedAmount(
      payable.reduce((sum, l) => sum + l.amount, 0),
      'The total of the assessment',
    ),
    scheduleVersion: schedule?.version ?? NO_SCHEDULE,
  };
}

export function memberPayee(member: MemberState): Payee {
  return { kind: 'MEMBER', name: member.fullName };
}
