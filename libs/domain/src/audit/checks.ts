import { ClaimApproved, ClaimAssessed, ClaimRejected, PlannedPayout } from '../claims/claim.events';
import { Claim } from '../claims/claim.state';
import { Assessment } from '../claims/claim.types';
import { NO_CORRECTIONS, payeeKey } from '../claims/corrections';
import { AdjustmentDecided, ClaimOverpaymentRecovered, ClaimReopened } from '../claims/corrections.events';
import { adjustedPayouts, rejectionAdjustment } from '../claims/decide/decide-adjustment';
import { canonical } from '../claims/decide/reassess-claim';
import { planPayouts } from '../claims/plan-payouts';
import { ClaimLog, isClaimStream, isPayoutStream } from './claim-log';
import { penaltyChecks, scheduledChecks } from './payout-checks';
import { AssessmentReading, reassess } from './reassess';
import type { AuditEvent, ReperformMismatch } from './reperform';

/** One recorded figure and what the rules give for it. */
export interface Check {
  check: string;
  recorded: unknown;
  recomputed: unknown;
  ok: boolean;
  /** Not (yet) a mismatch: a late penalty the payout process may still be scheduling (replay.ts). */
  pending?: boolean;
}

/** What one event of a decided claim says, re-performed (docs/audit.md "Re-performance"). */
export interface Step {
  claimId: string;
  position: number;
  type: string;
  checks: Check[];
  /** ClaimAssessed: what the assessment read and what the rules give. */
  reading?: AssessmentReading;
  recomputed?: Assessment;
  linesChecked?: number;
  payoutsChecked?: number;
}

/** A failed check of a step, as the re-performance reports it. */
export function mismatchOf(step: Step, c: Check): ReperformMismatch {
  return {
    claimId: step.claimId,
    check: c.check,
    recorded: c.recorded,
    recomputed: c.recomputed,
    position: step.position,
    eventType: step.type,
  };
}

export function check(name: string, recorded: unknown, recomputed: unknown): Check {
  return { check: name, recorded, recomputed, ok: canonical(recorded) === canonical(recomputed) };
}

/**
 * Re-performs the event `e` against the log as it stood just before it (`log` is not yet
 * advanced). Undefined for events that hold no figure the rules decide.
 */
export function inspect(log: ClaimLog, e: AuditEvent, decided: ReadonlySet<string>): Step | undefined {
  if (isPayoutStream(e.streamId)) {
    if (e.type !== 'PayoutScheduled') return undefined;
    const data = e.data as { claimId: string; kind: string };
    const checks = data.kind === 'LATE_PENALTY' ? penaltyChecks(log, e) : scheduledChecks(log, e);
    return { claimId: data.claimId, position: e.position, type: e.type, checks, payoutsChecked: 1 };
  }
  if (!isClaimStream(e.streamId)) return undefined;
  const claimId = (e.data as { claimId?: string }).claimId ?? '';
  const track = log.claims.get(claimId);
  if (!track || !decided.has(claimId)) return undefined;
  const claim = track.state;
  const step = (checks: Check[], extra: Partial<Step> = {}): Step => ({
    claimId,
    position: e.position,
    type: e.type,
    checks,
    ...extra,
  });
  switch (e.type) {
    case 'ClaimAssessed': {
      const data = e.data as ClaimAssessed['data'];
      const { assessment, reading } = reassess(log, claim, data);
      track.recomputed = assessment;
      return step(assessmentChecks(data.assessment, assessment), {
        reading,
        recomputed: assessment,
        linesChecked: Math.max(data.assessment.lines.length, assessment.lines.length),
      });
    }
    case 'ClaimApproved':
      return step(
        approvalChecks(claim, track.recomputed ?? claim.assessment, e.data as ClaimApproved['data']),
      );
    case 'ClaimRejected': {
      const recorded = (e.data as ClaimRejected['data']).adjustment;
      return step(adjustmentChecks(recorded, rejectionAdjustment(claim).adjustment));
    }
    case 'ClaimReopened': {
      const data = e.data as ClaimReopened['data'];
      const before = (claim.corrections ?? NO_CORRECTIONS).approvedByPayee;
      return step([
        check(
          'previousTotal',
          data.previousTotal,
          before.reduce((s, p) => s + p.amount, 0),
        ),
      ]);
    }
    case 'ClaimOverpaymentRecovered':
      return step([recoveryCheck(log, claim, e.data as ClaimOverpaymentRecovered['data'])]);
    default:
      return undefined;
  }
}

function assessmentChecks(recorded: Assessment, recomputed: Assessment): Check[] {
  const checks = [
    check('scheduleVersion', recorded.scheduleVersion, recomputed.scheduleVersion),
    check('eligible', recorded.eligible, recomputed.eligible),
  ];
  const n = Math.max(recorded.lines.length, recomputed.lines.length);
  for (let i = 0; i < n; i++) {
    const r = recorded.lines[i];
    const c = recomputed.lines[i];
    const code = r?.code ?? c?.code;
    checks.push(check(`line ${code} amount`, r?.amount ?? null, c?.code === code ? c.amount : null));
    checks.push(check(`line ${code} payee`, r?.payee ?? null, c?.code === code ? c.payee : null));
  }
  checks.push(check('total', recorded.total, recomputed.total));
  return checks;
}

function approvalChecks(claim: Claim, recomputed: Assessment, data: ClaimApproved['data']): Check[] {
  const shadow: Claim = { ...claim, assessment: recomputed };
  const expected = claim.corrections?.reopened
    ? adjustedPayouts(shadow)
    : {
        payouts: planPayouts(claim.claimId, recomputed, claim.dueBy, claim.request.payTo),
        adjustment: undefined,
      };
  const checks = [check('approved total', data.total, recomputed.total)];
  checks.push(...payoutPlanChecks(data.payouts, expected.payouts));
  checks.push(...adjustmentChecks(data.adjustment, expected.adjustment));
  return checks;
}

function payoutPlanChecks(recorded: PlannedPayout[], expected: PlannedPayout[]): Check[] {
  const ids = [...new Set([...recorded.map((p) => p.payoutId), ...expected.map((p) => p.payoutId)])];
  return ids.flatMap((id) => {
    const r = recorded.find((p) => p.payoutId === id);
    const x = expected.find((p) => p.payoutId === id);
    return [
      check(`payout ${id} amount`, r?.amount ?? null, x?.amount ?? null),
      check(`payout ${id} payee`, r ? payeeKey(r.payee) : null, x ? payeeKey(x.payee) : null),
    ];
  });
}

function adjustmentChecks(
  recorded: AdjustmentDecided | undefined,
  expected: AdjustmentDecided | undefined,
): Check[] {
  if (!recorded && !expected) return [];
  const owed = (a: AdjustmentDecided | undefined) =>
    (a?.overpayments ?? []).map((o) => ({ payee: payeeKey(o.payee), amount: o.amount }));
  return [
    check('adjustment previousTotal', recorded?.previousTotal ?? null, expected?.previousTotal ?? null),
    check('adjustment newTotal', recorded?.newTotal ?? null, expected?.newTotal ?? null),
    check('adjustment difference', recorded?.difference ?? null, expected?.difference ?? null),
    check('adjustment overpayments', owed(recorded), owed(expected)),
  ];
}

/** An overpayment deducted from a later payout: what was outstanding, at most what the payout had left. */
function recoveryCheck(log: ClaimLog, claim: Claim, data: ClaimOverpaymentRecovered['data']): Check {
  const owed = (claim.corrections ?? NO_CORRECTIONS).overpayments.find(
    (o) => payeeKey(o.payee) === payeeKey(data.payee) && o.outstanding > 0,
  );
  const planned = log.planned.get(data.payoutId);
  const available = (planned?.amount ?? 0) - (log.recoveredFrom.get(data.payoutId) ?? 0);
  const expected = Math.min(owed?.outstanding ?? 0, Math.max(0, available));
  return check(`recovery on payout ${data.payoutId}`, data.amount, expected);
}
