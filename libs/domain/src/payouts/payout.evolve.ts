import { PayoutEvent } from './payout.events';
import { initialPayoutState, PayoutState } from './payout.state';

export function evolvePayout(state: PayoutState, event: PayoutEvent): PayoutState {
  switch (event.type) {
    case 'PayoutScheduled': {
      const d = event.data;
      return {
        ...initialPayoutState(),
        exists: true,
        payoutId: d.payoutId,
        claimId: d.claimId,
        payee: d.payee,
        amount: d.amount,
        dueBy: d.dueBy,
        kind: d.kind,
        lines: d.lines ?? [],
        ...(d.penaltyFor ? { penaltyFor: d.penaltyFor } : {}),
        ...(d.recovered ? { recovered: d.recovered } : {}),
        ...(d.destination ? { destination: d.destination } : {}),
      };
    }
    case 'PayoutAttemptStarted': {
      const { attempt, jobId, at } = event.data;
      return {
        ...state,
        status: 'PROCESSING',
        attempts: Math.max(state.attempts, attempt),
        inFlight: { attempt, jobId, at },
      };
    }
    case 'PayoutPaid': {
      const { bankReference, paidAt, paidOn } = event.data;
      const { inFlight: _settled, deadLetter: _cleared, ...rest } = state;
      return { ...rest, status: 'PAID', bankReference, paidAt, paidOn };
    }
    case 'PayoutAttemptFailed': {
      const { attempt, code, reason, retryable, at } = event.data;
      const { inFlight: _settled, ...rest } = state;
      return { ...rest, status: 'FAILED', lastFailure: { attempt, code, reason, retryable, at } };
    }
    case 'PayoutDeadLettered':
      // An attempt still in flight stays so: a retry asks the bank before paying again.
      return {
        ...state,
        status: 'DEAD_LETTER',
        deadLetter: { reason: event.data.reason, at: event.data.at },
      };
    case 'PayoutRetryRequested': {
      const { deadLetter: _cleared, ...rest } = state;
      return { ...rest, status: 'QUEUED', retries: event.data.retry };
    }
    case 'PayoutHeld': {
      const { reason, bankHolderName } = event.data;
      const { inFlight: _settled, ...rest } = state;
      return {
        ...rest,
        status: 'ON_HOLD',
        holdReason: reason,
        ...(bankHolderName ? { bankHolderName } : {}),
      };
    }
    case 'PayoutDestinationChanged': {
      const d = event.data;
      const {
        holdReason: _h,
        returnReason: _r,
        bankHolderName: _b,
        deadLetter: _d,
        lastFailure: _f,
        ...rest
      } = state;
      return {
        ...rest,
        status: 'QUEUED',
        destination: d.destination,
        destinationChanges: d.destinationChanges,
        holderConfirmed: d.change === 'HOLDER_CONFIRMED',
        retries: d.retry,
      };
    }
    case 'PayoutReturned': {
      const { transferKey, bankReference, reason, at } = event.data;
      const { bankReference: _ref, paidAt: _at, paidOn: _on, ...rest } = state;
      return {
        ...rest,
        status: 'RETURNED',
        returnReason: reason,
        returns: [
          ...state.returns,
          { transferKey, bankReference, reason, at, ...(state.paidOn ? { paidOn: state.paidOn } : {}) },
        ],
      };
    }
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
