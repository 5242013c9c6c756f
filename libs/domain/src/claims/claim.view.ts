import { IsoDate } from '../shared/dates';
import { ClaimApproval, ClaimDecision, ClaimPayout, WorkRelationState } from './claim.state';
import { Assessment, Benefit, ClaimRequest, ClaimStatus } from './claim.types';
import { workRelationSlaBreached } from './service-level';
import { ClaimCorrections, correctionsView, CorrectionsView } from './corrections';

/** docs/api.md claim view (the infra adds `version`). */
export interface ClaimView extends CorrectionsView {
  claimId: string;
  memberId: string;
  benefit: Benefit;
  status: ClaimStatus;
  incidentDate: IsoDate | null;
  reportedOn: IsoDate | null;
  assessment: Assessment;
  approvals: { by: string; role: string; at: string }[];
  decision?: ClaimDecision;
  payouts: ClaimPayout[];
  completeOn: IsoDate | null;
  dueBy: IsoDate | null;
  /** Suspected work accidents only: the work-relation decision is (or was) later than 30 days. */
  slaBreach?: boolean;
  workRelation?: WorkRelationState;
  submittedBy: string;
  submittedAt: string;
  request: ClaimRequest;
  outstandingDocuments: string[];
  documents: { name: string; reference: string }[];
}

/**
 * What the view is drawn from: a submitted claim, or a read model's own record of one (any type
 * with these fields, so the read model need not store the decider's state).
 */
export interface ClaimViewSource {
  claimId: string;
  memberId: string;
  benefit: Benefit;
  status: ClaimStatus;
  request: ClaimRequest;
  assessment: Assessment;
  approvals: readonly Pick<ClaimApproval, 'by' | 'role' | 'at'>[];
  decision?: ClaimDecision;
  payouts: ClaimPayout[];
  completeOn?: IsoDate;
  dueBy?: IsoDate;
  workRelation?: WorkRelationState;
  submittedBy: string;
  submittedAt: string;
  requestedDocuments: readonly { name: string; providedOn?: IsoDate }[];
  documents: readonly { name: string; reference: string }[];
  corrections?: ClaimCorrections;
}

function approvalView(a: Pick<ClaimApproval, 'by' | 'role' | 'at'>): {
  by: string;
  role: string;
  at: string;
} {
  return { by: a.by, role: a.role, at: a.at };
}

/** The claim as docs/api.md shows it; `today` (Asia/Jakarta) computes the work-relation SLA flag. */
export function toClaimView(state: ClaimViewSource, today?: IsoDate): ClaimView {
  const wr = state.workRelation;
  return {
    claimId: state.claimId,
    memberId: state.memberId,
    benefit: state.benefit,
    status: state.status,
    incidentDate: state.request.incidentDate ?? null,
    reportedOn: state.request.reportedOn ?? null,
    assessment: state.assessment,
    approvals: state.approvals.map(approvalView),
    ...(state.decision ? { decision: state.decision } : {}),
    payouts: state.payouts,
    completeOn: state.completeOn ?? null,
    dueBy: state.dueBy ?? null,
    ...(wr && (today !== undefined || wr.decidedOn !== undefined)
      ? {
          slaBreach: workRelationSlaBreached(
            wr.decisionDueBy,
            today ?? wr.decidedOn ?? wr.decisionDueBy,
            wr.decidedOn,
          ),
        }
      : {}),
    ...(wr ? { workRelation: wr } : {}),
    submittedBy: state.submittedBy,
    submittedAt: state.submittedAt,
    request: state.request,
    outstandingDocuments: state.requestedDocuments
      .filter((r) => r.providedOn === undefined)
      .map((r) => r.name),
    documents: state.documents.map((d) => ({ name: d.name, reference: d.reference })),
    ...correctionsView(state.corrections, state.status, state.assessment, today),
  };
}
