import { payeeKey } from '../claims/corrections';
import { payoutOfTransferKey } from '../payouts/destination';
import { latePenaltyFor } from '../payouts/late-penalty';
import { PayoutPaid, PayoutScheduled } from '../payouts/payout.events';
import { PayoutState } from '../payouts/payout.state';
import { scheduleFor } from '../schedule/schedule';
import { ClaimLog } from './claim-log';
import { check, Check } from './checks';
import type { AuditEvent } from './reperform';

/**
 * A benefit or top-up payout as scheduled: the amount its approval planned less what recoveries of
 * the payee's overpayments took from it (docs/benefit-rules.md "Corrections").
 */
export function scheduledChecks(log: ClaimLog, e: AuditEvent): Check[] {
  const data = e.data as PayoutScheduled['data'];
  const planned = log.planned.get(data.payoutId);
  const recovered = log.recoveredFrom.get(data.payoutId) ?? 0;
  const plannedPayee = log.claims
    .get(data.claimId)
    ?.events.filter((x) => x.type === 'ClaimApproved')
    .flatMap(
      (x) => (x.data as { payouts: { payoutId: string; payee: { kind: string; name: string } }[] }).payouts,
    )
    .find((p) => p.payoutId === data.payoutId)?.payee;
  return [
    check(`payout ${data.payoutId} amount`, data.amount, planned ? planned.amount - recovered : null),
    check(`payout ${data.payoutId} recovered`, data.recovered ?? 0, recovered),
    check(
      `payout ${data.payoutId} payee`,
      payeeKey(data.payee),
      plannedPayee ? payeeKey(plannedPayee as PayoutScheduled['data']['payee']) : null,
    ),
  ];
}

/** The late penalty a benefit payout paid on `paidOn` owes, at the rate in force on its due date. */
export function penaltyOwed(benefit: PayoutState, paidOn: string): number {
  if (!benefit.exists || !benefit.dueBy) return 0;
  const serviceLevel = scheduleFor(benefit.dueBy).serviceLevel;
  return latePenaltyFor(benefit, paidOn, '', serviceLevel)?.data.amount ?? 0;
}

/** The paid-on days of a payout's payments (a transfer the bank returned counts among them). */
export function paidOnDays(log: ClaimLog, payoutId: string): string[] {
  return (log.payouts.get(payoutId)?.events ?? [])
    .filter((x) => x.type === 'PayoutPaid')
    .map((x) => (x.data as PayoutPaid['data']).paidOn);
}

/**
 * A LATE_PENALTY payout: the benefit it follows, its amount and due date, the day it was paid,
 * the rate of the schedule in force on the due date, and the amount (PP 44/2015 art. 37). A
 * penalty after a re-send (`-d<n>`) owes only the days the earlier payment did not.
 */
export function penaltyChecks(log: ClaimLog, e: AuditEvent): Check[] {
  const data = e.data as PayoutScheduled['data'];
  const basis = data.penaltyFor;
  const benefit = basis ? log.payouts.get(basis.payoutId)?.state : undefined;
  if (!basis || !benefit?.exists) return [check(`penalty ${data.payoutId} amount`, data.amount, null)];
  const rate = scheduleFor(benefit.dueBy).serviceLevel.latePenaltyPercentPerDay;
  const cycle = /-d(\d+)$/.exec(data.payoutId);
  let expected = penaltyOwed(benefit, basis.paidOn);
  if (cycle) {
    const earlier = benefit.returns
      .filter((r) => payoutOfTransferKey(r.transferKey).destinationChanges < Number(cycle[1]))
      .at(-1)?.paidOn;
    expected -= earlier ? penaltyOwed(benefit, earlier) : 0;
  }
  const paidOn = paidOnDays(log, basis.payoutId);
  return [
    check(`penalty ${data.payoutId} benefitAmount`, basis.benefitAmount, benefit.amount),
    check(`penalty ${data.payoutId} dueBy`, basis.dueBy, benefit.dueBy),
    check(
      `penalty ${data.payoutId} paidOn`,
      basis.paidOn,
      paidOn.includes(basis.paidOn) ? basis.paidOn : (paidOn.at(-1) ?? null),
    ),
    check(`penalty ${data.payoutId} rate`, basis.ratePercentPerDay, rate),
    check(`penalty ${data.payoutId} amount`, data.amount, expected),
  ];
}
