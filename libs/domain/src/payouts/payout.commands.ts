import { LineCode, Payee } from '../claims/claim.types';
import { IsoDate } from '../shared/dates';
import { PayoutKind, PenaltyBasis } from './payout.events';

/** From the payout process manager: one per planned payout of an approved claim, or a late penalty. */
export type SchedulePayout = {
  type: 'SchedulePayout';
  data: {
    payoutId: string;
    claimId: string;
    payee: Payee;
    amount: number;
    dueBy: IsoDate;
    kind: PayoutKind;
    lines?: LineCode[];
    penaltyFor?: PenaltyBasis;
    at: string;
    /** Deducted from the gross amount already (amount is net; 0 when fully recovered). */
    recovered?: number;
  };
};

/** A worker is about to call the bank for this job. */
export type StartPayoutAttempt = {
  type: 'StartPayoutAttempt';
  data: {
    jobId: string;
    at: string;
    /** Set once the bank said it has no transfer for this payout (needed when the last outcome is unknown). */
    bankHasNoTransfer?: boolean;
  };
};

/** The bank booked the transfer. */
export type RecordPayoutPaid = {
  type: 'RecordPayoutPaid';
  data: {
    bankReference: string;
    amount: number;
    paidAt: string;
    paidOn: IsoDate;
    confirmedBy: 'TRANSFER' | 'STATUS_QUERY';
  };
};

/** The bank refused or did not book the attempt in flight; `lastAttempt` when the queue gives up after it. */
export type RecordPayoutAttemptFailed = {
  type: 'RecordPayoutAttemptFailed';
  data: {
    attempt: number;
    code: string;
    reason: string;
    retryable: boolean;
    lastAttempt: boolean;
    at: string;
  };
};

/** The queue gave up on the payout outside an attempt (e.g. its job stalled too often). */
export type DeadLetterPayout = { type: 'DeadLetterPayout'; data: { reason: string; at: string } };

/** A finance officer sends a dead-lettered payout back to the queue. */
export type RequestPayoutRetry = { type: 'RequestPayoutRetry'; data: { by: string; at: string } };

export type PayoutCommand =
  | SchedulePayout
  | StartPayoutAttempt
  | RecordPayoutPaid
  | RecordPayoutAttemptFailed
  | DeadLetterPayout
  | RequestPayoutRetry;
