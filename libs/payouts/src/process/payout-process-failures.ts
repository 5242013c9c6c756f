import { Logger } from '@nestjs/common';
import { RecordedEvent, SqlClient } from '@app/event-store';
import { DomainError } from '@app/domain/shared';
import { listPayoutProcessFailures, PayoutProcessFailure } from '@app/platform';

export interface EventFailure {
  /** Empty when the event as a whole failed. */
  payoutId: string;
  /** The claim the failure shows on. */
  claimId: string;
  error: DomainError;
}

/**
 * The process manager's record of what it could not do (`payout_process_failures`, shown by
 * /health and on the claim): written when an event's step is refused, cleared when a later run
 * of the same event succeeds. Only events known to have failed cost a write on success.
 */
export class PayoutProcessFailures {
  private readonly logger = new Logger('PayoutProcessManager');
  private known?: Promise<Set<string>>;

  constructor(private readonly db: SqlClient) {}

  /** Records what `e`'s run refused, and forgets what it no longer refuses. */
  async settle(e: RecordedEvent, failures: EventFailure[]): Promise<void> {
    const known = await this.knownEvents();
    if (failures.length === 0 && !known.has(e.eventId)) return;
    const attempts: number[] = [];
    await this.db.transaction(async (tx) => {
      await tx.query(
        'DELETE FROM payout_process_failures WHERE event_id = $1 AND NOT (payout_id = ANY($2))',
        [e.eventId, failures.map((f) => f.payoutId)],
      );
      for (const { payoutId, claimId, error } of failures) {
        const { rows } = await tx.query<{ attempts: number }>(
          `INSERT INTO payout_process_failures (event_id, payout_id, position, event_type, claim_id, code, message)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (event_id, payout_id) DO UPDATE SET code = EXCLUDED.code, message = EXCLUDED.message,
             attempts = payout_process_failures.attempts + 1, last_failed_at = now()
           RETURNING attempts`,
          [e.eventId, payoutId, e.position, e.type, claimId, error.code, describe(error)],
        );
        attempts.push(Number(rows[0]?.attempts ?? 1));
      }
    });
    failures.forEach(({ payoutId, error }, i) => {
      // Every first refusal, then every tenth retry: a lasting one stays in the log, not all over it.
      if (attempts[i] !== 1 && attempts[i] % 10 !== 0) return;
      this.logger.error(
        `${e.type} at position ${e.position} (${e.streamId})${payoutId ? `: payout ${payoutId}` : ''} refused (attempt ${attempts[i]}): ${error.code} ${describe(error)}; retried until it succeeds`,
      );
    });
    if (failures.length > 0) known.add(e.eventId);
    else {
      known.delete(e.eventId);
      this.logger.log(`${e.type} at position ${e.position} (${e.streamId}) handled on retry`);
    }
  }

  /** Outstanding failures, oldest event first (also those another projector recorded). */
  async outstanding(): Promise<PayoutProcessFailure[]> {
    const rows = await listPayoutProcessFailures(this.db);
    const known = await this.knownEvents();
    for (const r of rows) known.add(r.eventId);
    return rows;
  }

  /** The event cannot be found any more (a store restored without it): nothing left to retry. */
  async forget(eventId: string): Promise<void> {
    await this.db.query('DELETE FROM payout_process_failures WHERE event_id = $1', [eventId]);
    (await this.knownEvents()).delete(eventId);
  }

  /** Read once, by the first of the steps running side by side that asks (the others wait for it). */
  private knownEvents(): Promise<Set<string>> {
    this.known ??= this.db
      .query<{ event_id: string }>('SELECT DISTINCT event_id FROM payout_process_failures')
      .then(({ rows }) => new Set(rows.map((r) => r.event_id)));
    this.known.catch(() => (this.known = undefined));
    return this.known;
  }
}

/** The refusal in words, its field errors included (a bare "Validation failed" says nothing). */
function describe(error: DomainError): string {
  const fields = error.fieldErrors.map((f) => `${f.field} ${f.message}`).join('; ');
  return fields ? `${error.message}: ${fields}` : error.message;
}
