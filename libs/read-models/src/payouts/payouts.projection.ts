import { RecordedEvent, SqlQueryable } from '@app/event-store';
import type { PayoutEvent } from '@app/domain/payouts';
import { Projection, TableNames } from '../projection';

/** docs/api.md "Payouts": one row per payout, from its stream. */
export const payoutsProjection: Projection = {
  name: 'payouts',
  tables: ['payouts'],
  filter: {
    types: [
      'PayoutScheduled',
      'PayoutAttemptStarted',
      'PayoutPaid',
      'PayoutAttemptFailed',
      'PayoutDeadLettered',
      'PayoutRetryRequested',
      'PayoutHeld',
      'PayoutDestinationChanged',
      'PayoutReturned',
    ],
  },
  schema: (t: TableNames) => `
CREATE TABLE IF NOT EXISTS ${t.payouts} (
  payout_id              text PRIMARY KEY,
  claim_id               text NOT NULL,
  kind                   text NOT NULL,
  payee                  jsonb NOT NULL,
  amount                 bigint NOT NULL,
  lines                  jsonb NOT NULL DEFAULT '[]',
  status                 text NOT NULL,
  attempts               int NOT NULL DEFAULT 0,
  retries                int NOT NULL DEFAULT 0,
  due_by                 text NOT NULL,
  paid_at                text,
  paid_on                text,
  bank_reference         text,
  late_penalty           bigint,
  late_penalty_payout_id text,
  days_late              int,
  penalty_for            text,
  last_error             text,
  dead_letter_reason     text,
  scheduled_position     bigint NOT NULL,
  updated_at             text NOT NULL
);
CREATE INDEX IF NOT EXISTS ${t.payouts}_status_idx ON ${t.payouts} (status, scheduled_position);
CREATE INDEX IF NOT EXISTS ${t.payouts}_claim_idx ON ${t.payouts} (claim_id, scheduled_position);
ALTER TABLE ${t.payouts} ADD COLUMN IF NOT EXISTS destination jsonb;
ALTER TABLE ${t.payouts} ADD COLUMN IF NOT EXISTS transfer_key text;
ALTER TABLE ${t.payouts} ADD COLUMN IF NOT EXISTS hold_reason text;
ALTER TABLE ${t.payouts} ADD COLUMN IF NOT EXISTS bank_holder_name text;
ALTER TABLE ${t.payouts} ADD COLUMN IF NOT EXISTS return_reason text;
ALTER TABLE ${t.payouts} ADD COLUMN IF NOT EXISTS recovered bigint`,

  async apply(tx: SqlQueryable, events: RecordedEvent[], t: TableNames): Promise<void> {
    for (const recorded of events) {
      const e = { type: recorded.type, data: recorded.data } as PayoutEvent;
      const at = recorded.metadata.recordedAt;
      switch (e.type) {
        case 'PayoutScheduled': {
          const d = e.data;
          await tx.query(
            `INSERT INTO ${t.payouts} (payout_id, claim_id, kind, payee, amount, lines, status, due_by, penalty_for, scheduled_position, updated_at, destination, recovered)
             VALUES ($1, $2, $3, $4::jsonb, $5, $6::jsonb, 'QUEUED', $7, $8, $9, $10, $11::jsonb, $12) ON CONFLICT (payout_id) DO NOTHING`,
            [
              d.payoutId,
              d.claimId,
              d.kind,
              JSON.stringify(d.payee),
              d.amount,
              JSON.stringify(d.lines ?? []),
              d.dueBy,
              d.penaltyFor?.payoutId ?? null,
              recorded.position,
              at,
              d.destination ? JSON.stringify(d.destination) : null,
              d.recovered ?? null,
            ],
          );
          if (d.kind === 'LATE_PENALTY' && d.penaltyFor) {
            // The benefit shows what its lateness cost (docs/api.md `latePenalty`).
            await tx.query(
              `UPDATE ${t.payouts} SET late_penalty = $2, late_penalty_payout_id = $3, days_late = $4 WHERE payout_id = $1`,
              [d.penaltyFor.payoutId, d.amount, d.payoutId, d.penaltyFor.daysLate],
            );
          }
          break;
        }
        case 'PayoutAttemptStarted':
          await tx.query(
            `UPDATE ${t.payouts} SET status = 'PROCESSING', attempts = GREATEST(attempts, $2), updated_at = $3 WHERE payout_id = $1`,
            [e.data.payoutId, e.data.attempt, at],
          );
          break;
        case 'PayoutPaid':
          await tx.query(
            `UPDATE ${t.payouts} SET status = 'PAID', paid_at = $2, paid_on = $3, bank_reference = $4, dead_letter_reason = NULL, updated_at = $5, transfer_key = $6 WHERE payout_id = $1`,
            [
              e.data.payoutId,
              e.data.paidAt,
              e.data.paidOn,
              e.data.bankReference,
              at,
              e.data.transferKey ?? null,
            ],
          );
          break;
        case 'PayoutAttemptFailed':
          await tx.query(
            `UPDATE ${t.payouts} SET status = 'FAILED', last_error = $2, updated_at = $3 WHERE payout_id = $1`,
            [e.data.payoutId, `${e.data.code}: ${e.data.reason}`, at],
          );
          break;
        case 'PayoutDeadLettered':
          await tx.query(
            `UPDATE ${t.payouts} SET status = 'DEAD_LETTER', dead_letter_reason = $2, updated_at = $3 WHERE payout_id = $1`,
            [e.data.payoutId, e.data.reason, at],
          );
          break;
        case 'PayoutRetryRequested':
          await tx.query(
            `UPDATE ${t.payouts} SET status = 'QUEUED', retries = $2, dead_letter_reason = NULL, updated_at = $3 WHERE payout_id = $1`,
            [e.data.payoutId, e.data.retry, at],
          );
          break;
        case 'PayoutHeld':
          await tx.query(
            `UPDATE ${t.payouts} SET status = 'ON_HOLD', hold_reason = $2, bank_holder_name = $3, updated_at = $4 WHERE payout_id = $1`,
            [e.data.payoutId, e.data.reason, e.data.bankHolderName ?? null, at],
          );
          break;
        case 'PayoutDestinationChanged':
          await tx.query(
            `UPDATE ${t.payouts} SET status = 'QUEUED', destination = $2::jsonb, retries = $3, hold_reason = NULL, bank_holder_name = NULL,
                    return_reason = NULL, dead_letter_reason = NULL, last_error = NULL, updated_at = $4 WHERE payout_id = $1`,
            [e.data.payoutId, JSON.stringify(e.data.destination), e.data.retry, at],
          );
          break;
        case 'PayoutReturned':
          // Not paid after all: the booking is kept in the events, the row shows why it came back.
          await tx.query(
            `UPDATE ${t.payouts} SET status = 'RETURNED', return_reason = $2, paid_at = NULL, paid_on = NULL, bank_reference = NULL,
                    transfer_key = NULL, updated_at = $3 WHERE payout_id = $1`,
            [e.data.payoutId, e.data.reason, at],
          );
          break;
      }
    }
  },
};
