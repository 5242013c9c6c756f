import { daysLate, latePenalty, owesLatePenalty } from '../claims/service-level';
import { ScheduleVersion } from '../schedule/schedule.types';
import { IsoDate } from '../shared/dates';
import { SchedulePayout } from './payout.commands';
import { latePenaltyPayoutId } from './payout.events';
import { PayoutState } from './payout.state';

/**
 * Service level (docs/benefit-rules.md "Decisions and payment"): a cash BENEFIT payout paid after
 * its due date owes the beneficiary a penalty of the schedule's rate of the benefit per day late,
 * paid as its own payout line to the same payee. A payout to a provider (medical care, home care,
 * aids) owes none. Returns the command that schedules it, or undefined when none is owed.
 */
export function latePenaltyFor(
  benefit: PayoutState,
  paidOn: IsoDate,
  at: string,
  serviceLevel: Pick<ScheduleVersion['serviceLevel'], 'latePenaltyPercentPerDay'>,
): SchedulePayout | undefined {
  if (!benefit.exists || benefit.kind !== 'BENEFIT' || !benefit.dueBy) return undefined;
  if (!owesLatePenalty(benefit.payee, benefit.lines)) return undefined;
  const ratePercentPerDay = serviceLevel.latePenaltyPercentPerDay;
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
