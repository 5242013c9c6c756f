import { ClaimEvent } from './claim.events';
import { Claim, ClaimState, isClaim } from './claim.state';
import { afterApproval, evolveCorrections } from './corrections';

/** Document names match whatever their case and surrounding spaces. */
export function sameDocument(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

export function evolveClaim(state: ClaimState, event: ClaimEvent): ClaimState {
  if (event.type === 'ClaimSubmitted') return claimSubmitted(event);
  // Every other event is about a submitted claim; on none it changes nothing.
  return isClaim(state) ? evolveSubmitted(state, event) : state;
}

/** The claim a ClaimSubmitted event starts. */
export function claimSubmitted({ data: d }: Extract<ClaimEvent, { type: 'ClaimSubmitted' }>): Claim {
  {
    return {
      claimId: d.claimId,
      memberId: d.memberId,
      benefit: d.benefit,
      request: d.request,
      status: 'ASSESSED',
      submittedBy: d.submittedBy,
      submittedAt: d.at,
      assessment: { eligible: false, reasons: [], lines: [], total: 0, scheduleVersion: '' },
      approvals: [],
      requestedDocuments: [],
      documents: [],
      payouts: [],
      completeOn: d.completeOn,
      dueBy: d.dueBy,
      ...(d.workRelation ? { workRelation: d.workRelation } : {}),
    };
  }
}

/** A submitted claim after one of its later events. */
export function evolveSubmitted(state: Claim, event: Exclude<ClaimEvent, { type: 'ClaimSubmitted' }>): Claim {
  const next = evolveDecision(state, event);
  const corrections = evolveCorrections(state.corrections, event);
  return corrections ? { ...next, corrections } : next;
}

function evolveDecision(state: Claim, event: Exclude<ClaimEvent, { type: 'ClaimSubmitted' }>): Claim {
  switch (event.type) {
    case 'ClaimAssessed': {
      // A new assessment voids a first approval given on the old one.
      const voids = state.status === 'AWAITING_SECOND_APPROVAL';
      return {
        ...state,
        assessment: event.data.assessment,
        assessedOn: event.data.assessedOn,
        ...(event.data.fact ? { lateFactPosition: event.data.fact.position } : {}),
        ...(event.data.memberRevision !== undefined
          ? { assessedMemberRevision: event.data.memberRevision }
          : {}),
        ...(voids ? { status: 'ASSESSED' as const, approvals: [] } : {}),
      };
    }
    case 'ClaimDocumentsRequested': {
      const { documents, by, at } = event.data;
      const { completeOn: _c, dueBy: _d, ...rest } = state;
      return {
        ...rest,
        status: 'DOCUMENTS_REQUESTED',
        requestedDocuments: [
          ...state.requestedDocuments,
          ...documents.map((name) => ({ name, requestedBy: by, requestedAt: at })),
        ],
      };
    }
    case 'ClaimDocumentsProvided': {
      const { documents, by, at, providedOn, completeOn, dueBy } = event.data;
      const names = documents.map((d) => d.name);
      return {
        ...state,
        documents: [
          ...state.documents,
          ...documents.map((d) => ({ name: d.name, reference: d.reference, providedBy: by, providedAt: at })),
        ],
        requestedDocuments: state.requestedDocuments.map((r) =>
          r.providedOn === undefined && names.some((n) => sameDocument(n, r.name)) ? { ...r, providedOn } : r,
        ),
        ...(completeOn && dueBy ? { status: 'ASSESSED' as const, completeOn, dueBy } : {}),
      };
    }
    case 'ClaimWorkRelationDecided': {
      const { decision, decidedOn, by, decisionDueBy } = event.data;
      return { ...state, workRelation: { status: decision, decisionDueBy, decidedOn, decidedBy: by } };
    }
    case 'ClaimHeirCertificateAdded':
      return { ...state, heirCertificate: event.data.certificate };
    case 'ClaimFirstApprovalGiven': {
      const { by, role, at, note } = event.data;
      return {
        ...state,
        status: 'AWAITING_SECOND_APPROVAL',
        approvals: [...state.approvals, { by, role, at, ...(note !== undefined ? { note } : {}) }],
      };
    }
    case 'ClaimApproved': {
      const { by, role, at, note, approvals } = event.data;
      const { status, payouts: all } = afterApproval(state.payouts, event.data);
      return {
        ...state,
        status,
        approvals,
        decision: { outcome: 'APPROVED', by, role, at, ...(note !== undefined ? { note } : {}) },
        payouts: all,
      };
    }
    case 'ClaimRejected': {
      const { by, role, at, reasonCode, note } = event.data;
      return {
        ...state,
        status: 'REJECTED',
        decision: { outcome: 'REJECTED', by, ...(role ? { role } : {}), at, reasonCode, note },
      };
    }
    case 'ClaimPayoutUpdated': {
      const { payoutId, amount, payee, status } = event.data;
      const payout = { payoutId, amount, payee, status };
      const known = state.payouts.some((p) => p.payoutId === payoutId);
      return {
        ...state,
        // A payout returned by the bank (or a new one) after the claim was paid: not paid after all.
        status: state.status === 'PAID' && status !== 'PAID' ? 'APPROVED' : state.status,
        payouts: known
          ? state.payouts.map((p) => (p.payoutId === payoutId ? payout : p))
          : [...state.payouts, payout],
      };
    }
    case 'ClaimPaid':
      return { ...state, status: 'PAID' };
    case 'ClaimReopened': {
      // Decided again like any claim: the assessment that follows is the one to approve or reject.
      const { decision: _d, ...rest } = state;
      return { ...rest, status: 'ASSESSED', approvals: [] };
    }
    case 'ClaimOverpaymentRecovered':
    case 'ClaimAppealFiled':
    case 'ClaimAppealDecided':
      return state;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
