import { PayoutPaid } from '../payouts/payout.events';
import { latePenaltyPayoutId } from '../payouts/payout.events';
import { payoutOfTransferKey } from '../payouts/destination';
import { ClaimLog, claimMembersOf, isClaimStream, isPayoutStream } from './claim-log';
import { check, inspect, Step } from './checks';
import { penaltyOwed } from './payout-checks';
import type { AuditEvent } from './reperform';

/** The claims that reach a decision (approved or rejected) anywhere in the log. */
export function decidedClaimsOf(events: readonly AuditEvent[]): Set<string> {
  const decided = new Set<string>();
  for (const e of events)
    if (isClaimStream(e.streamId) && (e.type === 'ClaimApproved' || e.type === 'ClaimRejected'))
      decided.add((e.data as { claimId: string }).claimId);
  return decided;
}

/**
 * A late benefit payment's penalty is scheduled by the payout process seconds after the payment
 * (docs/audit.md "Re-performance"): one missing for less than this, at the end of the log (a
 * bundle's `--to`, or now for a live explanation), is pending, not a mismatch.
 */
export const PENALTY_SCHEDULING_GRACE_MS = 24 * 60 * 60 * 1000;

export interface ReplayOptions {
  /** Where the log ends in time: a live explanation's now; by default the last event's recordedAt. */
  logEnd?: string;
}

/**
 * One pass over the log in global order (docs/audit.md "Re-performance"): each event holding a
 * figure the rules decide is re-performed against the log as it stood just before it, then folded.
 * `onStep` receives every re-performed event; the folded log is returned for explanations.
 */
export function replayClaims(
  events: readonly AuditEvent[],
  onStep: (step: Step) => void,
  options: ReplayOptions = {},
): ClaimLog {
  const log = new ClaimLog(claimMembersOf(events));
  const decided = decidedClaimsOf(events);
  // A benefit paid late owes a penalty payout: expected here, struck off when it is scheduled.
  const owed = new Map<string, { claimId: string; amount: number; position: number; at?: string }>();
  let lastRecordedAt: string | undefined;
  for (const e of events) {
    const step = inspect(log, e, decided);
    if (step) onStep(step);
    log.apply(e);
    const at = e.metadata?.recordedAt;
    if (typeof at === 'string' && (!lastRecordedAt || at > lastRecordedAt)) lastRecordedAt = at;
    if (!isPayoutStream(e.streamId)) continue;
    if (e.type === 'PayoutScheduled') owed.delete((e.data as { payoutId: string }).payoutId);
    if (e.type === 'PayoutPaid') {
      const data = e.data as PayoutPaid['data'];
      const first = !data.transferKey || payoutOfTransferKey(data.transferKey).destinationChanges === 0;
      const benefit = log.payouts.get(data.payoutId)?.state;
      const penaltyId = latePenaltyPayoutId(data.payoutId);
      const amount = benefit && first ? penaltyOwed(benefit, data.paidOn) : 0;
      if (amount > 0 && !log.payouts.get(penaltyId)?.state.exists)
        owed.set(penaltyId, {
          claimId: benefit!.claimId,
          amount,
          position: e.position,
          at: e.metadata?.recordedAt,
        });
    }
  }
  const end = Date.parse(options.logEnd ?? lastRecordedAt ?? '');
  for (const [penaltyId, o] of owed) {
    const owedFor = end - Date.parse(o.at ?? '');
    const pending = owedFor < PENALTY_SCHEDULING_GRACE_MS;
    onStep({
      claimId: o.claimId,
      position: o.position,
      type: 'PayoutPaid',
      checks: [{ ...check(`penalty ${penaltyId} amount`, null, o.amount), ...(pending ? { pending } : {}) }],
    });
  }
  return log;
}
