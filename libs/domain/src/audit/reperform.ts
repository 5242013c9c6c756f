/**
 * Re-performance of decided claims from the events alone (docs/audit.md): pure, no store, no
 * service, so an auditor runs it offline on a signed bundle (`npm run audit -- reperform`).
 *
 * PLACEHOLDER interface, agreed between the bundle work and the re-performance work of issue #17:
 * the implementation replaces the body, the types stay.
 */

/** An event as the bundle holds it, already upcast to the current schema. */
export interface AuditEvent {
  position: number;
  streamId: string;
  revision: number;
  type: string;
  data: unknown;
  metadata?: { actor?: string; recordedAt?: string; [key: string]: unknown };
}

/** One recorded figure the rules do not reproduce. */
export interface ReperformMismatch {
  claimId: string;
  /** What was compared, e.g. `line JKM_DEATH amount`, `total`, `payout <id> amount`, `penalty`, `recovery`. */
  check: string;
  recorded: unknown;
  recomputed: unknown;
  /** Global position of the event holding the recorded figure. */
  position?: number;
}

export interface ReperformResult {
  claimsChecked: number;
  linesChecked: number;
  payoutsChecked: number;
  mismatches: ReperformMismatch[];
}

/** Re-performs every decided claim in `events` (global order). */
export function reperformClaims(events: readonly AuditEvent[]): ReperformResult {
  void events;
  return { claimsChecked: 0, linesChecked: 0, payoutsChecked: 0, mismatches: [] };
}
