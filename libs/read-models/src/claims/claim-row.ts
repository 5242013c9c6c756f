import { afterApproval, ClaimEvent, ClaimViewSource, evolveCorrections } from '@app/domain/claims';

/**
 * The worklist's own record of a claim, stored as jsonb and folded from the claim's events by
 * `evolveClaimRow`, not by the decider: the write model's state can change shape without touching
 * the read model. It carries what the claim view shows (`ClaimViewSource`: the view's contract),
 * nothing more.
 */
export type ClaimRow = ClaimViewSource;

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The row after one of the claim's events; undefined before the claim exists. */
export function evolveClaimRow(row: ClaimRow | undefined, event: ClaimEvent): ClaimRow | undefined {
  if (event.type === 'ClaimSubmitted') {
    const d = event.data;
    return {
      claimId: d.claimId,
      memberId: d.memberId,
      benefit: d.benefit,
      status: 'ASSESSED',
      request: d.request,
      assessment: { eligible: false, reasons: [], lines: [], total: 0, scheduleVersion: '' },
      approvals: [],
      payouts: [],
      completeOn: d.completeOn,
      dueBy: d.dueBy,
      ...(d.workRelation ? { workRelation: d.workRelation } : {}),
      submittedBy: d.submittedBy,
      submittedAt: d.at,
      requestedDocuments: [],
      documents: [],
    };
  }
  if (!row) return undefined;
  const next = evolveDecision(row, event);
  const corrections = evolveCorrections(row.corrections, event);
  return corrections ? { ...next, corrections } : next;
}

function evolveDecision(row: ClaimRow, event: Exclude<ClaimEvent, { type: 'ClaimSubmitted' }>): ClaimRow {
  switch (event.type) {
    case 'ClaimAssessed':
      // A new assessment voids a first approval given on the old one.
      return row.status === 'AWAITING_SECOND_APPROVAL'
        ? { ...row, assessment: event.data.assessment, status: 'ASSESSED', approvals: [] }
        : { ...row, assessment: event.data.assessment };
    case 'ClaimDocumentsRequested': {
      const { completeOn: _c, dueBy: _d, ...rest } = row;
      const asked = event.data.documents.map((name) => ({ name }));
      return {
        ...rest,
        status: 'DOCUMENTS_REQUESTED',
        requestedDocuments: [...row.requestedDocuments, ...asked],
      };
    }
    case 'ClaimDocumentsProvided': {
      const { documents, providedOn, completeOn, dueBy } = event.data;
      return {
        ...row,
        documents: [...row.documents, ...documents.map((d) => ({ name: d.name, reference: d.reference }))],
        requestedDocuments: row.requestedDocuments.map((r) =>
          r.providedOn === undefined && documents.some((d) => sameName(d.name, r.name))
            ? { ...r, providedOn }
            : r,
        ),
        ...(completeOn && dueBy ? { status: 'ASSESSED' as const, completeOn, dueBy } : {}),
      };
    }
    case 'ClaimWorkRelationDecided': {
      const { decision, decidedOn, by, decisionDueBy } = event.data;
      return { ...row, workRelation: { status: decision, decisionDueBy, decidedOn, decidedBy: by } };
    }
    case 'ClaimHeirCertificateAdded':
      // The certificate shows in the assessment that follows it; the row keeps nothing of its own.
      return row;
    case 'ClaimFirstApprovalGiven': {
      const { by, role, at } = event.data;
      return { ...row, status: 'AWAITING_SECOND_APPROVAL', approvals: [...row.approvals, { by, role, at }] };
    }
    case 'ClaimApproved': {
      const { by, role, at, note, approvals } = event.data;
      const { status, payouts: all } = afterApproval(row.payouts, event.data);
      return {
        ...row,
        status,
        approvals: approvals.map((a) => ({ by: a.by, role: a.role, at: a.at })),
        decision: { outcome: 'APPROVED', by, role, at, ...(note !== undefined ? { note } : {}) },
        payouts: all,
      };
    }
    case 'ClaimRejected': {
      const { by, role, at, reasonCode, note } = event.data;
      return {
        ...row,
        status: 'REJECTED',
        decision: { outcome: 'REJECTED', by, ...(role ? { role } : {}), at, reasonCode, note },
      };
    }
    case 'ClaimPayoutUpdated': {
      const { payoutId, amount, payee, status } = event.data;
      const payout = { payoutId, amount, payee, status };
      const known = row.payouts.some((p) => p.payoutId === payoutId);
      return {
        ...row,
        // A payout returned by the bank after the claim was paid: not paid after all.
        status: row.status === 'PAID' && status !== 'PAID' ? 'APPROVED' : row.status,
        payouts: known
          ? row.payouts.map((p) => (p.payoutId === payoutId ? payout : p))
          : [...row.payouts, payout],
      };
    }
    case 'ClaimPaid':
      return { ...row, status: 'PAID' };
    case 'ClaimReopened': {
      const { decision: _d, ...rest } = row;
      return { ...rest, status: 'ASSESSED', approvals: [] };
    }
    case 'ClaimOverpaymentRecovered':
    case 'ClaimAppealFiled':
    case 'ClaimAppealDecided':
      return row;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
