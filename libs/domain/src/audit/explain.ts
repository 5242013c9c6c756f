import { ClaimApproved, CLAIM_EVENT_TYPES } from '../claims/claim.events';
import { AdjustmentDecided, ClaimOverpaymentRecovered } from '../claims/corrections.events';
import { Claim } from '../claims/claim.state';
import { Assessment } from '../claims/claim.types';
import { rupiah } from '../claims/money';
import { PayoutDestination } from '../payouts/destination';
import { PayoutPaid, PayoutScheduled } from '../payouts/payout.events';
import { ClaimLog } from './claim-log';
import { mismatchOf, Step } from './checks';
import { explainFacts } from './explain-facts';
import {
  ClaimExplanation,
  ExplainedAdjustment,
  ExplainedDecision,
  ExplainedPayout,
  ExplainedRecovery,
} from './explanation.types';
import { lineFormula } from './line-formula';
import { replayClaims, ReplayOptions } from './replay';
import type { AuditEvent, ReperformMismatch } from './reperform';

type Data = Record<string, unknown>;

/** The events a claim's decisions were made by (person actions), with who, when and why. */
const NOT_DECISIONS = ['ClaimAssessed', 'ClaimPayoutUpdated', 'ClaimPaid', 'ClaimOverpaymentRecovered'];
const DECISION_TYPES = new Set<string>(CLAIM_EVENT_TYPES.filter((t) => !NOT_DECISIONS.includes(t)));

/**
 * How every rupiah of one claim came to be (docs/audit.md "Explanations"), from the events alone:
 * the same one-pass reconstruction as the re-performance, so the facts shown are those the
 * re-performance used, and its verdict on the claim is included. `events` must hold the claim's
 * stream, its member's, the member's other claims, the scholarship's basis claim and their
 * payouts (or simply the whole log), in global order. Undefined when the claim is not there.
 */
export function explainClaim(
  events: readonly AuditEvent[],
  claimId: string,
  options: ReplayOptions = {},
): ClaimExplanation | undefined {
  const steps: Step[] = [];
  const log = replayClaims(
    events,
    (s) => {
      if (s.claimId === claimId) steps.push(s);
    },
    options,
  );
  const track = log.claims.get(claimId);
  if (!track) return undefined;
  const claim = track.state;
  const assessedStep = steps.filter((s) => s.type === 'ClaimAssessed').at(-1);
  const assessedEvent = track.events.filter((e) => e.type === 'ClaimAssessed').at(-1)!;
  const reading =
    assessedStep?.reading ??
    // An undecided claim is not re-performed: read it the same way to explain it.
    replayReading(log, claim, assessedEvent);
  const facts = explainFacts(log, claim, reading, assessedEvent);
  const assessment: Assessment = claim.assessment;
  const lines = assessment.lines.map((line) => ({
    code: line.code,
    description: line.description,
    amount: line.amount,
    payee: line.payee,
    ...lineFormula(line, claim.request, reading.member.declaredMonthlyIncome),
    scheduleVersion: assessment.scheduleVersion,
    basis: line.basis,
    position: assessedEvent.position,
  }));
  const found = (pending: boolean): ReperformMismatch[] =>
    steps.flatMap((s) =>
      s.checks.filter((c) => !c.ok && !!c.pending === pending).map((c) => mismatchOf(s, c)),
    );
  const mismatches = found(false);
  const decisions = track.events.filter((e) => DECISION_TYPES.has(e.type)).map(decisionOf);
  const lastApproval = track.events.filter((e) => e.type === 'ClaimApproved').at(-1);
  const firstApproval = track.events
    .filter(
      (e) => e.type === 'ClaimFirstApprovalGiven' && (!lastApproval || e.position < lastApproval.position),
    )
    .at(-1);
  const approvedBy = lastApproval
    ? (lastApproval.data as ClaimApproved['data']).approvals.map((a) => ({
        by: a.by,
        role: a.role,
        at: a.at,
        position:
          a.by === (lastApproval.data as Data).by || !firstApproval
            ? lastApproval.position
            : firstApproval.position,
      }))
    : [];
  const payouts = payoutsOf(log, claim, track.events);
  const recoveries = recoveriesOf(
    log,
    claimId,
    payouts.map((p) => p.payoutId),
  );
  const explanation: Omit<ClaimExplanation, 'positions'> = {
    claimId,
    memberId: claim.memberId,
    benefit: claim.benefit,
    status: claim.status,
    total: assessment.total,
    scheduleVersion: assessment.scheduleVersion,
    eligible: assessment.eligible,
    reasons: assessment.reasons,
    lines,
    facts,
    decisions,
    approvedBy,
    adjustments: adjustmentsOf(track.events),
    payouts,
    recoveries,
    reperformed: { ok: mismatches.length === 0, mismatches, pending: found(true) },
  };
  return { ...explanation, positions: positionsIn(explanation) };
}

function replayReading(log: ClaimLog, claim: Claim, assessed: AuditEvent) {
  const member = log.memberAt(claim.memberId, (assessed.data as { memberRevision?: number }).memberRevision);
  return {
    member: member.state,
    memberRevision: member.revision,
    memberRevisionAssumed: member.assumed,
    otherClaims: log.claimsOf(claim.memberId).filter((c) => c.claimId !== claim.claimId),
    assessedOn: String((assessed.data as Data).assessedOn),
  };
}

function decisionOf(e: AuditEvent): ExplainedDecision {
  const d = e.data as Data;
  const by = d.by ?? d.submittedBy ?? e.metadata?.actor ?? '';
  return {
    type: e.type,
    by: String(by),
    ...(d.role ? { role: String(d.role) } : {}),
    at: String(d.at ?? e.metadata?.recordedAt ?? ''),
    ...(d.reasonCode ? { reasonCode: String(d.reasonCode) } : {}),
    ...(d.note ? { note: String(d.note) } : d.outcome ? { note: String(d.outcome) } : {}),
    position: e.position,
  };
}

function adjustmentsOf(events: AuditEvent[]): ExplainedAdjustment[] {
  return events.flatMap((e) => {
    const adj = (e.data as { adjustment?: AdjustmentDecided }).adjustment;
    if (!adj || (e.type !== 'ClaimApproved' && e.type !== 'ClaimRejected')) return [];
    return [
      {
        previousTotal: adj.previousTotal,
        newTotal: adj.newTotal,
        difference: adj.difference,
        overpayments: adj.overpayments ?? [],
        decision: e.type === 'ClaimApproved' ? ('APPROVED' as const) : ('REJECTED' as const),
        position: e.position,
      },
    ];
  });
}

/** An account number shows its last 4 digits only (docs/audit.md). */
export function maskedDestination(d: PayoutDestination | undefined): ExplainedPayout['destination'] {
  if (!d) return undefined;
  if (d.type !== 'ACCOUNT') return { type: d.type };
  return {
    type: d.type,
    bankCode: d.bankCode,
    accountName: d.accountName,
    accountNumber: `••••${d.accountNumber.slice(-4)}`,
  };
}

function payoutsOf(log: ClaimLog, claim: Claim, events: AuditEvent[]): ExplainedPayout[] {
  const planned = new Map<string, { amount: number; position: number }>();
  for (const e of events)
    if (e.type === 'ClaimApproved')
      for (const p of (e.data as ClaimApproved['data']).payouts)
        planned.set(p.payoutId, { amount: p.amount, position: e.position });
  const ids = new Set([...planned.keys(), ...claim.payouts.map((p) => p.payoutId)]);
  // A late penalty joins its claim when scheduled; the payout's own stream names the claim.
  for (const [id, t] of log.payouts) if (t.state.claimId === claim.claimId) ids.add(id);
  return [...ids].flatMap((payoutId) => {
    const track = log.payouts.get(payoutId);
    const scheduledEvent = track?.events.find((e) => e.type === 'PayoutScheduled');
    const scheduled = scheduledEvent?.data as PayoutScheduled['data'] | undefined;
    const plan = planned.get(payoutId);
    const onClaim = claim.payouts.find((p) => p.payoutId === payoutId);
    const paid = (track?.events ?? []).filter((e) => e.type === 'PayoutPaid');
    const pf = scheduled?.penaltyFor;
    // Where the money went: the destination as last corrected, not as first scheduled.
    const destination = (track?.state.exists ? track.state.destination : undefined) ?? scheduled?.destination;
    return [
      {
        payoutId,
        kind: scheduled?.kind ?? 'BENEFIT',
        payee: scheduled?.payee ?? onClaim?.payee ?? { kind: 'MEMBER' as const, name: '' },
        ...(plan ? { planned: plan.amount } : {}),
        amount: scheduled?.amount ?? onClaim?.amount ?? plan?.amount ?? 0,
        ...(scheduled?.recovered ? { recovered: scheduled.recovered } : {}),
        status: track?.state.exists ? track.state.status : (onClaim?.status ?? 'PLANNED'),
        ...(paid.length ? { paidOn: (paid.at(-1)!.data as PayoutPaid['data']).paidOn } : {}),
        ...(destination ? { destination: maskedDestination(destination) } : {}),
        ...(pf
          ? {
              penalty: {
                forPayoutId: pf.payoutId,
                benefitAmount: pf.benefitAmount,
                dueBy: pf.dueBy,
                paidOn: pf.paidOn,
                daysLate: pf.daysLate,
                ratePercentPerDay: pf.ratePercentPerDay,
                formula: `${rupiah(pf.benefitAmount)} × ${pf.ratePercentPerDay}% × ${pf.daysLate} days late (due ${pf.dueBy}, paid ${pf.paidOn}) = ${rupiah(scheduled!.amount)}`,
              },
            }
          : {}),
        positions: {
          ...(plan ? { planned: plan.position } : {}),
          ...(scheduledEvent ? { scheduled: scheduledEvent.position } : {}),
          paid: paid.map((e) => e.position),
        },
      },
    ];
  });
}

/** Recoveries of this claim's overpayments, and those deducted from this claim's payouts. */
function recoveriesOf(log: ClaimLog, claimId: string, payoutIds: string[]): ExplainedRecovery[] {
  const ours = new Set(payoutIds);
  const out: ExplainedRecovery[] = [];
  for (const track of log.claims.values())
    for (const e of track.events) {
      if (e.type !== 'ClaimOverpaymentRecovered') continue;
      const d = e.data as ClaimOverpaymentRecovered['data'];
      if (d.claimId === claimId || ours.has(d.payoutId))
        out.push({
          overpaidClaimId: d.claimId,
          payoutId: d.payoutId,
          payee: d.payee,
          amount: d.amount,
          position: e.position,
        });
    }
  return out.sort((a, b) => a.position - b.position);
}

/** Every `position` (and `positions.*`) the explanation cites, once each, ascending. */
function positionsIn(value: unknown, into = new Set<number>()): number[] {
  if (Array.isArray(value)) value.forEach((v) => positionsIn(v, into));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      if (k === 'reperformed') continue;
      if (
        (k === 'position' || k === 'planned' || k === 'scheduled') &&
        typeof v === 'number' &&
        v >= 0 &&
        isPositionKey(k, value)
      )
        into.add(v);
      else if (k === 'paid' && Array.isArray(v)) v.forEach((p) => typeof p === 'number' && into.add(p));
      else positionsIn(v, into);
    }
  return [...into].sort((a, b) => a - b);
}

/** `planned` is an amount on a payout and a position in its `positions`. */
const isPositionKey = (k: string, holder: object): boolean => k === 'position' || !('payoutId' in holder);
