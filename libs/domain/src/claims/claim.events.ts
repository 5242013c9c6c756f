import { IsoDate } from '../shared/dates';
import { DomainEvent } from '../shared/event';
import { ClaimApproval, ClaimPayout, WorkRelationState } from './claim.state';
import type { PayoutDestination } from '../payouts/destination';
import {
  Assessment,
  Benefit,
  ClaimRequest,
  ClaimStatus,
  HeirCertificate,
  LineCode,
  Payee,
  WorkRelationDecision,
} from './claim.types';
import { AdjustmentDecided, CorrectionEvent } from './corrections.events';

/** Every event records who (`by`), in which role, when (`at`, an instant) and why. */

export type ClaimSubmitted = DomainEvent<
  'ClaimSubmitted',
  {
    claimId: string;
    memberId: string;
    benefit: Benefit;
    /** As submitted, with `reportedOn` defaulted to the day of submission. */
    request: ClaimRequest;
    submittedBy: string;
    role?: string;
    at: string;
    completeOn: IsoDate;
    dueBy: IsoDate;
    workRelation?: WorkRelationState;
  }
>;

export type AssessmentTrigger =
  | 'SUBMITTED'
  | 'DOCUMENTS_PROVIDED'
  | 'WORK_RELATION_DECIDED'
  | 'HEIR_CERTIFICATE_ADDED'
  | 'LATE_FACT'
  | 'REOPENED';

/** The late fact a re-assessment answers: the event, where it stands in the log (docs/architecture.md). */
export interface LateFact {
  position: number;
  type: string;
  streamId: string;
  eventId: string;
  /** A fact on the member's stream: its revision there (an assessment that read it is not redone). */
  memberRevision?: number;
}

/** The rules' proposal; a person decides (docs/benefit-rules.md "Decisions and payment"). */
export type ClaimAssessed = DomainEvent<
  'ClaimAssessed',
  {
    claimId: string;
    assessment: Assessment;
    assessedOn: IsoDate;
    trigger: AssessmentTrigger;
    /** Set when trigger is LATE_FACT. */
    fact?: LateFact;
    /** The member stream's revision the assessment read (docs/architecture.md guarantee 11). */
    memberRevision?: number;
    by: string;
    at: string;
  }
>;

/** An heir certificate added after submission: re-assessed when undecided, recorded when decided. */
export type ClaimHeirCertificateAdded = DomainEvent<
  'ClaimHeirCertificateAdded',
  {
    claimId: string;
    memberId: string;
    certificate: HeirCertificate;
    by: string;
    role?: string;
    at: string;
    addedOn: IsoDate;
    /** The claim's status when it came: a decided claim's assessment is left as it was. */
    claimStatus: ClaimStatus;
  }
>;

export type ClaimDocumentsRequested = DomainEvent<
  'ClaimDocumentsRequested',
  { claimId: string; documents: string[]; by: string; role?: string; at: string }
>;

export type ClaimDocumentsProvided = DomainEvent<
  'ClaimDocumentsProvided',
  {
    claimId: string;
    documents: { name: string; reference: string }[];
    by: string;
    role?: string;
    at: string;
    providedOn: IsoDate;
    /** Requested documents still missing after these. */
    outstanding: string[];
    /** Set when these were the last requested documents: the claim is complete again. */
    completeOn?: IsoDate;
    dueBy?: IsoDate;
  }
>;

export type ClaimWorkRelationDecided = DomainEvent<
  'ClaimWorkRelationDecided',
  {
    claimId: string;
    decision: WorkRelationDecision;
    by: string;
    role?: string;
    at: string;
    decidedOn: IsoDate;
    decisionDueBy: IsoDate;
    /** Decided after the 30-day SLA (PP 49/2023). */
    late: boolean;
  }
>;

/** The first of two approvals: the total reaches the four-eyes threshold. */
export type ClaimFirstApprovalGiven = DomainEvent<
  'ClaimFirstApprovalGiven',
  {
    claimId: string;
    by: string;
    role: string;
    at: string;
    note?: string;
    total: number;
    secondApprovalThreshold: number;
    why: string;
  }
>;

export interface PlannedPayout {
  payoutId: string;
  payee: Payee;
  amount: number;
  lineCodes: LineCode[];
  dueBy?: IsoDate;
  /** Absent: BENEFIT. A reopened claim's positive difference is paid as TOP_UP payouts. */
  kind?: 'BENEFIT' | 'TOP_UP';
  /** Where the money goes; absent on approvals before destinations (paid to the payee's name). */
  destination?: PayoutDestination;
}

/** Final approval: payable through the payout queue, one payout per payee. */
export type ClaimApproved = DomainEvent<
  'ClaimApproved',
  {
    claimId: string;
    memberId: string;
    benefit: Benefit;
    by: string;
    role: string;
    at: string;
    note?: string;
    /** Every approval, this one last. */
    approvals: ClaimApproval[];
    total: number;
    /** Death claims: the member is deceased from this date on (death happens once). */
    dateOfDeath?: IsoDate;
    payouts: PlannedPayout[];
    completeOn?: IsoDate;
    dueBy?: IsoDate;
    /** A reopened claim's decision: the difference from what was approved before. */
    adjustment?: AdjustmentDecided;
    /** The member stream's revision the approved assessment read (guarantee 11); absent on older events. */
    memberRevision?: number;
  }
>;

export type ClaimRejected = DomainEvent<
  'ClaimRejected',
  {
    claimId: string;
    memberId: string;
    by: string;
    role?: string;
    at: string;
    reasonCode: string;
    note: string;
    /** A reopened claim: what was approved before is owed back. */
    adjustment?: AdjustmentDecided;
    /** The member stream's revision the rejected assessment read; absent on older events. */
    memberRevision?: number;
  }
>;

/** Hook for the payout process: a payout of this claim changed status. */
export type ClaimPayoutUpdated = DomainEvent<
  'ClaimPayoutUpdated',
  ClaimPayout & { claimId: string; at: string }
>;

/** Every payout of the claim is paid. */
export type ClaimPaid = DomainEvent<'ClaimPaid', { claimId: string; at: string; payoutIds: string[] }>;

export type ClaimEvent =
  | ClaimSubmitted
  | ClaimAssessed
  | ClaimDocumentsRequested
  | ClaimDocumentsProvided
  | ClaimWorkRelationDecided
  | ClaimHeirCertificateAdded
  | ClaimFirstApprovalGiven
  | ClaimApproved
  | ClaimRejected
  | ClaimPayoutUpdated
  | ClaimPaid
  | CorrectionEvent;

export const CLAIM_EVENT_TYPES: readonly ClaimEvent['type'][] = [
  'ClaimSubmitted',
  'ClaimAssessed',
  'ClaimDocumentsRequested',
  'ClaimDocumentsProvided',
  'ClaimWorkRelationDecided',
  'ClaimHeirCertificateAdded',
  'ClaimFirstApprovalGiven',
  'ClaimApproved',
  'ClaimRejected',
  'ClaimPayoutUpdated',
  'ClaimPaid',
  'ClaimReopened',
  'ClaimOverpaymentRecovered',
  'ClaimAppealFiled',
  'ClaimAppealDecided',
];
