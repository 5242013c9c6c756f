/**
 * Re-performance of decided claims from the events alone (docs/audit.md "Re-performance"): pure,
 * no store, no service, so an auditor runs it offline on a signed bundle (`npm run audit -- reperform`).
 * The interface was agreed between the bundle work and the re-performance work of issue #17.
 */
import { mismatchOf } from './checks';
import { replayClaims, ReplayOptions } from './replay';

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
  /** The type of that event. */
  eventType?: string;
}

export interface ReperformResult {
  claimsChecked: number;
  linesChecked: number;
  payoutsChecked: number;
  mismatches: ReperformMismatch[];
  /**
   * Late penalties owed for less than a day at the end of the log and not yet scheduled: the
   * payout process may still be scheduling them (replay.ts PENALTY_SCHEDULING_GRACE_MS).
   */
  pending?: ReperformMismatch[];
}

/** Re-performs every decided claim in `events` (global order). */
export function reperformClaims(events: readonly AuditEvent[], options: ReplayOptions = {}): ReperformResult {
  const claims = new Set<string>();
  let linesChecked = 0;
  let payoutsChecked = 0;
  const mismatches: ReperformMismatch[] = [];
  const pending: ReperformMismatch[] = [];
  replayClaims(
    events,
    (step) => {
      if (step.claimId) claims.add(step.claimId);
      linesChecked += step.linesChecked ?? 0;
      payoutsChecked += step.payoutsChecked ?? 0;
      for (const c of step.checks) if (!c.ok) (c.pending ? pending : mismatches).push(mismatchOf(step, c));
    },
    options,
  );
  return { claimsChecked: claims.size, linesChecked, payoutsChecked, mismatches, pending };
}
