import { PayeeKind } from '../claims/claim.types';
import { DomainError, FieldError } from '../shared/domain-error';
import { dateInJakarta, isIsoDate } from '../shared/dates';
import { Decider } from '../shared/event';
import {
  DeadLetterPayout,
  PayoutCommand,
  RecordPayoutAttemptFailed,
  RecordPayoutPaid,
  RequestPayoutRetry,
  SchedulePayout,
  StartPayoutAttempt,
} from './payout.commands';
import { PayoutDeadLettered, PayoutEvent } from './payout.events';
import { currentTransferKey, initialPayoutState, outcomeUnknown, PayoutState } from './payout.state';
import { evolvePayout } from './payout.evolve';
import { notAllowed, requirePayout } from './payout-decide-support';
import { changeDestination, hold, recordReturned } from './payout-destination.decide';
import { destinationErrors } from './destination';

export { evolvePayout } from './payout.evolve';

const PAYEE_KINDS: readonly PayeeKind[] = ['MEMBER', 'HEIR', 'PROVIDER', 'FUNERAL_ORGANISER'];

// ---------------------------------------------------------------------------------------------
// decide

function schedule({ data }: SchedulePayout, state: PayoutState): PayoutEvent[] {
  if (state.exists) {
    const same = state.claimId === data.claimId && state.amount === data.amount && state.kind === data.kind;
    if (same) return []; // the process manager saw the approval again
    throw new DomainError(
      'conflict',
      'PAYOUT_EXISTS',
      `Payout ${data.payoutId} was scheduled with other terms`,
      {
        payoutId: data.payoutId,
      },
    );
  }
  const errors: FieldError[] = [];
  if (typeof data.payoutId !== 'string' || data.payoutId.trim() === '' || data.payoutId.includes(':'))
    errors.push({ field: 'payoutId', message: 'must be a non-empty id without ":"' });
  // A payout whose whole amount went to an overpayment is 0: paid at once, no transfer.
  const recovered = data.recovered ?? 0;
  if (!Number.isSafeInteger(data.amount) || data.amount < 0 || (data.amount === 0 && recovered <= 0))
    errors.push({ field: 'amount', message: 'must be a positive whole number of Rupiah' });
  if (!data.payee || !PAYEE_KINDS.includes(data.payee.kind) || !data.payee.name?.trim())
    errors.push({ field: 'payee', message: 'must name the payee and its kind' });
  if (!isIsoDate(data.dueBy)) errors.push({ field: 'dueBy', message: 'must be a date YYYY-MM-DD' });
  if (data.kind === 'LATE_PENALTY' && !data.penaltyFor)
    errors.push({ field: 'penaltyFor', message: 'a late penalty names the benefit payout it follows' });
  if (data.destination) errors.push(...destinationErrors(data.destination));
  if (errors.length > 0) throw DomainError.validation(errors);
  const scheduled: PayoutEvent[] = [
    {
      type: 'PayoutScheduled',
      id: `${data.payoutId}:scheduled`,
      data: {
        payoutId: data.payoutId,
        claimId: data.claimId,
        payee: data.payee,
        amount: data.amount,
        dueBy: data.dueBy,
        kind: data.kind,
        ...(data.lines ? { lines: data.lines } : {}),
        ...(data.penaltyFor ? { penaltyFor: data.penaltyFor } : {}),
        ...(data.destination ? { destination: data.destination } : {}),
        at: data.at,
        ...(recovered > 0 ? { recovered } : {}),
      },
    },
  ];
  if (data.amount > 0) return scheduled;
  return [
    ...scheduled,
    {
      type: 'PayoutPaid',
      id: `${data.payoutId}:paid`,
      data: {
        payoutId: data.payoutId,
        attempt: 0,
        amount: 0,
        bankReference: '',
        paidAt: data.at,
        paidOn: dateInJakarta(new Date(data.at)),
        confirmedBy: 'RECOVERED',
      },
    },
  ];
}

function startAttempt({ data }: StartPayoutAttempt, state: PayoutState): PayoutEvent[] {
  requirePayout(state);
  if (state.status === 'PAID') throw notAllowed(state, 'PAYOUT_ALREADY_PAID', 'The payout is paid');
  if (state.status === 'ON_HOLD' || state.status === 'RETURNED')
    throw notAllowed(
      state,
      `PAYOUT_${state.status}`,
      'The payout waits for a finance officer to correct or confirm its destination',
    );
  if (state.status === 'DEAD_LETTER')
    throw notAllowed(
      state,
      'PAYOUT_DEAD_LETTERED',
      'The payout is dead-lettered; a finance officer must ask for a retry',
    );
  // A timeout is not a failure: while the last attempt's outcome is unknown, only the bank can say.
  if (outcomeUnknown(state) && !data.bankHasNoTransfer)
    throw notAllowed(
      state,
      'BANK_STATUS_UNKNOWN',
      `Attempt ${state.inFlight?.attempt} may have reached the bank; ask the bank for the payout's status first`,
    );
  const attempt = state.attempts + 1;
  return [
    {
      type: 'PayoutAttemptStarted',
      id: `${state.payoutId}:attempt:${attempt}`,
      data: { payoutId: state.payoutId, attempt, jobId: data.jobId, at: data.at },
    },
  ];
}

function recordPaid({ data }: RecordPayoutPaid, state: PayoutState): PayoutEvent[] {
  requirePayout(state);
  if (state.status === 'PAID') {
    if (state.bankReference === data.bankReference) return []; // a second worker finishing the same payout
    throw new DomainError(
      'conflict',
      'PAID_TWICE',
      `The payout was paid as ${state.bankReference}, not ${data.bankReference}`,
      {
        payoutId: state.payoutId,
        bankReference: state.bankReference,
      },
    );
  }
  // A late word about a transfer already returned: it was booked, and is not a payment.
  if (state.returns.some((r) => r.bankReference === data.bankReference)) return [];
  if (state.status === 'RETURNED')
    throw notAllowed(state, 'PAYOUT_RETURNED', 'The payout was returned and waits for a new destination');
  if (data.amount !== state.amount)
    throw new DomainError(
      'conflict',
      'AMOUNT_MISMATCH',
      `The bank booked ${data.amount}, the payout is ${state.amount}`,
      {
        payoutId: state.payoutId,
      },
    );
  // The bank's word wins in any status: money that moved is recorded, even after a dead letter.
  return [
    {
      type: 'PayoutPaid',
      // The first destination's id stays as it was; a re-send's payment has its own.
      id:
        state.destinationChanges > 0
          ? `${state.payoutId}:paid:d${state.destinationChanges}`
          : `${state.payoutId}:paid`,
      data: {
        payoutId: state.payoutId,
        attempt: state.inFlight?.attempt ?? state.attempts,
        amount: data.amount,
        bankReference: data.bankReference,
        paidAt: data.paidAt,
        paidOn: data.paidOn,
        confirmedBy: data.confirmedBy,
        ...(state.destination ? { transferKey: data.transferKey ?? currentTransferKey(state) } : {}),
      },
    },
  ];
}

function deadLettered(state: PayoutState, reason: string, at: string): PayoutDeadLettered {
  return {
    type: 'PayoutDeadLettered',
    id: `${state.payoutId}:dead-letter:${state.retries}`,
    data: { payoutId: state.payoutId, reason, attempts: state.attempts, at },
  };
}

function recordFailed({ data }: RecordPayoutAttemptFailed, state: PayoutState): PayoutEvent[] {
  requirePayout(state);
  // Another worker already settled this attempt (or the payout): nothing to record.
  if (state.status !== 'PROCESSING' || state.inFlight?.attempt !== data.attempt) return [];
  const failed: PayoutEvent = {
    type: 'PayoutAttemptFailed',
    id: `${state.payoutId}:attempt:${data.attempt}:failed`,
    data: {
      payoutId: state.payoutId,
      attempt: data.attempt,
      code: data.code,
      reason: data.reason,
      retryable: data.retryable,
      at: data.at,
    },
  };
  if (data.retryable && !data.lastAttempt) return [failed];
  const after = evolvePayout(state, failed);
  const why = data.retryable
    ? `${data.code}: ${data.reason} (gave up after attempt ${data.attempt})`
    : `${data.code}: ${data.reason} (the bank refused; not retried)`;
  return [failed, deadLettered(after, why, data.at)];
}

function deadLetter({ data }: DeadLetterPayout, state: PayoutState): PayoutEvent[] {
  requirePayout(state);
  if (state.status === 'PAID' || state.status === 'DEAD_LETTER') return [];
  if (typeof data.reason !== 'string' || data.reason.trim() === '')
    throw DomainError.validation([{ field: 'reason', message: 'say why the payout is dead-lettered' }]);
  return [deadLettered(state, data.reason.trim(), data.at)];
}

function requestRetry({ data }: RequestPayoutRetry, state: PayoutState): PayoutEvent[] {
  requirePayout(state);
  if (state.status !== 'DEAD_LETTER')
    throw notAllowed(
      state,
      'PAYOUT_NOT_DEAD_LETTERED',
      `Only a DEAD_LETTER payout can be retried; this one is ${state.status}`,
    );
  const retry = state.retries + 1;
  return [
    {
      type: 'PayoutRetryRequested',
      id: `${state.payoutId}:retry:${retry}`,
      data: { payoutId: state.payoutId, retry, by: data.by, at: data.at },
    },
  ];
}

export function decidePayout(command: PayoutCommand, state: PayoutState): PayoutEvent[] {
  switch (command.type) {
    case 'SchedulePayout':
      return schedule(command, state);
    case 'StartPayoutAttempt':
      return startAttempt(command, state);
    case 'RecordPayoutPaid':
      return recordPaid(command, state);
    case 'RecordPayoutAttemptFailed':
      return recordFailed(command, state);
    case 'DeadLetterPayout':
      return deadLetter(command, state);
    case 'RequestPayoutRetry':
      return requestRetry(command, state);
    case 'HoldPayout':
      return hold(command, state);
    case 'ChangePayoutDestination':
      return changeDestination(command, state);
    case 'RecordPayoutReturned':
      return recordReturned(command, state);
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

export const payoutDecider: Decider<PayoutCommand, PayoutEvent, PayoutState> = {
  initialState: initialPayoutState,
  evolve: evolvePayout,
  decide: decidePayout,
};
