import { Payee, LineCode } from '../claims/claim.types';
import { IsoDate } from '../shared/dates';
import { DomainEvent } from '../shared/event';
import { STREAM_PREFIX } from '../shared/stream-names';
import { HoldReason, PayoutDestination } from './destination';

/** A benefit line of an approved claim, or the late-payment penalty owed on one (PP 44/2015 art. 37). */
/** TOP_UP: a reopened claim's positive difference (docs/benefit-rules.md "Corrections"). */
export type PayoutKind = 'BENEFIT' | 'LATE_PENALTY' | 'TOP_UP';

/** Why a LATE_PENALTY payout is owed: the benefit payout it follows and how late that was. */
export interface PenaltyBasis {
  payoutId: string;
  benefitAmount: number;
  dueBy: IsoDate;
  paidOn: IsoDate;
  daysLate: number;
  ratePercentPerDay: number;
}

/** The payout exists and waits in the outbox for the relay to enqueue it. */
export type PayoutScheduled = DomainEvent<
  'PayoutScheduled',
  {
    payoutId: string;
    claimId: string;
    payee: Payee;
    amount: number;
    dueBy: IsoDate;
    kind: PayoutKind;
    lines?: LineCode[];
    penaltyFor?: PenaltyBasis;
    /** Absent on payouts scheduled before destinations existed: paid to the payee's name (legacy path). */
    destination?: PayoutDestination;
    at: string;
    /** An overpayment of the same payee for the same member, deducted from this payout (amount is net). */
    recovered?: number;
  }
>;

/** A worker is about to call the bank; until a result follows, the outcome is unknown. */
export type PayoutAttemptStarted = DomainEvent<
  'PayoutAttemptStarted',
  { payoutId: string; attempt: number; jobId: string; at: string }
>;

/** The bank booked the transfer (its reference), found by the transfer call or a status query. */
export type PayoutPaid = DomainEvent<
  'PayoutPaid',
  {
    payoutId: string;
    attempt: number;
    amount: number;
    bankReference: string;
    paidAt: string;
    /** The Asia/Jakarta date of `paidAt`: what the service level compares with `dueBy`. */
    paidOn: IsoDate;
    /** RECOVERED: nothing left to send once an overpayment was deducted (no transfer). */
    confirmedBy: 'TRANSFER' | 'STATUS_QUERY' | 'RECOVERED';
    /** The bank's idempotency key of the transfer (absent before destinations: the payout id). */
    transferKey?: string;
  }
>;

/** The account inquiry stopped the payout before any transfer: a finance officer decides. */
export type PayoutHeld = DomainEvent<
  'PayoutHeld',
  {
    payoutId: string;
    reason: HoldReason;
    /** The holder name the bank gave (ACCOUNT_NAME_MISMATCH). */
    bankHolderName?: string;
    destinationChanges: number;
    at: string;
  }
>;

/**
 * A finance officer corrected the destination, or confirmed the bank's holder as the payee, of an
 * ON_HOLD or RETURNED payout; it is sent again as job cycle `retry`.
 */
export type PayoutDestinationChanged = DomainEvent<
  'PayoutDestinationChanged',
  {
    payoutId: string;
    change: 'CORRECTED' | 'HOLDER_CONFIRMED';
    /** The new destination (for HOLDER_CONFIRMED the same account). */
    destination: PayoutDestination;
    /** The hold or return reason the change answers. */
    reason: string;
    destinationChanges: number;
    retry: number;
    by: string;
    at: string;
  }
>;

/** The bank returned a booked transfer: the payout is not paid after all. */
export type PayoutReturned = DomainEvent<
  'PayoutReturned',
  {
    payoutId: string;
    bankReference: string;
    transferKey: string;
    reason: string;
    noticedBy: 'CALLBACK' | 'STATUS_CHECK';
    at: string;
  }
>;

/** The bank refused or did not book this attempt. */
export type PayoutAttemptFailed = DomainEvent<
  'PayoutAttemptFailed',
  { payoutId: string; attempt: number; code: string; reason: string; retryable: boolean; at: string }
>;

/** No more automatic attempts: a finance officer looks at the reason and may ask for a retry. */
export type PayoutDeadLettered = DomainEvent<
  'PayoutDeadLettered',
  { payoutId: string; reason: string; attempts: number; at: string }
>;

/** A finance officer sends a dead-lettered payout back to the queue (`retry` counts from 1). */
export type PayoutRetryRequested = DomainEvent<
  'PayoutRetryRequested',
  { payoutId: string; retry: number; by: string; at: string }
>;

export type PayoutEvent =
  | PayoutScheduled
  | PayoutAttemptStarted
  | PayoutPaid
  | PayoutAttemptFailed
  | PayoutDeadLettered
  | PayoutRetryRequested
  | PayoutHeld
  | PayoutDestinationChanged
  | PayoutReturned;

export const PAYOUT_EVENT_TYPES: readonly PayoutEvent['type'][] = [
  'PayoutScheduled',
  'PayoutAttemptStarted',
  'PayoutPaid',
  'PayoutAttemptFailed',
  'PayoutDeadLettered',
  'PayoutRetryRequested',
  'PayoutHeld',
  'PayoutDestinationChanged',
  'PayoutReturned',
];

/** One stream per payout. */
export const PAYOUT_STREAM_PREFIX = STREAM_PREFIX.payout;
export const payoutStreamId = (payoutId: string): string => `${PAYOUT_STREAM_PREFIX}${payoutId}`;

/** The late penalty on a benefit payout is its own payout line with a deterministic id. */
export const latePenaltyPayoutId = (benefitPayoutId: string): string => `${benefitPayoutId}-late-penalty`;

/**
 * BullMQ job ids: the payout id, and `${payoutId}-retry-N` for the Nth retry a person asked for
 * (BullMQ reserves ':' in custom ids).
 */
export const payoutJobId = (payoutId: string, retry: number): string =>
  retry > 0 ? `${payoutId}-retry-${retry}` : payoutId;

/** The id earlier releases gave a retry's job; such jobs may still wait in Redis. */
export const legacyPayoutJobId = (payoutId: string, retry: number): string | undefined =>
  retry > 0 ? `${payoutId}:retry:${retry}` : undefined;
