import { RecoverOverpayment } from '../claim.commands';
import { ClaimEvent } from '../claim.events';
import { ClaimState, isClaim } from '../claim.state';
import { NO_CORRECTIONS, payeeKey } from '../corrections';
import { ClaimRules } from './decide-support';

/** What this claim's overpayment already took from the payout (0 when nothing). */
export function recoveredFrom(state: ClaimState, payoutId: string): number {
  if (!isClaim(state)) return 0;
  return (state.corrections ?? NO_CORRECTIONS).overpayments
    .flatMap((o) => o.recoveries)
    .filter((r) => r.payoutId === payoutId)
    .reduce((s, r) => s + r.amount, 0);
}

/**
 * Deducts the payee's outstanding overpayment from a later payout, up to what the payout has
 * left (never below zero). Once per payout: a replay finds the recovery and writes nothing, so a
 * crash before the payout is scheduled neither recovers twice nor loses the recovery.
 */
export function recoverOverpayment(
  _rules: ClaimRules,
  { data }: RecoverOverpayment,
  state: ClaimState,
): ClaimEvent[] {
  if (!isClaim(state) || recoveredFrom(state, data.payoutId) > 0) return [];
  const owed = (state.corrections ?? NO_CORRECTIONS).overpayments.find(
    (o) => payeeKey(o.payee) === payeeKey(data.payee) && o.outstanding > 0,
  );
  const amount = Math.min(owed?.outstanding ?? 0, Math.max(0, data.available));
  if (!owed || amount <= 0) return [];
  return [
    {
      type: 'ClaimOverpaymentRecovered',
      id: `${state.claimId}:recovered:${data.payoutId}`,
      data: {
        claimId: state.claimId,
        memberId: state.memberId,
        payee: owed.payee,
        amount,
        payoutId: data.payoutId,
        payoutClaimId: data.payoutClaimId,
        at: data.at,
      },
    },
  ];
}
