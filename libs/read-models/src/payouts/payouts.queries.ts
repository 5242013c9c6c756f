import { SqlQueryable } from '@app/event-store';
import type { Payee } from '@app/domain/claims';
import type { HoldReason, PayoutDestination, PayoutKind, PayoutStatus } from '@app/domain/payouts';
import { liveTables } from '../projection';
import { payoutsProjection } from './payouts.projection';

/** A payout as docs/api.md lists it, plus what a finance officer needs to act on it. */
export interface PayoutView {
  payoutId: string;
  claimId: string;
  kind: PayoutKind;
  payee: Payee;
  amount: number;
  status: PayoutStatus;
  attempts: number;
  dueBy: string;
  paidAt?: string;
  bankReference?: string;
  /** On a benefit paid late: the penalty it owes (its own payout line, `latePenaltyPayoutId`). */
  latePenalty?: number;
  latePenaltyPayoutId?: string;
  /** An overpayment of the same payee deducted from this payout (docs/api.md "Payouts"). */
  recovered?: number;
  daysLate?: number;
  /** On a LATE_PENALTY payout: the benefit payout it follows. */
  penaltyFor?: string;
  lines: string[];
  retries: number;
  lastError?: string;
  deadLetterReason?: string;
  /** Absent on payouts from before destinations (paid to the payee's name). */
  destination?: PayoutDestination;
  holdReason?: HoldReason;
  /** On ACCOUNT_NAME_MISMATCH: whose account the bank says it is. */
  bankHolderName?: string;
  returnReason?: string;
}

interface PayoutRow {
  payout_id: string;
  claim_id: string;
  kind: PayoutKind;
  payee: Payee;
  amount: number | string;
  lines: string[];
  status: PayoutStatus;
  attempts: number;
  retries: number;
  due_by: string;
  paid_at: string | null;
  bank_reference: string | null;
  late_penalty: number | string | null;
  late_penalty_payout_id: string | null;
  days_late: number | null;
  penalty_for: string | null;
  last_error: string | null;
  dead_letter_reason: string | null;
  destination: PayoutDestination | null;
  hold_reason: HoldReason | null;
  bank_holder_name: string | null;
  return_reason: string | null;
  recovered?: number | string | null;
  scheduled_position: number | string;
}

const table = () => liveTables(payoutsProjection).payouts;

function toView(r: PayoutRow): PayoutView {
  return {
    payoutId: r.payout_id,
    claimId: r.claim_id,
    kind: r.kind,
    payee: r.payee,
    amount: Number(r.amount),
    status: r.status,
    attempts: Number(r.attempts),
    dueBy: r.due_by,
    ...(r.paid_at ? { paidAt: r.paid_at } : {}),
    ...(r.bank_reference ? { bankReference: r.bank_reference } : {}),
    ...(r.late_penalty !== null ? { latePenalty: Number(r.late_penalty) } : {}),
    ...(r.recovered !== null && r.recovered !== undefined ? { recovered: Number(r.recovered) } : {}),
    ...(r.late_penalty_payout_id ? { latePenaltyPayoutId: r.late_penalty_payout_id } : {}),
    ...(r.days_late !== null ? { daysLate: Number(r.days_late) } : {}),
    ...(r.penalty_for ? { penaltyFor: r.penalty_for } : {}),
    lines: r.lines ?? [],
    retries: Number(r.retries),
    ...(r.last_error ? { lastError: r.last_error } : {}),
    ...(r.dead_letter_reason ? { deadLetterReason: r.dead_letter_reason } : {}),
    ...(r.destination ? { destination: r.destination } : {}),
    ...(r.hold_reason ? { holdReason: r.hold_reason } : {}),
    ...(r.bank_holder_name ? { bankHolderName: r.bank_holder_name } : {}),
    ...(r.return_reason ? { returnReason: r.return_reason } : {}),
  };
}

export interface PayoutFilter {
  status?: PayoutStatus;
  claimId?: string;
  /** Exclusive: rows scheduled after this position (the cursor). */
  after?: number;
  limit: number;
}

/** In the order the payouts were scheduled; `next` is the position to continue after, when there is more. */
export async function listPayouts(
  db: SqlQueryable,
  f: PayoutFilter,
): Promise<{ items: PayoutView[]; next: number | null }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.status) {
    params.push(f.status);
    where.push(`status = $${params.length}`);
  }
  if (f.claimId) {
    params.push(f.claimId);
    where.push(`claim_id = $${params.length}`);
  }
  if (f.after !== undefined) {
    params.push(f.after);
    where.push(`scheduled_position > $${params.length}`);
  }
  params.push(f.limit + 1);
  const { rows } = await db
    .query<PayoutRow>(
      `SELECT * FROM ${table()} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY scheduled_position LIMIT $${params.length}`,
      params,
    )
    .catch((e: { code?: string }) => {
      if (e.code === '42P01') return { rows: [] as PayoutRow[] }; // the projector has not created the table yet
      throw e;
    });
  const more = rows.length > f.limit;
  const page = rows.slice(0, f.limit);
  return { items: page.map(toView), next: more ? Number(page[page.length - 1].scheduled_position) : null };
}

export async function findPayout(db: SqlQueryable, payoutId: string): Promise<PayoutView | undefined> {
  const { rows } = await db
    .query<PayoutRow>(`SELECT * FROM ${table()} WHERE payout_id = $1`, [payoutId])
    .catch((e: { code?: string }) => {
      if (e.code === '42P01') return { rows: [] as PayoutRow[] };
      throw e;
    });
  return rows[0] ? toView(rows[0]) : undefined;
}

/** Status counts, for the bench and operators. */
export async function countPayoutsByStatus(db: SqlQueryable): Promise<Record<string, number>> {
  const { rows } = await db.query<{ status: string; n: number | string }>(
    `SELECT status, count(*) AS n FROM ${table()} GROUP BY status`,
  );
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** The transfer keys of payouts paid to an account since `since` (the return checks' list). */
export async function paidTransfersToAccounts(db: SqlQueryable, since: string): Promise<string[]> {
  const { rows } = await db
    .query<{ payout_id: string; transfer_key: string | null }>(
      `SELECT payout_id, transfer_key FROM ${table()}
        WHERE status = 'PAID' AND destination->>'type' = 'ACCOUNT' AND paid_at >= $1`,
      [since],
    )
    .catch((e: { code?: string }) => {
      if (e.code === '42P01') return { rows: [] as { payout_id: string; transfer_key: string | null }[] };
      throw e;
    });
  return rows.map((r) => r.transfer_key ?? r.payout_id);
}
