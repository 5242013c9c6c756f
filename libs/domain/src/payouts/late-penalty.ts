import { daysLate, latePenalty } from '../claims/service-level';
import { IsoDate } from '../shared/dates';
import { SchedulePayout } from './payout.commands';
import { latePenaltyPayoutId } from './payout.events';
import { PayoutState } from './payout.state';

/** PP 44/2015 art. 37: 1% of the benefit for each day it is paid late. */
export const LATE_PENALTY_RATE_PERCENT_PER_DAY = 1;

/**
 * Service level (docs/benefit-rules.md "Decisions and payment"): a BENEFIT payout paid after its due date owes the beneficiary a
 * penalty of 1% of the benefit per day late, paid as its own payout line to the same payee.
 * Returns the command that schedules it, or undefined when the benefit was on time.
 */
export function latePenaltyFor(
  benefit: PayoutState,
  paidOn: IsoDate,
  at: string,
  ratePercentPerDay = LATE_PENALTY_RATE_PERCENT_PER_DAY,
): SchedulePayout | undefined {
  if (!benefit.exists || benefit.kind !== 'BENEFIT' || !benefit.dueBy) return undefined;
  const amount = latePenalty(benefit.amount, benefit.dueBy, paidOn, ratePercentPerDay);
  if (amount <= 0) return undefined;
  return {
    type: 'SchedulePayout',
    data: {
      payoutId: latePenaltyPayoutId(benefit.payoutId),
      claimId: benefit.claimId,
      payee: benefit.payee,
      amount,
      // Owed as soon as the benefit was paid late.
      dueBy: paidOn,
      kind: 'LATE_PENALTY',
      lines: ['LATE_PENALTY'],
      // The penalty goes where the benefit went.
      ...(benefit.destination ? { destination: benefit.destination } : {}),
      penaltyFor: {
        payoutId: benefit.payoutId,
        benefitAmount: benefit.amount,
        dueBy: benefit.dueBy,
        paidOn,
        daysLate: daysLate(benefit.dueBy, paidOn),
        ratePercentPerDay,
      },
      at,
    },
  };
}
