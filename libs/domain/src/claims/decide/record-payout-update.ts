import { RecordPayoutUpdate } from '../claim.commands';
import { ClaimEvent } from '../claim.events';
import { evolveSubmitted } from '../claim.evolve';
import { ClaimState } from '../claim.state';
import { ClaimRules, requireClaim, requireStatus } from './decide-support';

/** From the payout process: a payout changed status; PAID once every payout is paid. Redelivery is a no-op. */
export function recordPayoutUpdate(
  rules: ClaimRules,
  { data }: RecordPayoutUpdate,
  state: ClaimState,
): ClaimEvent[] {
  requireClaim(state);
  const known = state.payouts.find((p) => p.payoutId === data.payoutId);
  // A payout an earlier approval scheduled keeps reporting after a reopening (even a rejection):
  // its money moves whatever the claim's status now, and what it paid counts in the overpayment.
  if (!known) requireStatus(state, ['APPROVED', 'PAID'], 'paid');
  if (known && known.status === data.status && known.amount === data.amount) return []; // a redelivery
  const updated: ClaimEvent = {
    type: 'ClaimPayoutUpdated',
    id: `${state.claimId}:payout:${data.payoutId}:${data.status}${data.cycle ? `:${data.cycle}` : ''}`,
    data: {
      claimId: state.claimId,
      payoutId: data.payoutId,
      amount: data.amount,
      payee: data.payee,
      status: data.status,
      at: data.at,
    },
  };
  const after = evolveSubmitted(state, updated);
  const reopenings = state.corrections?.reopenings ?? 0;
  const allPaid = after.payouts.length > 0 && after.payouts.every((p) => p.status === 'PAID');
  if (state.status !== 'APPROVED' || !allPaid) return [updated];
  return [
    updated,
    {
      type: 'ClaimPaid',
      // Paid again after a returned transfer was sent anew, or after a reopening's top-ups: its own event.
      id: data.cycle
        ? `${state.claimId}:paid:${data.payoutId}:${data.cycle}`
        : reopenings
          ? `${state.claimId}:paid:${reopenings}`
          : `${state.claimId}:paid`,
      data: { claimId: state.claimId, at: data.at, payoutIds: after.payouts.map((p) => p.payoutId) },
    },
  ];
}
