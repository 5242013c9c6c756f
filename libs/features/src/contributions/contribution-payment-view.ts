import { ContributionPaymentState } from '@app/domain/contributions';

export interface ContributionPaymentResult {
  paymentId: string;
  period: string;
  /** Null while the allocation is still running (status ALLOCATING). */
  membersCovered: number | null;
  alreadyPaid: number | null;
  notActive: number | null;
  totalAmount: number | null;
  status: 'ALLOCATING' | 'ALLOCATED';
}

export interface ContributionPaymentView extends ContributionPaymentResult {
  paidOn: string;
  reference: string;
  members: number;
  alreadyPaidMemberIds?: string[];
  notActiveMemberIds?: string[];
  recordedBy: string;
  /** docs/api.md "Corrections": the completed reversals of this payment. */
  reversals: { reversalId: string; membersReversed: number; totalAmount: number; at: string }[];
  version: number;
}

/** docs/api.md: `{paymentId, period, membersCovered, alreadyPaid, totalAmount}`, plus notActive and status. */
export function contributionPaymentResultOf(state: ContributionPaymentState): ContributionPaymentResult {
  const a = state.allocation;
  return {
    paymentId: state.paymentId,
    period: state.period,
    membersCovered: a?.membersCovered ?? null,
    alreadyPaid: a?.alreadyPaid ?? null,
    notActive: a?.notActive ?? null,
    totalAmount: a?.totalAmount ?? null,
    status: a ? 'ALLOCATED' : 'ALLOCATING',
  };
}

/** docs/api.md `GET /api/contribution-payments/{paymentId}`: the same fields plus paidOn and reference. */
export function contributionPaymentViewOf(
  state: ContributionPaymentState,
  version: number,
): ContributionPaymentView {
  const a = state.allocation;
  return {
    ...contributionPaymentResultOf(state),
    paidOn: state.paidOn,
    reference: state.reference,
    members: state.memberIds.length,
    ...(a?.alreadyPaidMemberIds ? { alreadyPaidMemberIds: a.alreadyPaidMemberIds } : {}),
    ...(a?.notActiveMemberIds ? { notActiveMemberIds: a.notActiveMemberIds } : {}),
    recordedBy: state.recordedBy,
    reversals: (state.reversals ?? []).flatMap((r) =>
      r.completed
        ? [
            {
              reversalId: r.reversalId,
              membersReversed: r.completed.membersReversed,
              totalAmount: r.completed.totalAmount,
              at: r.at,
            },
          ]
        : [],
    ),
    version,
  };
}
