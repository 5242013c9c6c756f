import { Payee } from '@app/domain/claims';
import { PayoutDestination } from '@app/domain/payouts';

/**
 * What the bank is asked to pay: the transfer key (the payout id, `-d<n>` after its nth new
 * destination) is the bank's idempotency key. No destination: a payout from before destinations,
 * paid to the payee's name as it always was.
 */
export interface TransferRequest {
  idempotencyKey: string;
  destination?: PayoutDestination;
  amount: number;
  payee: Payee;
  /** Shown on the beneficiary's statement. */
  reference: string;
  claimId: string;
}

/** A transfer the bank booked. */
export interface BankTransfer {
  idempotencyKey: string;
  bankReference: string;
  amount: number;
  bookedAt: string;
  payee?: Payee;
  /** RETURNED: booked, then sent back by the payee's bank (`returnReason`, e.g. ACCOUNT_CLOSED). */
  status?: 'BOOKED' | 'RETURNED';
  returnReason?: string;
}

/** The account inquiry's answer: whose account it is, or that it does not exist. */
export type AccountInquiry = { found: true; holderName: string } | { found: false };

/** The bank answered and refused for good (closed account, key reused for another amount). */
export class TransferRejected extends Error {
  readonly retryable = false;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'TransferRejected';
  }
}

/** The bank answered that it did not book the transfer this time (5xx, 429): try again later. */
export class TransferNotBooked extends Error {
  readonly retryable = true;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'TransferNotBooked';
  }
}

/** No answer (timeout, connection dropped): the transfer may or may not be booked. Not a failure. */
export class TransferOutcomeUnknown extends Error {
  constructor(
    readonly code: 'TIMEOUT' | 'NETWORK',
    message: string,
  ) {
    super(message);
    this.name = 'TransferOutcomeUnknown';
  }
}

/** The disbursement port (docs/architecture.md: adapters at the edge). */
export abstract class DisbursementGateway {
  abstract transfer(request: TransferRequest): Promise<BankTransfer>;
  /** The transfer booked under this key, or undefined when the bank has none. Throws when the bank cannot say. */
  abstract transferStatus(idempotencyKey: string): Promise<BankTransfer | undefined>;
  /** Whose account this is, asked before the first transfer to it. Throws when the bank cannot say. */
  abstract accountInquiry(account: {
    bankCode: string;
    accountNumber: string;
    accountName: string;
  }): Promise<AccountInquiry>;
  abstract describe(): string;
}
