import { csvCell } from '@app/domain/shared/csv';
import { SqlQueryable } from '@app/event-store';

/** The sandbox bank's own books: one row per idempotency key, however often it was sent. */
export const SANDBOX_LEDGER_SCHEMA = `
CREATE TABLE IF NOT EXISTS sandbox_bank_transfers (
  seq             bigserial PRIMARY KEY,
  idempotency_key text NOT NULL UNIQUE,
  bank_reference  text NOT NULL UNIQUE,
  amount          bigint NOT NULL,
  payee_kind      text,
  payee_name      text NOT NULL,
  reference       text,
  claim_id        text,
  booked_at       timestamptz NOT NULL DEFAULT now(),
  requests        int NOT NULL DEFAULT 1
);
ALTER TABLE sandbox_bank_transfers ADD COLUMN IF NOT EXISTS destination_type text;
ALTER TABLE sandbox_bank_transfers ADD COLUMN IF NOT EXISTS bank_code text;
ALTER TABLE sandbox_bank_transfers ADD COLUMN IF NOT EXISTS account_number text`;

/** A booked transfer as the bank's statement shows it. */
export interface LedgerEntry {
  idempotencyKey: string;
  bankReference: string;
  amount: number;
  payeeKind?: string;
  payeeName: string;
  bookedAt: string;
  /** How many transfer requests arrived for this key (replays included). */
  requests: number;
  /** ACCOUNT or CASH_ORDER; absent for transfers to a name (before destinations). */
  destinationType?: string;
  accountNumber?: string;
}

interface LedgerRow {
  idempotency_key: string;
  bank_reference: string;
  amount: number | string;
  payee_kind: string | null;
  payee_name: string;
  booked_at: Date | string;
  requests: number;
  destination_type?: string | null;
  account_number?: string | null;
}

export function toLedgerEntry(r: LedgerRow): LedgerEntry {
  return {
    idempotencyKey: r.idempotency_key,
    bankReference: r.bank_reference,
    amount: Number(r.amount),
    ...(r.payee_kind ? { payeeKind: r.payee_kind } : {}),
    payeeName: r.payee_name,
    bookedAt: new Date(r.booked_at).toISOString(),
    requests: Number(r.requests),
    ...(r.destination_type ? { destinationType: r.destination_type } : {}),
    ...(r.account_number ? { accountNumber: r.account_number } : {}),
  };
}

export const LEDGER_COLUMNS =
  'idempotency_key, bank_reference, amount, payee_kind, payee_name, booked_at, requests, destination_type, account_number';

export async function readSandboxLedger(db: SqlQueryable): Promise<LedgerEntry[]> {
  const { rows } = await db
    .query<LedgerRow>(`SELECT ${LEDGER_COLUMNS} FROM sandbox_bank_transfers ORDER BY seq`)
    .catch((e: { code?: string }) => {
      if (e.code === '42P01') return { rows: [] as LedgerRow[] }; // the sandbox never ran here: no transfers
      throw e;
    });
  return rows.map(toLedgerEntry);
}

/** The statement CSV the sandbox exports and `payouts:reconcile --statement` reads. */
export const STATEMENT_HEADER = 'bankReference,idempotencyKey,amount,payeeName,bookedAt';

/** The formula-escaping cells live in the domain's shared CSV helpers (one rule for every export). */
export { csvCell, fromCsvCell } from '@app/domain/shared/csv';

export function toStatementCsv(entries: LedgerEntry[]): string {
  return (
    [
      STATEMENT_HEADER,
      ...entries.map((e) =>
        [e.bankReference, e.idempotencyKey, String(e.amount), e.payeeName, e.bookedAt].map(csvCell).join(','),
      ),
    ].join('\n') + '\n'
  );
}
