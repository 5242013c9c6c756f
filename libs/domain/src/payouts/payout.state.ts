import { PayoutStatus } from '../claims/claim.state';
import { LineCode, Payee } from '../claims/claim.types';
import { IsoDate } from '../shared/dates';
import { HoldReason, PayoutDestination, transferKey } from './destination';
import { PayoutKind, PenaltyBasis } from './payout.events';

export type { PayoutStatus } from '../claims/claim.state';

export interface PayoutFailure {
  attempt: number;
  code: string;
  reason: string;
  retryable: boolean;
  at: string;
}

export interface PayoutState {
  exists: boolean;
  payoutId: string;
  claimId: string;
  payee: Payee;
  amount: number;
  dueBy: IsoDate;
  kind: PayoutKind;
  lines: LineCode[];
  penaltyFor?: PenaltyBasis;
  recovered?: number;
  status: PayoutStatus;
  /** Attempts started, over every retry. */
  attempts: number;
  /** Retries a person asked for; the job of the current one is `payoutJobId(payoutId, retries)`. */
  retries: number;
  /** The attempt started and not yet answered: if its worker died, only the bank knows. */
  inFlight?: { attempt: number; jobId: string; at: string };
  lastFailure?: PayoutFailure;
  bankReference?: string;
  paidAt?: string;
  paidOn?: IsoDate;
  deadLetter?: { reason: string; at: string };
  /** Undefined for payouts scheduled before destinations: paid to the payee's name (legacy path). */
  destination?: PayoutDestination;
  /** Destinations corrected or confirmed so far; names the current transfer key. */
  destinationChanges: number;
  /** A finance officer accepted the bank's holder name for the current account. */
  holderConfirmed: boolean;
  holdReason?: HoldReason;
  bankHolderName?: string;
  returnReason?: string;
  /** Transfers the bank returned: booked, but not a payment. */
  returns: { transferKey: string; bankReference: string; reason: string; at: string; paidOn?: IsoDate }[];
}

/** The bank's idempotency key of the payout's current transfer. */
export const currentTransferKey = (state: PayoutState): string =>
  transferKey(state.payoutId, state.destinationChanges);

export function initialPayoutState(): PayoutState {
  return {
    exists: false,
    payoutId: '',
    claimId: '',
    payee: { kind: 'MEMBER', name: '' },
    amount: 0,
    dueBy: '',
    kind: 'BENEFIT',
    lines: [],
    status: 'QUEUED',
    attempts: 0,
    retries: 0,
    destinationChanges: 0,
    holderConfirmed: false,
    returns: [],
  };
}

/**
 * True when the last attempt may have reached the bank without an answer (a worker died, the
 * call timed out): a timeout is not a failure, so the bank is asked before another transfer.
 */
export function outcomeUnknown(state: PayoutState): boolean {
  return state.inFlight !== undefined;
}
