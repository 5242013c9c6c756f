/** A log built by the real deciders, for the re-performance and explanation specs (no jest here). */
import { jkkDeath } from '../claims/claim.fixtures';
import { ClaimCommand, ClaimContext } from '../claims/claim.commands';
import { claimDecider } from '../claims/claim.decider';
import { ClaimApproved } from '../claims/claim.events';
import { ClaimState } from '../claims/claim.state';
import { basisClaimIdOf, ClaimRequest } from '../claims/claim.types';
import { MemberEvent } from '../members/member.events';
import { enrolled, MEMBER_ID, paid } from '../members/member.fixtures';
import { latePenaltyFor } from '../payouts/late-penalty';
import { PayoutEvent } from '../payouts/payout.events';
import { scheduleFor } from '../schedule/schedule';
import { addMonths } from '../shared/dates';
import { STREAM_PREFIX } from '../shared/stream-names';
import { ClaimLog } from './claim-log';
import type { AuditEvent } from './reperform';

export { MEMBER_ID };
export const SUBMITTER = 'adj-submitter';

export class AuditLogBuilder {
  readonly events: AuditEvent[] = [];
  private readonly log = new ClaimLog(new Set([MEMBER_ID]));
  private readonly revisions = new Map<string, number>();

  append(streamId: string, list: readonly { type: string; data: unknown }[], actor = 'test'): AuditEvent[] {
    return list.map((e) => {
      const revision = (this.revisions.get(streamId) ?? -1) + 1;
      this.revisions.set(streamId, revision);
      const event: AuditEvent = {
        position: this.events.length + 1,
        streamId,
        revision,
        type: e.type,
        data: e.data,
        metadata: { actor, recordedAt: '2025-03-20T03:00:00.000Z' },
      };
      this.events.push(event);
      this.log.apply(event);
      return event;
    });
  }

  /** Ahmad Fauzi enrolled from 2025-01 with a spouse, months 2025-01..through paid on their first day. */
  member(o: { income?: number; through?: string } = {}): this {
    const events: MemberEvent[] = [enrolled({ declaredMonthlyIncome: o.income ?? 1_000_000 })];
    for (let m = '2025-01'; m <= (o.through ?? '2025-06'); m = addMonths(m, 1))
      events.push(paid(m, `${m}-01`));
    this.append(`${STREAM_PREFIX.member}${MEMBER_ID}`, events);
    return this;
  }

  memberEvent(event: MemberEvent): AuditEvent {
    return this.append(`${STREAM_PREFIX.member}${MEMBER_ID}`, [event])[0];
  }

  context(claimId: string, request?: ClaimRequest): ClaimContext {
    const track = this.log.member(MEMBER_ID)!;
    const otherClaims = this.log.claimsOf(MEMBER_ID).filter((c) => c.claimId !== claimId);
    const basisId = request ? basisClaimIdOf(request) : undefined;
    const basisClaim = basisId ? this.log.claims.get(basisId)?.state : undefined;
    return {
      member: track.state,
      memberRevision: track.revision,
      otherClaims,
      ...(basisClaim ? { basisClaim } : {}),
    };
  }

  /** Runs a command of the real claim decider on the claim as the log holds it. */
  claim(
    claimId: string,
    command: (context: ClaimContext, state: ClaimState) => ClaimCommand,
    actor = 'test',
  ): AuditEvent[] {
    const state: ClaimState = this.log.claims.get(claimId)?.state ?? { status: 'NONE' };
    const request = 'request' in state ? state.request : undefined;
    const cmd = command(this.context(claimId, request), state);
    const ctx =
      cmd.type === 'SubmitClaim' ? this.context(claimId, cmd.data.request) : this.context(claimId, request);
    const withContext =
      'context' in cmd.data ? ({ ...cmd, data: { ...cmd.data, context: ctx } } as ClaimCommand) : cmd;
    return this.append(`${STREAM_PREFIX.claim}${claimId}`, claimDecider.decide(withContext, state), actor);
  }

  submit(claimId: string, request: ClaimRequest, today = '2025-03-20'): AuditEvent[] {
    return this.claim(claimId, (context) => ({
      type: 'SubmitClaim',
      data: {
        claimId,
        request,
        submittedBy: SUBMITTER,
        roles: ['adjudicator'],
        at: `${today}T03:00:00.000Z`,
        today,
        context,
      },
    }));
  }

  approve(
    claimId: string,
    by = 'adj-2',
    roles = ['adjudicator'],
    at = '2025-03-21T03:00:00.000Z',
  ): AuditEvent[] {
    return this.claim(claimId, () => ({ type: 'ApproveClaim', data: { by, roles, at } }));
  }

  /** The payouts the last approval planned, scheduled as the payout process does (recoveries first). */
  schedulePayouts(claimId: string): AuditEvent[] {
    const approval = [...this.events]
      .reverse()
      .find((e) => e.type === 'ClaimApproved' && e.streamId === `${STREAM_PREFIX.claim}${claimId}`);
    const data = approval!.data as ClaimApproved['data'];
    return data.payouts.flatMap((p) => {
      let recovered = 0;
      for (const other of this.log
        .claimsOf(MEMBER_ID)
        .map((c) => c.claimId)
        .sort()) {
        const before = this.events.length;
        this.claim(other, () => ({
          type: 'RecoverOverpayment',
          data: {
            payoutId: p.payoutId,
            payoutClaimId: claimId,
            payee: p.payee,
            available: p.amount - recovered,
            at: data.at,
          },
        }));
        for (const e of this.events.slice(before)) recovered += (e.data as { amount: number }).amount;
      }
      const scheduled: PayoutEvent = {
        type: 'PayoutScheduled',
        data: {
          payoutId: p.payoutId,
          claimId,
          payee: p.payee,
          amount: p.amount - recovered,
          dueBy: p.dueBy ?? data.dueBy ?? '2025-03-31',
          kind: p.kind ?? 'BENEFIT',
          lines: p.lineCodes,
          at: data.at,
          ...(recovered > 0 ? { recovered } : {}),
        },
      };
      return this.append(`${STREAM_PREFIX.payout}${p.payoutId}`, [scheduled]);
    });
  }

  /** The bank booked the payout on `paidOn`; a late benefit gets its penalty payout, as the payout process does. */
  pay(payoutId: string, paidOn: string): AuditEvent[] {
    const stream = `${STREAM_PREFIX.payout}${payoutId}`;
    const track = this.log.payouts.get(payoutId)!;
    const paidEvent: PayoutEvent = {
      type: 'PayoutPaid',
      data: {
        payoutId,
        attempt: 1,
        amount: track.state.amount,
        bankReference: `ref-${payoutId}`,
        paidAt: `${paidOn}T03:00:00.000Z`,
        paidOn,
        confirmedBy: 'TRANSFER',
      },
    };
    const out = this.append(stream, [paidEvent]);
    const penalty = latePenaltyFor(
      this.log.payouts.get(payoutId)!.state,
      paidOn,
      `${paidOn}T03:00:00.000Z`,
      scheduleFor(track.state.dueBy).serviceLevel,
    );
    if (penalty)
      out.push(
        ...this.append(`${STREAM_PREFIX.payout}${penalty.data.payoutId}`, [
          { type: 'PayoutScheduled', data: penalty.data },
        ]),
      );
    return out;
  }

  /** A copy of the log with one event's data changed (what an insider with database access would do). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test reaches into any event's data
  tampered(position: number, change: (data: any) => void): AuditEvent[] {
    return this.events.map((e) => {
      if (e.position !== position) return e;
      const data = JSON.parse(JSON.stringify(e.data));
      change(data);
      return { ...e, data };
    });
  }
}

/** A JKK death claim approved by two, scheduled and paid late (a late penalty owed). */
export const paidLateLog = (): AuditLogBuilder => {
  const l = new AuditLogBuilder().member();
  l.submit('c-death', jkkDeath());
  l.approve('c-death');
  l.claim('c-death', () => ({
    type: 'ApproveClaim',
    data: { by: 'sup-1', roles: ['supervisor'], at: '2025-03-21T04:00:00.000Z' },
  }));
  l.schedulePayouts('c-death');
  l.pay('c-death-payout-1', '2025-04-15');
  return l;
};
