import { DomainError } from '../shared/domain-error';
import { destinationOf, payToErrors } from './destination';
import { ChangePayoutDestination, HoldPayout, RecordPayoutReturned } from './payout.commands';
import { PayoutEvent } from './payout.events';
import { currentTransferKey, outcomeUnknown, PayoutState } from './payout.state';
import { notAllowed, requirePayout } from './payout-decide-support';

/** The account inquiry said no: nothing is transferred until a finance officer decides. */
export function hold({ data }: HoldPayout, state: PayoutState): PayoutEvent[] {
  requirePayout(state);
  if (state.status === 'ON_HOLD') return []; // a second worker came to the same answer
  if (state.status === 'PAID' || state.status === 'DEAD_LETTER' || state.status === 'RETURNED')
    throw notAllowed(state, 'PAYOUT_NOT_PAYABLE', `A ${state.status} payout cannot be held`);
  if (state.destination?.type !== 'ACCOUNT')
    throw notAllowed(state, 'PAYOUT_NOT_TO_ACCOUNT', 'Only a payout to an account is checked with the bank');
  if (outcomeUnknown(state) && !data.bankHasNoTransfer)
    throw notAllowed(
      state,
      'BANK_STATUS_UNKNOWN',
      'An attempt may have reached the bank; ask the bank first',
    );
  return [
    {
      type: 'PayoutHeld',
      id: `${state.payoutId}:held:${state.destinationChanges}`,
      data: {
        payoutId: state.payoutId,
        reason: data.reason,
        ...(data.bankHolderName ? { bankHolderName: data.bankHolderName } : {}),
        destinationChanges: state.destinationChanges,
        at: data.at,
      },
    },
  ];
}

/**
 * docs/api.md `POST /api/payouts/{id}/destination`: for an ON_HOLD or RETURNED payout, a
 * corrected account or (on a name mismatch) the bank's holder confirmed as the payee. The payout
 * is sent again under a new transfer key, so a returned transfer is never booked twice.
 */
export function changeDestination({ data }: ChangePayoutDestination, state: PayoutState): PayoutEvent[] {
  requirePayout(state);
  if (state.status !== 'ON_HOLD' && state.status !== 'RETURNED')
    throw notAllowed(
      state,
      'PAYOUT_NOT_HELD_OR_RETURNED',
      `Only an ON_HOLD or RETURNED payout takes a new destination; this one is ${state.status}`,
    );
  const confirm = data.confirmHolder === true;
  if (confirm === (data.payTo !== undefined))
    throw DomainError.validation([
      {
        field: 'body',
        message: 'give either {bankCode, accountNumber, accountName} or {confirmHolder: true}',
      },
    ]);
  if (confirm && state.holdReason !== 'ACCOUNT_NAME_MISMATCH')
    throw notAllowed(
      state,
      'NO_HOLDER_TO_CONFIRM',
      'confirmHolder answers a name mismatch only; give a corrected account',
    );
  if (data.payTo) {
    const errors = payToErrors(data.payTo, 'destination');
    if (errors.length > 0) throw DomainError.validation(errors);
  }
  const destination = confirm && state.destination ? state.destination : destinationOf(data.payTo);
  const destinationChanges = state.destinationChanges + 1;
  return [
    {
      type: 'PayoutDestinationChanged',
      id: `${state.payoutId}:destination:${destinationChanges}`,
      data: {
        payoutId: state.payoutId,
        change: confirm ? 'HOLDER_CONFIRMED' : 'CORRECTED',
        destination,
        reason: state.holdReason ?? state.returnReason ?? state.status,
        destinationChanges,
        retry: state.retries + 1,
        by: data.by,
        at: data.at,
      },
    },
  ];
}

/** The bank returned the transfer it booked: the payout is not paid and waits for a new destination. */
export function recordReturned({ data }: RecordPayoutReturned, state: PayoutState): PayoutEvent[] {
  requirePayout(state);
  const noticed = state.returns.find((r) => r.bankReference === data.bankReference);
  const key = data.transferKey;
  // A notice names one transfer by its key and reference: an old transfer's key never returns the
  // current transfer (docs/api.md "Payouts", POST /callbacks/payout-returns).
  const sameTransfer = (transferKey: string) => key === undefined || key === transferKey;
  if (noticed && sameTransfer(noticed.transferKey)) return []; // noticed already
  if (
    noticed ||
    state.status !== 'PAID' ||
    state.bankReference !== data.bankReference ||
    !sameTransfer(currentTransferKey(state))
  )
    throw new DomainError(
      'not_found',
      'TRANSFER_NOT_FOUND',
      `Payout ${state.payoutId} has no paid transfer ${data.bankReference}${key !== undefined ? ` under key ${key}` : ''}`,
      { payoutId: state.payoutId },
    );
  return [
    {
      type: 'PayoutReturned',
      id: `${state.payoutId}:returned:${state.destinationChanges}`,
      data: {
        payoutId: state.payoutId,
        bankReference: data.bankReference,
        transferKey: currentTransferKey(state),
        reason: data.reason,
        noticedBy: data.noticedBy,
        at: data.at,
      },
    },
  ];
}
