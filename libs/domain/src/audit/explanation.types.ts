import { Benefit, ClaimStatus, LineCode, PayeeKind } from '../claims/claim.types';
import type { ReperformMismatch } from './reperform';

/** docs/api.md "Audit": how every rupiah of a claim came to be; `position` is a global log position. */
export interface ExplainedPayee {
  kind: PayeeKind;
  name: string;
}

export interface ExplainedLine {
  code: LineCode;
  description: string;
  amount: number;
  payee: ExplainedPayee;
  /** The formula with its numbers put in, e.g. `48 × Rp 1,500,000 = Rp 72,000,000 (at least Rp 20,000,000)`. */
  formula: string;
  scheduleVersion: string;
  /** The regulation article, or `(P) programme policy …`. */
  regulation: string;
  /** As recorded by the assessment (formula and regulation together). */
  basis: string;
  /** The ClaimAssessed event holding the line. */
  position: number;
}

export interface ExplainedMonth {
  month: string;
  paymentId: string;
  paidOn: string;
  position: number;
  reversed?: { reversalId: string; position: number };
}

export interface ExplainedHeir {
  fullName: string;
  relationship: string;
  birthDate?: string;
  source: 'REGISTERED' | 'CERTIFICATE';
  /** The certificate's reference (source CERTIFICATE). */
  reference?: string;
  position: number;
}

export interface ExplainedWorkRelation {
  decision: string;
  why: string;
  by: string;
  at: string;
  /** The claim it was decided (or stated) on. */
  claimId: string;
  position: number;
}

export interface ExplanationFacts {
  /** The assessment explained: the last one of the claim. */
  assessment: { assessedOn: string; trigger: string; position: number };
  member: { revision: number; position: number | null; revisionAssumed: boolean };
  coverageStart: { date: string; position: number | null };
  income: { amount: number; position: number | null };
  months: ExplainedMonth[];
  heirs: ExplainedHeir[];
  workRelation: ExplainedWorkRelation | null;
  /** The member's other claims the assessment counted (accident limits, death happens once, child limit). */
  otherClaims: { claimId: string; benefit: Benefit; status: ClaimStatus; position: number }[];
  basisClaim?: { claimId: string; benefit: Benefit; status: ClaimStatus; position: number };
}

export interface ExplainedDecision {
  type: string;
  by: string;
  role?: string;
  at: string;
  reasonCode?: string;
  note?: string;
  position: number;
}

export interface ExplainedAdjustment {
  previousTotal: number;
  newTotal: number;
  difference: number;
  overpayments: { payee: ExplainedPayee; amount: number }[];
  decision: 'APPROVED' | 'REJECTED';
  position: number;
}

export interface ExplainedPayout {
  payoutId: string;
  kind: string;
  payee: ExplainedPayee;
  /** What the approval planned (absent for a late penalty). */
  planned?: number;
  /** The amount scheduled: planned less what recoveries took. */
  amount: number;
  recovered?: number;
  status: string;
  paidOn?: string;
  /** Where the money went; an account number shows its last 4 digits only. */
  destination?: { type: string; bankCode?: string; accountName?: string; accountNumber?: string };
  penalty?: {
    forPayoutId: string;
    benefitAmount: number;
    dueBy: string;
    paidOn: string;
    daysLate: number;
    ratePercentPerDay: number;
    formula: string;
  };
  positions: { planned?: number; scheduled?: number; paid: number[] };
}

export interface ExplainedRecovery {
  /** The overpaid claim whose debt was recovered, and the payout it was deducted from. */
  overpaidClaimId: string;
  payoutId: string;
  payee: ExplainedPayee;
  amount: number;
  position: number;
}

export interface ClaimExplanation {
  claimId: string;
  memberId: string;
  benefit: Benefit;
  status: ClaimStatus;
  total: number;
  scheduleVersion: string;
  eligible: boolean;
  reasons: { code: string; message: string }[];
  lines: ExplainedLine[];
  facts: ExplanationFacts;
  decisions: ExplainedDecision[];
  approvedBy: { by: string; role: string; at: string; position: number }[];
  adjustments: ExplainedAdjustment[];
  payouts: ExplainedPayout[];
  recoveries: ExplainedRecovery[];
  /** `pending`: a late penalty not yet scheduled, less than a day after the payment (docs/audit.md). */
  reperformed: { ok: boolean; mismatches: ReperformMismatch[]; pending: ReperformMismatch[] };
  /** Every position the explanation cites, ascending. */
  positions: number[];
}
