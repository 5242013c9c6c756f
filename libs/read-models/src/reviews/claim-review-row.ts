/**
 * The review of decided claims (docs/benefit-rules.md "Corrections"): a decided claim whose facts
 * changed after its decision is listed with the reasons, until it is reopened. Pure: the
 * projection loads rows, folds events with these functions and saves them.
 */
export const REVIEW_REASON_CODES = [
  'CONTRIBUTION_REVERSED',
  'MEMBER_CORRECTED',
  'DEATH_RECORDED',
  'HEIR_CERTIFICATE',
  'WORK_RELATION_DECIDED',
] as const;
export type ReviewReasonCode = (typeof REVIEW_REASON_CODES)[number];

export interface ReviewReason {
  code: ReviewReasonCode;
  detail: string;
}

/** One claim as the review read model knows it. */
export interface ClaimReviewRow {
  claimId: string;
  memberId: string;
  incidentDate: string | null;
  status: string;
  /** APPROVED, PAID or REJECTED: facts changing now put the claim on the list. */
  decided: boolean;
  /** The member stream's revision the decision relied on (null: not recorded by older events). */
  decidedMemberRevision: number | null;
  reasons: ReviewReason[];
  /** When the claim was first listed since its decision. */
  since: string | null;
}

/** A change on the member's stream that a decided claim may have relied on. */
export interface MemberFact {
  memberId: string;
  revision: number;
  code: ReviewReasonCode;
  detail: string;
  at: string;
  /** The claim the fact came from (a death claim's own MemberDeceased): never listed for it. */
  fromClaimId: string | null;
}

const DECIDED = new Set(['APPROVED', 'PAID', 'REJECTED']);

export const newReviewRow = (
  claimId: string,
  memberId: string,
  incidentDate: string | null,
): ClaimReviewRow => ({
  claimId,
  memberId,
  incidentDate,
  status: 'ASSESSED',
  decided: false,
  decidedMemberRevision: null,
  reasons: [],
  since: null,
});

/** Lists the claim for review with one more reason (once per code and detail). */
export function withReason(row: ClaimReviewRow, reason: ReviewReason, at: string): ClaimReviewRow {
  if (!row.decided) return row;
  if (row.reasons.some((r) => r.code === reason.code && r.detail === reason.detail)) return row;
  return { ...row, reasons: [...row.reasons, reason], since: row.since ?? at };
}

/** A member fact changes a decided claim that relied on an earlier member revision. */
export function applyMemberFact(row: ClaimReviewRow, fact: MemberFact): ClaimReviewRow {
  if (!row.decided || fact.fromClaimId === row.claimId) return row;
  if (row.decidedMemberRevision !== null && fact.revision <= row.decidedMemberRevision) return row;
  return withReason(row, { code: fact.code, detail: fact.detail }, fact.at);
}

/** A decision, a payment or a reopening of the claim itself. */
export function decideReviewRow(
  row: ClaimReviewRow,
  status: string,
  memberRevision: number | null | undefined,
): ClaimReviewRow {
  const decided = DECIDED.has(status);
  if (status === 'PAID') return { ...row, status };
  return {
    ...row,
    status,
    decided,
    decidedMemberRevision: decided ? (memberRevision ?? null) : null,
    reasons: [],
    since: null,
  };
}

/** The member fact an event on a member's stream is, when it is one a decision may rely on. */
export function memberFactOf(e: {
  type: string;
  data: unknown;
  revision: number;
  metadata: { recordedAt: string };
}): MemberFact | undefined {
  const d = e.data as Record<string, unknown> & { memberId: string };
  const base = { memberId: d.memberId, revision: e.revision, at: e.metadata.recordedAt, fromClaimId: null };
  switch (e.type) {
    case 'ContributionMonthReversed':
      return {
        ...base,
        code: 'CONTRIBUTION_REVERSED',
        detail: `${String(d.period)} reversed (payment ${String(d.paymentId)})`,
      };
    case 'MemberCorrected':
      // Field names only: the values are personal data.
      return {
        ...base,
        code: 'MEMBER_CORRECTED',
        detail: `corrected: ${Object.keys(d.changes as object).join(', ')}`,
      };
    case 'MemberDeceased':
      return {
        ...base,
        code: 'DEATH_RECORDED',
        detail: `died on ${String(d.dateOfDeath)}`,
        fromClaimId: String(d.claimId),
      };
    default:
      return undefined;
  }
}
