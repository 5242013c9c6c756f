import { ClaimEvent } from '../claim.events';
import { RecoverOverpayment } from '../claim.commands';
import { spec, stateAfter, then } from '../claim.decider.fixtures';
import { SPOUSE } from '../claim.fixtures';
import { toClaimView } from '../claim.view';
import { recoveredFrom } from './recover-overpayment';
import { approvedSmall, reject, reopen } from './corrections.fixtures';

const recover = (payoutId: string, available: number, name = SPOUSE.fullName): RecoverOverpayment => ({
  type: 'RecoverOverpayment',
  data: {
    payoutId,
    payoutClaimId: 'claim-2',
    payee: { kind: 'HEIR', name },
    available,
    at: '2025-05-01T03:00:00.000Z',
  },
});

/** The events match these (a partial of each). */
const matching = (expected: object[]) => (events: ClaimEvent[]) => expect(events).toMatchObject(expected);

describe('RecoverOverpayment', () => {
  const overpaid = () => then(then(approvedSmall(), reopen()), reject()); // 42m owed by the spouse

  it('deducts at most what the later payout has (never below zero), once per payout', () => {
    const first = spec(overpaid())
      .when(recover('p-2', 30_000_000))
      .then(
        matching([
          { type: 'ClaimOverpaymentRecovered', id: 'claim-1:recovered:p-2', data: { amount: 30_000_000 } },
        ]),
      );
    const after = [...overpaid(), ...first];
    // The same payout again (a replay after a crash): nothing more, and the recorded amount is found.
    spec(after).when(recover('p-2', 30_000_000)).then([]);
    expect(recoveredFrom(stateAfter(after), 'p-2')).toBe(30_000_000);
    const second = then(after, recover('p-3', 50_000_000));
    expect(second.at(-1)).toMatchObject({ data: { amount: 12_000_000 } });
    expect(toClaimView(stateAfter(second)).overpayments[0]).toMatchObject({
      amount: 42_000_000,
      outstanding: 0,
    });
  });

  it('payees are one by name, whatever kind; another payee recovers nothing', () => {
    spec(overpaid())
      .when(recover('p-4', 1_000, SPOUSE.fullName.toUpperCase()))
      .then(matching([{ type: 'ClaimOverpaymentRecovered' }]));
    spec(overpaid())
      .when(recover('p-5', 1_000, 'RSUD Sekayu'))
      .then([]);
  });
});
