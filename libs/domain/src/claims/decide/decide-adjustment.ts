import { PlannedPayout } from '../claim.events';
import { Claim } from '../claim.state';
import { adjustmentFor, amountsByPayee, payeeKey } from '../corrections';
import { AdjustmentDecided } from '../corrections.events';
import { planPayouts } from '../plan-payouts';
import { destinationOf } from '../../payouts/destination';

/** What four eyes weigh: the total, or for a reopened claim the absolute difference from before. */
export function fourEyesAmount(state: Claim): number {
  const reopened = state.corrections?.reopened;
  if (!reopened) return state.assessment.total;
  return Math.abs(state.assessment.total - reopened.previousTotal);
}

/**
 * The final approval of a reopened claim: positive per-payee differences become TOP_UP payouts
 * (numbered by the reopening, so ids never collide), negative ones overpayments. A claim never
 * paid before (a rejection overturned) is paid as any approval.
 */
export function adjustedPayouts(state: Claim): { payouts: PlannedPayout[]; adjustment: AdjustmentDecided } {
  const reopened = state.corrections?.reopened;
  if (!reopened) throw new RangeError('Only a reopened claim is adjusted');
  const { topUps, ...adjustment } = adjustmentFor(reopened, amountsByPayee(state.assessment));
  if (state.payouts.length === 0)
    return {
      payouts: planPayouts(state.claimId, state.assessment, state.dueBy, state.request.payTo),
      adjustment,
    };
  const payouts = topUps.map((t, i) => ({
    payoutId: `${state.claimId}-topup-${reopened.reopening}-${i + 1}`,
    payee: t.payee,
    amount: t.amount,
    lineCodes: [
      ...new Set(
        state.assessment.lines.filter((l) => payeeKey(l.payee) === payeeKey(t.payee)).map((l) => l.code),
      ),
    ],
    ...(state.dueBy ? { dueBy: state.dueBy } : {}),
    destination: destinationOf(state.request.payTo),
    kind: 'TOP_UP' as const,
  }));
  return { payouts, adjustment };
}

/** Rejecting a reopened claim: everything approved before is owed back, per payee. */
export function rejectionAdjustment(state: Claim): { adjustment?: AdjustmentDecided } {
  const reopened = state.corrections?.reopened;
  if (!reopened) return {};
  const { topUps: _t, ...adjustment } = adjustmentFor(reopened, []);
  return { adjustment };
}
