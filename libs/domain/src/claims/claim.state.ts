import { IsoDate } from '../shared/dates';
import { Assessment, ClaimRecord, Payee, WorkRelationDecision } from './claim.types';

export type PayoutStatus = 'QUEUED' | 'PROCESSING' | 'PAID' | 'FAILED' | 'DEAD_LETTER';

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

export interface ClaimState extends ClaimRecord {
  exists: boolean;
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
}

export function initialClaimState(): ClaimState {
  return {
    exists: false,
    claimId: '',
    memberId: '',
    benefit: 'JKK_MEDICAL',
    status: 'ASSESSED',
    request: { memberId: '', benefit: 'JKK_MEDICAL' },
    submittedBy: '',
    submittedAt: '',
    assessment: { eligible: false, reasons: [], lines: [], total: 0, scheduleVersion: '' },
    approvals: [],
    requestedDocuments: [],
    documents: [],
    payouts: [],
  };
}
