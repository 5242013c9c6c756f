import { IsoDate } from '../shared/dates';
import { ClaimCorrections } from './corrections';
import { Assessment, ClaimRecord, Payee, WorkRelationDecision } from './claim.types';

export type PayoutStatus =
  | 'QUEUED'
  | 'PROCESSING'
  | 'PAID'
  | 'FAILED'
  | 'DEAD_LETTER'
  /** Waits for a finance officer: the bank's holder name did not match, or the account does not exist. */
  | 'ON_HOLD'
  /** The bank returned the booked transfer (account closed): waits for a corrected destination. */
  | 'RETURNED';

export interface ClaimApproval {
  by: string;
  role: string;
  at: string;
  note?: string;
}

export interface ClaimDecision {
  outcome: 'APPROVED' | 'REJECTED';
  by: string;
  role?: string;
  at: string;
  reasonCode?: string;
  note?: string;
}

export interface RequestedDocument {
  name: string;
  requestedBy: string;
  requestedAt: string;
  /** Set when a document of that name arrives. */
  providedOn?: IsoDate;
}

export interface ProvidedDocument {
  name: string;
  reference: string;
  providedBy: string;
  providedAt: string;
}

/** A suspected work accident (PP 49/2023): decided within 30 days of the report. */
export interface WorkRelationState {
  status: 'SUSPECTED' | WorkRelationDecision;
  decisionDueBy: IsoDate;
  decidedOn?: IsoDate;
  decidedBy?: string;
}

/** One payout per payee of an approved claim (docs/api.md "Payouts"). */
export interface ClaimPayout {
  payoutId: string;
  amount: number;
  payee: Payee;
  status: PayoutStatus;
}

/** A claim that was submitted: every field is a fact recorded by its events. */
export interface Claim extends ClaimRecord {
  submittedBy: string;
  submittedAt: string;
  assessment: Assessment;
  assessedOn?: IsoDate;
  approvals: ClaimApproval[];
  decision?: ClaimDecision;
  requestedDocuments: RequestedDocument[];
  documents: ProvidedDocument[];
  workRelation?: WorkRelationState;
  /** The day submitted, or the day the last requested document arrived; unset while documents are outstanding. */
  completeOn?: IsoDate;
  /** completeOn + 7 working days (PP 44/2015 art. 37). */
  dueBy?: IsoDate;
  payouts: ClaimPayout[];
  /** The position of the last late fact that re-assessed the claim (a replay of it is a no-op). */
  lateFactPosition?: number;
  /** The member stream's revision the last assessment read, when it recorded one. */
  assessedMemberRevision?: number;
  /** Reopenings, overpayments and appeals (docs/benefit-rules.md "Corrections"). */
  corrections?: ClaimCorrections;
}

/** Before its first event a claim stream holds nothing: no made-up defaults. */
export interface NoClaim {
  status: 'NONE';
}

/** The claim decider's state, discriminated by `status`. */
export type ClaimState = NoClaim | Claim;

export const isClaim = (state: ClaimState): state is Claim => state.status !== 'NONE';

/** The claim, where its stream is known to exist (a fold of its own events). */
export function asClaim(state: ClaimState): Claim {
  if (!isClaim(state)) throw new RangeError('No claim: the stream has no ClaimSubmitted');
  return state;
}

export function initialClaimState(): ClaimState {
  return { status: 'NONE' };
}
