import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppendContext, EventStore, StreamWrite, WrongExpectedVersionError } from '@app/event-store';
import {
  contributionPaymentDecider,
  ContributionPaymentState,
  PaymentReversal,
} from '@app/domain/contributions';
import { memberDecider, MemberState, membershipPolicyOn, monthlyContributionOf } from '@app/domain/members';
import { firstDayOf } from '@app/domain/shared';
import { Clock, EVENT_STORE } from '@app/platform';
import {
  isWriteConflict,
  loadStream,
  notFound,
  PROCESS_MANAGER_RETRY,
  toNewEvents,
  withRetry,
} from '../shared/command-support';
import { nameBasedUuid } from '../shared/ids';
import { yieldToEventLoop } from '../shared/yield';
import { memberStreamId } from '../members/member-streams';
import { ContributionAllocator } from './contribution-allocator';
import { appendEach, paymentStreamId } from './contribution-streams';

/** Member streams read at once and written in one appendMany. */
const REVERSAL_CHUNK = 200;

export interface ReversalInput {
  reason: string;
  memberIds?: string[];
}

export interface ReversalResult {
  reversalId: string;
  paymentId: string;
  membersReversed: number;
  alreadyReversed: number;
  totalAmount: number;
}

/** The id of a member-month's reversal by a payment: the same on every attempt (guarantee 2). */
export const contributionReversalEventId = (paymentId: string, memberId: string, period: string): string =>
  nameBasedUuid('contribution-month-reversed', paymentId, memberId, period);

/**
 * Reverses a sponsor payment in whole or for some members (docs/benefit-rules.md "Corrections"),
 * in the write order of docs/architecture.md "Writes that span streams": the reversal on the
 * payment stream first (its members in parts), then each member's ContributionMonthReversed
 * (name-based ids: idempotent), then ContributionPaymentReversalCompleted with the totals. A
 * reversal opened and never completed (the process died) is finished when the service starts.
 */
@Injectable()
export class ContributionReverser implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ContributionReversal');
  private sweep?: Promise<void>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly allocator: ContributionAllocator,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.sweep = this.finishIncomplete().catch((e) =>
      this.logger.warn(`finishing incomplete reversals failed: ${(e as Error).message}`),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sweep;
  }

  async reverse(paymentId: string, input: ReversalInput, ctx: AppendContext): Promise<ReversalResult> {
    const exists = await loadStream(this.store, paymentStreamId(paymentId), contributionPaymentDecider);
    if (!exists.state.exists) throw notFound('Contribution payment', paymentId);
    if (!exists.state.allocation) await this.allocator.allocate(paymentId); // who it covered must be known
    const reversalId = randomUUID();
    // Another reversal of the same payment may win the stream: decide again on its result.
    await withRetry({ attempts: 4, retryOn: (e) => e instanceof WrongExpectedVersionError }, async () => {
      const loaded = await loadStream(this.store, paymentStreamId(paymentId), contributionPaymentDecider);
      const events = contributionPaymentDecider.decide(
        {
          type: 'ReverseContributionPayment',
          data: { reversalId, ...input, actor: ctx.actor, at: this.clock.now().toISOString() },
        },
        loaded.state,
      );
      await appendEach(this.store, paymentStreamId(paymentId), events, loaded.revision, ctx);
    });
    const state = await this.complete(paymentId, reversalId, ctx);
    const reversal = state.reversals!.find((r) => r.reversalId === reversalId)!;
    return {
      reversalId,
      paymentId,
      membersReversed: reversal.completed!.membersReversed,
      alreadyReversed: reversal.alreadyReversed,
      totalAmount: reversal.completed!.totalAmount,
    };
  }

  /** Every reversal recorded but not completed, e.g. when the process writing it died. */
  async finishIncomplete(): Promise<void> {
    // Small events only: the reversal opens (its last part), the completion closes.
    const open = new Map<string, { paymentId: string; by: string }>();
    const types = ['ContributionPaymentReversed', 'ContributionPaymentReversalCompleted'];
    for (let after = 0; ;) {
      const page = await this.store.readAll({ after, limit: 1000, types });
      if (page.length === 0) break;
      for (const e of page) {
        const data = e.data as { paymentId: string; reversalId: string; by?: string };
        if (e.type === types[0])
          open.set(data.reversalId, { paymentId: data.paymentId, by: data.by ?? 'system' });
        else open.delete(data.reversalId);
      }
      after = page[page.length - 1].position;
    }
    for (const [reversalId, { paymentId, by }] of open) {
      const ctx = {
        actor: by,
        correlationId: `reversal:${reversalId}`,
        causationId: `reversal:${reversalId}`,
      };
      await this.complete(paymentId, reversalId, ctx).catch((err) =>
        this.logger.error(`completing reversal ${reversalId} failed: ${(err as Error).message}`),
      );
    }
  }

  /** Writes each member's reversed month (idempotent), then closes the reversal with its total. */
  async complete(
    paymentId: string,
    reversalId: string,
    ctx: AppendContext,
  ): Promise<ContributionPaymentState> {
    const payment = await loadStream(this.store, paymentStreamId(paymentId), contributionPaymentDecider);
    const reversal = payment.state.reversals?.find((r) => r.reversalId === reversalId);
    if (!reversal) throw notFound('Reversal', reversalId);
    if (reversal.completed) return payment.state;
    let totalAmount = 0;
    for (let i = 0; i < reversal.memberIds.length; i += REVERSAL_CHUNK) {
      totalAmount += await this.reverseChunk(
        payment.state,
        reversal,
        reversal.memberIds.slice(i, i + REVERSAL_CHUNK),
        ctx,
      );
      await yieldToEventLoop();
    }
    return withRetry({ attempts: 4, retryOn: (e) => e instanceof WrongExpectedVersionError }, async () => {
      const loaded = await loadStream(this.store, paymentStreamId(paymentId), contributionPaymentDecider);
      const events = contributionPaymentDecider.decide(
        { type: 'CompleteReversal', data: { reversalId, totalAmount } },
        loaded.state,
      );
      await appendEach(this.store, paymentStreamId(paymentId), events, loaded.revision, ctx);
      return events.reduce(contributionPaymentDecider.evolve, loaded.state);
    });
  }

  /**
   * A chunk of members: their streams read at once and every reversed month in one appendMany (one
   * transaction on the SQL stores); a member changed meanwhile sends the chunk member by member.
   */
  private async reverseChunk(
    payment: ContributionPaymentState,
    reversal: PaymentReversal,
    memberIds: string[],
    ctx: AppendContext,
  ): Promise<number> {
    const planned = await Promise.all(
      memberIds.map(async (memberId) => {
        const loaded = await loadStream(this.store, memberStreamId(memberId), memberDecider);
        return this.plan(payment, reversal, memberId, loaded.state, loaded.revision);
      }),
    );
    const writes = planned.flatMap((p) => (p.write ? [p.write] : []));
    try {
      if (writes.length > 0) await this.store.appendMany(writes, ctx);
      return planned.reduce((sum, p) => sum + p.amount, 0);
    } catch (e) {
      if (!isWriteConflict(e)) throw e;
    }
    let total = 0;
    for (const memberId of memberIds) total += await this.reverseMember(payment, reversal, memberId, ctx);
    return total;
  }

  /** What the reversal does to one member: the event that records it, and the month's contribution. */
  private plan(
    payment: ContributionPaymentState,
    reversal: PaymentReversal,
    memberId: string,
    state: MemberState,
    revision: number,
  ): { amount: number; write?: StreamWrite } {
    const { period, paymentId } = payment;
    const rates = membershipPolicyOn(firstDayOf(period)).contributionRates;
    const events = memberDecider.decide(
      {
        type: 'ReverseContributionMonth',
        data: { period, paymentId, reversalId: reversal.reversalId, reason: reversal.reason },
        policy: { contributionRates: rates },
      },
      state,
    );
    const amount = monthlyContributionOf(state, rates); // also when an earlier attempt wrote it
    if (events.length === 0) return { amount };
    return {
      amount,
      write: {
        streamId: memberStreamId(memberId),
        events: toNewEvents([{ ...events[0], id: contributionReversalEventId(paymentId, memberId, period) }]),
        expected: revision,
      },
    };
  }

  /** One member-month, on its own with retries; returns its contribution. */
  private reverseMember(
    payment: ContributionPaymentState,
    reversal: PaymentReversal,
    memberId: string,
    ctx: AppendContext,
  ): Promise<number> {
    return withRetry(PROCESS_MANAGER_RETRY, async () => {
      const loaded = await loadStream(this.store, memberStreamId(memberId), memberDecider);
      const p = this.plan(payment, reversal, memberId, loaded.state, loaded.revision);
      if (p.write) await this.store.append(p.write.streamId, p.write.events, p.write.expected, ctx);
      return p.amount;
    });
  }
}
