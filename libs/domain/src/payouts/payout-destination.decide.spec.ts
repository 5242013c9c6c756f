import { specFor } from '../shared/testing';
import { fold } from '../shared/event';
import { payoutDecider } from './payout.decider';
import { PayoutEvent, PayoutScheduled } from './payout.events';
import { currentTransferKey } from './payout.state';

const given = specFor(payoutDecider);
const AT = '2026-03-02T03:00:00.000Z';
const ID = 'claim-1-payout-1';
const ACCOUNT = {
  type: 'ACCOUNT' as const,
  bankCode: '014',
  accountNumber: '8012345555',
  accountName: 'SITI AMINAH',
};

const scheduled = (destination?: PayoutScheduled['data']['destination']): PayoutScheduled => ({
  type: 'PayoutScheduled',
  data: {
    payoutId: ID,
    claimId: 'claim-1',
    payee: { kind: 'HEIR', name: 'Siti Aminah' },
    amount: 1_000_000,
    dueBy: '2026-03-11',
    kind: 'BENEFIT',
    ...(destination ? { destination } : {}),
    at: AT,
  },
});
const held: PayoutEvent = {
  type: 'PayoutHeld',
  data: {
    payoutId: ID,
    reason: 'ACCOUNT_NAME_MISMATCH',
    bankHolderName: 'REKENING SANDBOX',
    destinationChanges: 0,
    at: AT,
  },
};
const started: PayoutEvent = {
  type: 'PayoutAttemptStarted',
  data: { payoutId: ID, attempt: 1, jobId: ID, at: AT },
};
const paid = (bankReference: string, attempt = 1): PayoutEvent => ({
  type: 'PayoutPaid',
  data: {
    payoutId: ID,
    attempt,
    amount: 1_000_000,
    bankReference,
    paidAt: AT,
    paidOn: '2026-03-02',
    confirmedBy: 'TRANSFER',
  },
});
const returned: PayoutEvent = {
  type: 'PayoutReturned',
  data: {
    payoutId: ID,
    bankReference: 'SBX-1',
    transferKey: ID,
    reason: 'ACCOUNT_CLOSED',
    noticedBy: 'STATUS_CHECK',
    at: AT,
  },
};
const corrected = { bankCode: '009', accountNumber: '8012341111', accountName: 'Siti Aminah' };
const change = (data: object) => ({
  type: 'ChangePayoutDestination' as const,
  data: { by: 'fin-rina', at: AT, ...data },
});

describe('payout destinations: holds, new destinations and returns', () => {
  it('an old payout without destination folds as before (the legacy path, paid to the name)', () => {
    const state = fold(payoutDecider, [scheduled(), started, paid('SBX-1')]);
    expect(state).toMatchObject({ status: 'PAID', destinationChanges: 0, returns: [] });
    expect(state.destination).toBeUndefined();
    expect(currentTransferKey(state)).toBe(ID);
  });

  it('a hold stops the payout: no attempt starts until a finance officer answers', () => {
    given([scheduled(ACCOUNT)])
      .when({
        type: 'HoldPayout',
        data: { reason: 'ACCOUNT_NAME_MISMATCH', bankHolderName: 'REKENING SANDBOX', at: AT },
      })
      .then([{ type: 'PayoutHeld', data: expect.objectContaining({ reason: 'ACCOUNT_NAME_MISMATCH' }) }]);
    given([scheduled(ACCOUNT), held])
      .when({ type: 'StartPayoutAttempt', data: { jobId: ID, at: AT } })
      .thenThrows('PAYOUT_ON_HOLD');
  });

  it('an attempt that may have reached the bank is asked about before a hold', () => {
    const hold = (bankHasNoTransfer?: boolean) => ({
      type: 'HoldPayout' as const,
      data: {
        reason: 'ACCOUNT_NOT_FOUND' as const,
        at: AT,
        ...(bankHasNoTransfer ? { bankHasNoTransfer } : {}),
      },
    });
    given([scheduled(ACCOUNT), started])
      .when(hold())
      .thenThrows('BANK_STATUS_UNKNOWN');
    const [e] = given([scheduled(ACCOUNT), started])
      .when(hold(true))
      .then([{ type: 'PayoutHeld' }]);
    expect(fold(payoutDecider, [scheduled(ACCOUNT), started, e]).inFlight).toBeUndefined();
  });

  it('a cash order is never held: there is no account to ask about', () => {
    given([scheduled({ type: 'CASH_ORDER' })])
      .when({ type: 'HoldPayout', data: { reason: 'ACCOUNT_NOT_FOUND', at: AT } })
      .thenThrows('PAYOUT_NOT_TO_ACCOUNT');
  });

  it('confirmHolder answers a name mismatch: same account, holder confirmed, a new job cycle and transfer key', () => {
    const [e] = given([scheduled(ACCOUNT), held])
      .when(change({ confirmHolder: true }))
      .then([
        {
          type: 'PayoutDestinationChanged',
          data: expect.objectContaining({
            change: 'HOLDER_CONFIRMED',
            destination: ACCOUNT,
            reason: 'ACCOUNT_NAME_MISMATCH',
            by: 'fin-rina',
            retry: 1,
            destinationChanges: 1,
          }),
        },
      ]);
    const state = fold(payoutDecider, [scheduled(ACCOUNT), held, e]);
    expect(state).toMatchObject({ status: 'QUEUED', holderConfirmed: true, retries: 1 });
    expect(state.holdReason).toBeUndefined();
    expect(currentTransferKey(state)).toBe(`${ID}-d1`);
  });

  it('confirmHolder cannot answer an unknown account; a corrected account can', () => {
    const notFound: PayoutEvent = {
      type: 'PayoutHeld',
      data: { payoutId: ID, reason: 'ACCOUNT_NOT_FOUND', destinationChanges: 0, at: AT },
    };
    given([scheduled(ACCOUNT), notFound])
      .when(change({ confirmHolder: true }))
      .thenThrows('NO_HOLDER_TO_CONFIRM', 'not_allowed');
    given([scheduled(ACCOUNT), notFound])
      .when(change({ payTo: corrected }))
      .then([
        {
          type: 'PayoutDestinationChanged',
          data: expect.objectContaining({
            change: 'CORRECTED',
            destination: { type: 'ACCOUNT', ...corrected },
          }),
        },
      ]);
    given([scheduled(ACCOUNT), notFound])
      .when(change({ payTo: { ...corrected, accountNumber: '12' } }))
      .thenThrows('VALIDATION', 'validation');
  });

  it('only an ON_HOLD or RETURNED payout takes a new destination (422 otherwise)', () => {
    given([scheduled(ACCOUNT)])
      .when(change({ payTo: corrected }))
      .thenThrows('PAYOUT_NOT_HELD_OR_RETURNED', 'not_allowed');
    given([scheduled(ACCOUNT), started, paid('SBX-1')])
      .when(change({ payTo: corrected }))
      .thenThrows('PAYOUT_NOT_HELD_OR_RETURNED');
  });

  it('a return un-pays the payout; a late word of the returned transfer changes nothing; the re-send is paid under its own key', () => {
    given([scheduled(ACCOUNT), started, paid('SBX-1')])
      .when({
        type: 'RecordPayoutReturned',
        data: { bankReference: 'SBX-1', reason: 'ACCOUNT_CLOSED', noticedBy: 'CALLBACK', at: AT },
      })
      .then([
        {
          type: 'PayoutReturned',
          data: expect.objectContaining({ transferKey: ID, reason: 'ACCOUNT_CLOSED' }),
        },
      ]);
    const history = [scheduled(ACCOUNT), started, paid('SBX-1'), returned];
    expect(fold(payoutDecider, history)).toMatchObject({
      status: 'RETURNED',
      returnReason: 'ACCOUNT_CLOSED',
    });
    given(history)
      .when({
        type: 'RecordPayoutReturned',
        data: { bankReference: 'SBX-1', reason: 'ACCOUNT_CLOSED', noticedBy: 'STATUS_CHECK', at: AT },
      })
      .then([]);
    const paidCmd = (bankReference: string) => ({
      type: 'RecordPayoutPaid' as const,
      data: {
        bankReference,
        amount: 1_000_000,
        paidAt: AT,
        paidOn: '2026-03-02',
        confirmedBy: 'STATUS_QUERY' as const,
      },
    });
    given(history).when(paidCmd('SBX-1')).then([]);
    given(history)
      .when({ type: 'StartPayoutAttempt', data: { jobId: ID, at: AT } })
      .thenThrows('PAYOUT_RETURNED');
    const [changed] = given(history)
      .when(change({ payTo: corrected }))
      .then([
        { type: 'PayoutDestinationChanged', data: expect.objectContaining({ reason: 'ACCOUNT_CLOSED' }) },
      ]);
    const resent: PayoutEvent = {
      type: 'PayoutAttemptStarted',
      data: { payoutId: ID, attempt: 2, jobId: `${ID}-retry-1`, at: AT },
    };
    given([...history, changed, resent])
      .when(paidCmd('SBX-2'))
      .then([
        {
          type: 'PayoutPaid',
          id: `${ID}:paid:d1`,
          data: expect.objectContaining({ bankReference: 'SBX-2', transferKey: `${ID}-d1` }),
        },
      ]);
  });

  it('a notice naming an old transfer key never returns the current transfer (a re-send is keyed <payoutId>-d<n>)', () => {
    const returnedOnce = [scheduled(ACCOUNT), started, paid('SBX-1'), returned];
    const [changed] = given(returnedOnce)
      .when(change({ payTo: corrected }))
      .then([
        { type: 'PayoutDestinationChanged', data: expect.objectContaining({ reason: 'ACCOUNT_CLOSED' }) },
      ]);
    const resentAndPaid: PayoutEvent[] = [
      ...returnedOnce,
      changed,
      { type: 'PayoutAttemptStarted', data: { payoutId: ID, attempt: 2, jobId: `${ID}-retry-1`, at: AT } },
      { ...paid('SBX-2', 2), data: { ...paid('SBX-2', 2).data, transferKey: `${ID}-d1` } } as PayoutEvent,
    ];
    expect(currentTransferKey(fold(payoutDecider, resentAndPaid))).toBe(`${ID}-d1`);
    const notice = (transferKey: string, bankReference: string) => ({
      type: 'RecordPayoutReturned' as const,
      data: { transferKey, bankReference, reason: 'ACCOUNT_CLOSED', noticedBy: 'CALLBACK' as const, at: AT },
    });
    // The old key with the current transfer's reference: not the transfer that key names.
    given(resentAndPaid).when(notice(ID, 'SBX-2')).thenThrows('TRANSFER_NOT_FOUND', 'not_found');
    // The current key with the old transfer's reference: neither.
    given(resentAndPaid)
      .when(notice(`${ID}-d1`, 'SBX-1'))
      .thenThrows('TRANSFER_NOT_FOUND', 'not_found');
    // The old transfer's own notice, late: already recorded, nothing new.
    given(resentAndPaid).when(notice(ID, 'SBX-1')).then([]);
    // The current transfer's own notice returns it.
    given(resentAndPaid)
      .when(notice(`${ID}-d1`, 'SBX-2'))
      .then([
        {
          type: 'PayoutReturned',
          data: expect.objectContaining({ bankReference: 'SBX-2', transferKey: `${ID}-d1` }),
        },
      ]);
  });

  it('a return of a transfer the payout was not paid with is refused', () => {
    given([scheduled(ACCOUNT), started, paid('SBX-1')])
      .when({
        type: 'RecordPayoutReturned',
        data: { bankReference: 'SBX-9', reason: 'ACCOUNT_CLOSED', noticedBy: 'CALLBACK', at: AT },
      })
      .thenThrows('TRANSFER_NOT_FOUND', 'not_found');
  });
});
