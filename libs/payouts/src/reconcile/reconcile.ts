import { parse } from 'csv-parse/sync';
import type { Queue } from 'bullmq';
import { EventStore } from '@app/event-store';
import {
  evolvePayout,
  initialPayoutState,
  PayoutEvent,
  PayoutState,
  PAYOUT_STREAM_PREFIX,
  transferKey,
} from '@app/domain/payouts';
import { fromCsvCell, LedgerEntry } from '../sandbox/sandbox-ledger';
import { lookUpPayoutJob, PayoutJobData } from '../payout-queue';

/** One line of the bank's side: a transfer booked under an idempotency key (the payout id). */
export type StatementEntry = Pick<LedgerEntry, 'idempotencyKey' | 'bankReference' | 'amount'> &
  Partial<Pick<LedgerEntry, 'payeeName' | 'bookedAt'>>;

export type DiscrepancyKind =
  /** PAID in the payout stream, no transfer at the bank. */
  | 'MISSING_TRANSFER'
  /** More than one transfer for one payout. */
  | 'DUPLICATE_TRANSFER'
  /** The transfer's amount differs from the payout's. */
  | 'AMOUNT_MISMATCH'
  /** PAID with one bank reference, booked under another. */
  | 'REFERENCE_MISMATCH'
  /** Booked by the bank, but the payout stream does not say PAID (money moved unrecorded). */
  | 'UNRECORDED_TRANSFER'
  /** Booked under a key that is no payout of ours. */
  | 'UNKNOWN_PAYOUT';

export interface Discrepancy {
  kind: DiscrepancyKind;
  payoutId: string;
  detail: string;
}

export interface ReconciliationReport {
  summary: {
    payouts: number;
    paid: number;
    deadLettered: number;
    /** ON_HOLD or RETURNED: waiting for a finance officer's destination. */
    awaitingDestination: number;
    /** Transfers the bank booked and returned: neither missing nor duplicated. */
    returned: number;
    /** QUEUED, PROCESSING or FAILED with a job that will still run (or, without queue data, any). */
    inProgress: number;
    /** QUEUED, PROCESSING or FAILED without a live job: lost by the queue (the sweeper enqueues it again). */
    stuck?: number;
    transfers: number;
    matched: number;
  };
  discrepancies: Discrepancy[];
  clean: boolean;
}

/**
 * Compares the payout streams with the bank's transfers, key by key. With `withoutLiveJob` (the
 * unsettled payouts the queue holds no live job for), those count as stuck, not in progress.
 */
export function reconcilePayouts(
  payouts: readonly PayoutState[],
  statement: readonly StatementEntry[],
  withoutLiveJob?: ReadonlySet<string>,
): ReconciliationReport {
  const byKey = new Map<string, StatementEntry[]>();
  for (const t of statement) byKey.set(t.idempotencyKey, [...(byKey.get(t.idempotencyKey) ?? []), t]);
  const discrepancies: Discrepancy[] = [];
  let matched = 0;
  const known = new Set<string>();
  for (const p of payouts) {
    // Each destination is its own transfer key; a transfer the bank returned is not a payment.
    const keys = Array.from({ length: p.destinationChanges + 1 }, (_, n) => transferKey(p.payoutId, n));
    keys.forEach((k) => known.add(k));
    const returned = new Set(p.returns.map((r) => r.bankReference));
    const transfers = keys.flatMap((k) => byKey.get(k) ?? []).filter((t) => !returned.has(t.bankReference));
    if (transfers.length > 1)
      discrepancies.push({
        kind: 'DUPLICATE_TRANSFER',
        payoutId: p.payoutId,
        detail: `${transfers.length} transfers: ${transfers.map((t) => t.bankReference).join(', ')}`,
      });
    const [t] = transfers;
    if (p.status === 'PAID') {
      if (!t) {
        discrepancies.push({
          kind: 'MISSING_TRANSFER',
          payoutId: p.payoutId,
          detail: `PAID as ${p.bankReference} but the bank has no transfer`,
        });
        continue;
      }
      let ok = true;
      if (t.amount !== p.amount) {
        ok = false;
        discrepancies.push({
          kind: 'AMOUNT_MISMATCH',
          payoutId: p.payoutId,
          detail: `payout ${p.amount}, transfer ${t.amount}`,
        });
      }
      if (!transfers.some((x) => x.bankReference === p.bankReference)) {
        ok = false;
        discrepancies.push({
          kind: 'REFERENCE_MISMATCH',
          payoutId: p.payoutId,
          detail: `recorded ${p.bankReference}, booked ${t.bankReference}`,
        });
      }
      if (ok && transfers.length === 1) matched++;
    } else if (t) {
      discrepancies.push({
        kind: 'UNRECORDED_TRANSFER',
        payoutId: p.payoutId,
        detail: `booked as ${t.bankReference} (${t.amount}) but the payout is ${p.status}`,
      });
      if (t.amount !== p.amount)
        discrepancies.push({
          kind: 'AMOUNT_MISMATCH',
          payoutId: p.payoutId,
          detail: `payout ${p.amount}, transfer ${t.amount}`,
        });
    }
  }
  for (const [key, transfers] of byKey) {
    if (!known.has(key))
      discrepancies.push({
        kind: 'UNKNOWN_PAYOUT',
        payoutId: key,
        detail: `booked ${transfers.map((t) => `${t.bankReference} (${t.amount})`).join(', ')}`,
      });
  }
  const count = (s: PayoutState['status']) => payouts.filter((p) => p.status === s).length;
  const awaiting = (p: PayoutState) => p.status === 'ON_HOLD' || p.status === 'RETURNED';
  const unsettled = payouts.filter((p) => p.status !== 'PAID' && p.status !== 'DEAD_LETTER' && !awaiting(p));
  const stuck = withoutLiveJob ? unsettled.filter((p) => withoutLiveJob.has(p.payoutId)).length : undefined;
  return {
    summary: {
      payouts: payouts.length,
      paid: count('PAID'),
      deadLettered: count('DEAD_LETTER'),
      awaitingDestination: payouts.filter(awaiting).length,
      returned: payouts.reduce((n, p) => n + p.returns.length, 0),
      inProgress: unsettled.length - (stuck ?? 0),
      ...(stuck === undefined ? {} : { stuck }),
      transfers: statement.length,
      matched,
    },
    discrepancies,
    clean: discrepancies.length === 0,
  };
}

/** Every payout stream, folded. */
export async function loadPayoutStates(store: EventStore): Promise<PayoutState[]> {
  const states = new Map<string, PayoutState>();
  let after = 0;
  for (;;) {
    const page = await store.readAll({
      after: after || undefined,
      limit: 5_000,
      streamPrefixes: [PAYOUT_STREAM_PREFIX],
    });
    if (page.length === 0) break;
    for (const e of page) {
      const current = states.get(e.streamId) ?? initialPayoutState();
      states.set(e.streamId, evolvePayout(current, { type: e.type, data: e.data } as PayoutEvent));
    }
    after = page[page.length - 1].position;
  }
  return [...states.values()].filter((s) => s.exists);
}

/** The unsettled payouts whose current cycle has no job the queue will still run. */
export async function payoutsWithoutLiveJob(
  queue: Queue<PayoutJobData>,
  payouts: readonly PayoutState[],
): Promise<Set<string>> {
  const lost = new Set<string>();
  for (const p of payouts) {
    if (['PAID', 'DEAD_LETTER', 'ON_HOLD', 'RETURNED'].includes(p.status)) continue;
    if (!(await lookUpPayoutJob(queue, p.payoutId, p.retries)).live) lost.add(p.payoutId);
  }
  return lost;
}

/** A bank statement: CSV with a header naming at least idempotencyKey, bankReference and amount. */
export function parseStatementCsv(text: string): StatementEntry[] {
  const parsed = parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<
    string,
    string
  >[];
  const rows = parsed.map((r) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' ? fromCsvCell(v) : v])),
  );
  return rows.map((r, i) => {
    const amount = Number(r.amount);
    if (!r.idempotencyKey || !r.bankReference || !Number.isFinite(amount))
      throw new Error(
        `statement row ${i + 1}: idempotencyKey, bankReference and a numeric amount are required`,
      );
    return {
      idempotencyKey: r.idempotencyKey,
      bankReference: r.bankReference,
      amount,
      payeeName: r.payeeName,
      bookedAt: r.bookedAt,
    };
  });
}
