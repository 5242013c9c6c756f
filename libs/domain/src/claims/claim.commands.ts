import { MemberState } from '../members/member.types';
import { IsoDate } from '../shared/dates';
import { PayoutStatus } from './claim.state';
import { LateFact } from './claim.events';
import { ClaimRecord, ClaimRequest, HeirCertificate, Payee, WorkRelationDecision } from './claim.types';

/**
 * What the rules need besides the claim's own stream, loaded by the command handler: the member,
 * the member's other claims (any status) and, for a scholarship, its basis claim.
 */
export interface ClaimContext {
  member: MemberState;
  /** The member stream's revision the member was read at (recorded by the assessment). */
  memberRevision?: number;
  otherClaims: readonly ClaimRecord[];
  basisClaim?: ClaimRecord;
}

/** The acting person: `by` is the JWT `sub`, `roles` its roles; `at` an ISO 8601 instant. */
interface Actor {
  by: string;
  roles?: readonly string[];
  at: string;
}

export type SubmitClaim = {
  type: 'SubmitClaim';
  data: {
    claimId: string;
    request: ClaimRequest;
    submittedBy: string;
    roles?: readonly string[];
    at: string;
    /** The date in Asia/Jakarta: default `reportedOn`, the day the claim is complete. */
    today: IsoDate;
    /** Public holidays for the working-day due date. */
    holidays?: readonly IsoDate[];
    context: ClaimContext;
  };
};

export type RequestDocuments = { type: 'RequestDocuments'; data: Actor & { documents: string[] } };

export type ProvideDocuments = {
  type: 'ProvideDocuments';
  data: Actor & {
    documents: { name: string; reference: string }[];
    today: IsoDate;
    holidays?: readonly IsoDate[];
    context: ClaimContext;
  };
};

export type DecideWorkRelation = {
  type: 'DecideWorkRelation';
  data: Actor & { decision: WorkRelationDecision; today: IsoDate; context: ClaimContext };
};

export type AddHeirCertificate = {
  type: 'AddHeirCertificate';
  data: Actor & { certificate: HeirCertificate; today: IsoDate; context: ClaimContext };
};

/** From the late-facts process: a fact the claim depends on changed (docs/benefit-rules.md). */
export type ReassessClaim = {
  type: 'ReassessClaim';
  data: { fact: LateFact; by: string; at: string; today: IsoDate; context: ClaimContext };
};

export type ApproveClaim = {
  type: 'ApproveClaim';
  data: Actor & { roles: readonly string[]; note?: string };
};

export type RejectClaim = { type: 'RejectClaim'; data: Actor & { reasonCode: string; note: string } };

/** From the payout process (hook): a payout of this approved claim changed status. */
export type RecordPayoutUpdate = {
  type: 'RecordPayoutUpdate';
  data: {
    payoutId: string;
    amount: number;
    payee: Payee;
    status: PayoutStatus;
    at: string;
    /** The payout's destination changes so far: a status may recur after a new destination. */
    cycle?: number;
  };
};

/** A supervisor reopens a decided claim: re-assessed with the facts as now known (docs/benefit-rules.md "Corrections"). */
export type ReopenClaim = {
  type: 'ReopenClaim';
  data: Actor & { note: string; today: IsoDate; context: ClaimContext };
};

export type FileAppeal = {
  type: 'FileAppeal';
  data: Actor & {
    appealId: string;
    grounds: string;
    documents?: { name: string; reference: string }[];
    today: IsoDate;
    holidays?: readonly IsoDate[];
  };
};

export type DecideAppeal = {
  type: 'DecideAppeal';
  data: Actor & {
    appealId: string;
    outcome: 'UPHELD' | 'OVERTURNED';
    note: string;
    today: IsoDate;
    context: ClaimContext;
  };
};

/** From the payout process: deduct this claim's overpayment from a later payout to the same payee. */
export type RecoverOverpayment = {
  type: 'RecoverOverpayment';
  data: { payoutId: string; payoutClaimId: string; payee: Payee; available: number; at: string };
};

export type ClaimCommand =
  | SubmitClaim
  | RequestDocuments
  | ProvideDocuments
  | DecideWorkRelation
  | AddHeirCertificate
  | ReassessClaim
  | ApproveClaim
  | RejectClaim
  | RecordPayoutUpdate
  | ReopenClaim
  | FileAppeal
  | DecideAppeal
  | RecoverOverpayment;
