import { initialPayoutState, PayoutState } from '@app/domain/payouts';
import { reconcilePayouts } from './reconcile';

const payout = (payoutId: string, status: PayoutState['status'], bankReference?: string): PayoutState => ({
  ...initialPayoutState(),
  exists: true,
  payoutId,
  claimId: 'c-1',
  amount: 1_000,
  status,
  ...(bankReference ? { bankReference } : {}),
});

describe('reconcilePayouts', () => {
  const payouts = [
    payout('p-paid', 'PAID', 'SBX-1'),
    payout('p-queued', 'QUEUED'),
    payout('p-processing', 'PROCESSING'),
    payout('p-failed', 'FAILED'),
  ];
  const statement = [{ idempotencyKey: 'p-paid', bankReference: 'SBX-1', amount: 1_000 }];

  it('an unsettled payout without a live job counts as stuck, not in progress', () => {
    const report = reconcilePayouts(payouts, statement, new Set(['p-queued', 'p-failed']));
    expect(report.summary).toMatchObject({ paid: 1, inProgress: 1, stuck: 2, matched: 1 });
    expect(report.clean).toBe(true);
  });

  it('without queue data every unsettled payout is in progress and stuck is not reported', () => {
    const report = reconcilePayouts(payouts, statement);
    expect(report.summary.inProgress).toBe(3);
    expect(report.summary.stuck).toBeUndefined();
  });
});
