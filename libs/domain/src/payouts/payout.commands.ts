import { LineCode, Payee } from '../claims/claim.types';
import { IsoDate } from '../shared/dates';
import { HoldReason, PayoutDestination, PayTo } from './destination';
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
    destination?: PayoutDestination;
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
    transferKey?: string;
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

/** The account inquiry found no such account, or a holder whose name does not match the payee's. */
export type HoldPayout = {
  type: 'HoldPayout';
  data: {
    reason: HoldReason;
    bankHolderName?: string;
    at: string;
    /** Set once the bank said it has no transfer for this payout (needed when the last outcome is unknown). */
    bankHasNoTransfer?: boolean;
  };
};

/** A finance officer's answer to a hold or a return: a corrected account, or the holder confirmed. */
export type ChangePayoutDestination = {
  type: 'ChangePayoutDestination';
  data: { payTo?: PayTo; confirmHolder?: boolean; by: string; at: string };
};

/** The bank returned the transfer it booked under this reference (its notice or a status check). */
export type RecordPayoutReturned = {
  type: 'RecordPayoutReturned';
  data: {
    bankReference: string;
    /**
     * The idempotency key the notice names (`<payoutId>`, `-d<n>` after a new destination). Given, it
     * must be the transfer the bank reference belongs to: the current one, or one already returned.
     */
    transferKey?: string;
    reason: string;
    noticedBy: 'CALLBACK' | 'STATUS_CHECK';
    at: string;
  };
};

export type PayoutCommand =
  | SchedulePayout
  | StartPayoutAttempt
  | RecordPayoutPaid
  | RecordPayoutAttemptFailed
  | DeadLetterPayout
  | RequestPayoutRetry
  | HoldPayout
  | ChangePayoutDestination
  | RecordPayoutReturned;
