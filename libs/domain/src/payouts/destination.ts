import { FieldError } from '../shared/domain-error';
import { MAX_NAME_LENGTH, textFieldErrors } from '../shared/text';

/** docs/api.md "Claims" `payTo`: the payee's bank account, as the claimant gives it. */
export interface PayTo {
  bankCode: string;
  accountNumber: string;
  accountName: string;
}

/** Where a payout's money goes (docs/benefit-rules.md "Where money goes"). */
export type PayoutDestination = ({ type: 'ACCOUNT' } & PayTo) | { type: 'CASH_ORDER' };

/** Why a payout waits for a finance officer before anything is transferred. */
export const HOLD_REASONS = ['ACCOUNT_NAME_MISMATCH', 'ACCOUNT_NOT_FOUND'] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

/** Bank codes are 3 to 11 digits (Indonesian clearing codes are 3, 7 with a branch). */
const BANK_CODE = /^\d{3,11}$/;
/** Account numbers: 6 to 20 digits (the longest Indonesian bank uses 16, virtual accounts more). */
const ACCOUNT_NUMBER = /^\d{6,20}$/;

/** The field rules of a `payTo` (and of a corrected destination), each error with its field path. */
export function payToErrors(value: unknown, field = 'payTo'): FieldError[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return [{ field, message: 'must be {bankCode, accountNumber, accountName}' }];
  const v = value as Record<string, unknown>;
  const errors: FieldError[] = [];
  if (typeof v.bankCode !== 'string' || !BANK_CODE.test(v.bankCode))
    errors.push({ field: `${field}.bankCode`, message: 'must be 3 to 11 digits' });
  if (typeof v.accountNumber !== 'string' || !ACCOUNT_NUMBER.test(v.accountNumber))
    errors.push({ field: `${field}.accountNumber`, message: 'must be 6 to 20 digits' });
  errors.push(...textFieldErrors(v.accountName, `${field}.accountName`, { maxLength: MAX_NAME_LENGTH }));
  const extra = Object.keys(v).filter((k) => !['bankCode', 'accountNumber', 'accountName'].includes(k));
  for (const k of extra) errors.push({ field: `${field}.${k}`, message: 'is not a field of payTo' });
  return errors;
}

/** A destination as the payout stream stores it. */
export function destinationErrors(value: PayoutDestination, field = 'destination'): FieldError[] {
  if (value.type === 'CASH_ORDER') return [];
  if (value.type !== 'ACCOUNT') return [{ field: `${field}.type`, message: 'must be ACCOUNT or CASH_ORDER' }];
  const { type: _type, ...account } = value;
  return payToErrors(account, field);
}

/** A claim's payTo as a payout destination: a cash order when none was given. */
export function destinationOf(payTo: PayTo | undefined): PayoutDestination {
  if (!payTo) return { type: 'CASH_ORDER' };
  return {
    type: 'ACCOUNT',
    bankCode: payTo.bankCode,
    accountNumber: payTo.accountNumber,
    accountName: payTo.accountName.trim(),
  };
}

/** Account numbers are personal data: logs show only the last 4 digits, like NIKs. */
export function maskAccountNumber(accountNumber: string): string {
  return accountNumber.length <= 4
    ? '****'
    : `${'*'.repeat(accountNumber.length - 4)}${accountNumber.slice(-4)}`;
}

/** Honorifics and titles that are no part of whose account it is. */
const HONORIFICS = new Set([
  'BPK',
  'BAPAK',
  'BP',
  'IBU',
  'IB',
  'SDR',
  'SDRI',
  'SAUDARA',
  'SAUDARI',
  'HJ',
  'H',
  'HAJI',
  'HAJJAH',
  'ALM',
  'ALMH',
  'ALMARHUM',
  'ALMARHUMAH',
  'TN',
  'NY',
  'NN',
  'TUAN',
  'NYONYA',
  'NONA',
  'MR',
  'MRS',
  'MS',
  'DR',
  'IR',
  'KH',
  'RA',
]);

/** A name's words, upper-cased, punctuation and honorifics removed. */
export function nameWords(name: string): string[] {
  return name
    .toUpperCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Z0-9\s]/g, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 0 && !HONORIFICS.has(w));
}

/**
 * The bank's holder name matches the payee's when every word of the shorter name is in the other
 * (docs/benefit-rules.md "Where money goes"): "Siti Aminah" matches "IBU SITI AMINAH BINTI AHMAD".
 */
export function holderNameMatches(payeeName: string, holderName: string): boolean {
  const a = nameWords(payeeName);
  const b = nameWords(holderName);
  if (a.length === 0 || b.length === 0) return false;
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  const words = new Set(longer);
  return shorter.every((w) => words.has(w));
}

/**
 * The bank's idempotency key of the transfer to a payout's nth destination (0: the first): the
 * payout id itself, then `<payoutId>-d<n>`, so a re-send after a return is a new transfer and a
 * repeated request for one destination is booked once.
 */
export const transferKey = (payoutId: string, destinationChanges: number): string =>
  destinationChanges > 0 ? `${payoutId}-d${destinationChanges}` : payoutId;

/** The payout a transfer key belongs to, and which destination. */
export function payoutOfTransferKey(key: string): { payoutId: string; destinationChanges: number } {
  const m = /^(.*)-d(\d+)$/.exec(key);
  return m ? { payoutId: m[1], destinationChanges: Number(m[2]) } : { payoutId: key, destinationChanges: 0 };
}
