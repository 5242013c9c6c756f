import { Inject, Injectable } from '@nestjs/common';
import { SqlQueryable } from '@app/event-store';
import { READ_DB } from '../tokens';

/**
 * Events the payout process manager could not act on (a payout of an approval that could not be
 * scheduled, a result that could not be recorded on its claim). The process moves on past them,
 * so they live here until a retry succeeds: /health reports them and the claim view shows them.
 * One row per event and payout (`payout_id` '' when the event as a whole failed).
 */
export const PAYOUT_PROCESS_FAILURES_SCHEMA = `
CREATE TABLE IF NOT EXISTS payout_process_failures (
  event_id        text NOT NULL,
  payout_id       text NOT NULL,
  position        bigint NOT NULL,
  event_type      text NOT NULL,
  claim_id        text NOT NULL,
  code            text NOT NULL,
  message         text NOT NULL,
  attempts        int NOT NULL DEFAULT 1,
  first_failed_at timestamptz NOT NULL DEFAULT now(),
  last_failed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (event_id, payout_id)
);
CREATE INDEX IF NOT EXISTS payout_process_failures_claim_idx ON payout_process_failures (claim_id)`;

export interface PayoutProcessFailure {
  eventId: string;
  /** Empty when the event as a whole could not be handled. */
  payoutId: string;
  position: number;
  eventType: string;
  claimId: string;
  code: string;
  message: string;
  attempts: number;
  firstFailedAt: string;
  lastFailedAt: string;
}

interface FailureRow {
  event_id: string;
  payout_id: string;
  position: string | number;
  event_type: string;
  claim_id: string;
  code: string;
  message: string;
  attempts: number;
  first_failed_at: string | Date;
  last_failed_at: string | Date;
}

const iso = (v: string | Date) => new Date(v).toISOString();

/** Outstanding failures, oldest event first; of one claim when `claimId` is given. */
export async function listPayoutProcessFailures(
  db: SqlQueryable,
  filter: { claimId?: string; limit?: number } = {},
): Promise<PayoutProcessFailure[]> {
  const params: unknown[] = [filter.limit ?? 1_000];
  const where = filter.claimId ? (params.push(filter.claimId), 'WHERE claim_id = $2') : '';
  const { rows } = await db.query<FailureRow>(
    `SELECT * FROM payout_process_failures ${where} ORDER BY position, payout_id LIMIT $1`,
    params,
  );
  return rows.map((r) => ({
    eventId: r.event_id,
    payoutId: r.payout_id,
    position: Number(r.position),
    eventType: r.event_type,
    claimId: r.claim_id,
    code: r.code,
    message: r.message,
    attempts: Number(r.attempts),
    firstFailedAt: iso(r.first_failed_at),
    lastFailedAt: iso(r.last_failed_at),
  }));
}

/** For /health: any outstanding failure degrades the service until a retry succeeds. */
@Injectable()
export class PayoutProcessProbe {
  constructor(@Inject(READ_DB) private readonly db: SqlQueryable) {}

  async check(): Promise<{ ok: boolean; detail: string; failures?: number; firstPosition?: number }> {
    try {
      const { rows } = await this.db.query<{ n: number; claims: number; first: string | null }>(
        `SELECT count(*)::int AS n, count(DISTINCT claim_id)::int AS claims, min(position) AS first
         FROM payout_process_failures`,
      );
      const { n, claims, first } = rows[0];
      if (Number(n) === 0) return { ok: true, detail: 'every approval and payout result handled' };
      return {
        ok: false,
        detail: `${n} payout steps of ${claims} claims failed and are retried (first at position ${first}); see the claims' payoutSchedulingFailed`,
        failures: Number(n),
        firstPosition: Number(first),
      };
    } catch (e) {
      return { ok: false, detail: (e as Error).message };
    }
  }
}
