import { paidLateLog as paidLate } from './audit.fixtures';
import { AuditEvent, reperformClaims } from './reperform';
import { PENALTY_SCHEDULING_GRACE_MS } from './replay';

const at = (events: AuditEvent[], type: string) => events.find((e) => e.type === type)!;

/** A late payment owes a penalty the payout process schedules after it (docs/audit.md "Re-performance"). */
describe('reperformClaims: a late penalty never scheduled', () => {
  it('a penalty owed and never scheduled', () => {
    const log = paidLate();
    const penalty = log.events.find(
      (e) => e.type === 'PayoutScheduled' && (e.data as { kind: string }).kind === 'LATE_PENALTY',
    )!;
    const paid = at(log.events, 'PayoutPaid');
    const aDayLater = new Date(Date.parse(paid.metadata!.recordedAt!) + PENALTY_SCHEDULING_GRACE_MS);
    const result = reperformClaims(
      log.events.filter((e) => e !== penalty),
      { logEnd: aDayLater.toISOString() },
    );
    expect(result.mismatches).toContainEqual(
      expect.objectContaining({
        check: 'penalty c-death-payout-1-late-penalty amount',
        recorded: null,
        position: paid.position,
      }),
    );
  });

  it('a penalty not yet scheduled when the log ends less than a day after the payment is pending, not a mismatch', () => {
    const log = paidLate();
    const penalty = log.events.find(
      (e) => e.type === 'PayoutScheduled' && (e.data as { kind: string }).kind === 'LATE_PENALTY',
    )!;
    const paid = at(log.events, 'PayoutPaid');
    // The payout process schedules the penalty seconds after the payment: a bundle's --to or a
    // live explanation can fall between the two.
    const result = reperformClaims(log.events.filter((e) => e !== penalty));
    expect(result.mismatches).toEqual([]);
    expect(result.pending).toEqual([
      expect.objectContaining({
        check: 'penalty c-death-payout-1-late-penalty amount',
        recorded: null,
        position: paid.position,
      }),
    ]);
  });
});
