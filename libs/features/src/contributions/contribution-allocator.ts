import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import {
  AppendContext,
  EventStore,
  IdempotencyConflictError,
  SqlClient,
  StreamWrite,
  WrongExpectedVersionError,
} from '@app/event-store';
import {
  AllocationSummary,
  contributionPaymentDecider,
  ContributionPaymentState,
  MemberAllocationOutcome,
  summariseAllocation,
} from '@app/domain/contributions';
import {
  contributionFor,
  contributionMonthDecision,
  ContributionMonthPaid,
  memberDecider,
  membershipPolicyOn,
} from '@app/domain/members';
import { firstDayOf } from '@app/domain/shared';
import { EVENT_STORE, READ_DB } from '@app/platform';
import { MemberRecord, memberRecordsByIds, membersProjection, waitForProjection } from '@app/read-models';
import { loadStream, notFound, toNewEvents, withRetry } from '../shared/command-support';
import { yieldToEventLoop } from '../shared/yield';
import { unfinishedProcessIds } from '../shared/open-processes';
import { memberStreamId } from '../members/member-streams';
import { appendEach, contributionMonthEventId, paymentStreamId } from './contribution-streams';

/** How long an allocation waits for the members read model before reading streams instead. */
const READ_MODEL_WAIT_MS = 30_000;

/** Members per appendStreams: one set-based statement (one round trip) each. */
export const ALLOCATION_CHUNK = 5000;
/** Chunks in flight at once (see `run`). */
const ALLOCATION_LANES = 3;
const MEMBER_RETRIES = 5;

const isConflict = (e: unknown): boolean =>
  e instanceof WrongExpectedVersionError || e instanceof IdempotencyConflictError;

interface Planned {
  outcome: MemberAllocationOutcome;
  write?: StreamWrite;
}

/**
 * Allocates a recorded sponsor payment to each member-month (docs/benefit-rules.md "Contributions and coverage"): a process manager over
 * the payment stream, idempotent and resumable.
 * - The payment event lists its members, so a run can always be finished by any process: at start
 *   (every payment with a reference but no allocation) and on demand.
 * - Each member's ContributionMonthPaid has a name-based id (payment, member, period), and is
 *   appended with the member stream's expected revision: a re-run writes nothing twice, and a
 *   month paid by this same payment before a crash counts as covered by it, not as "already paid".
 * - Fast path: member states come from the members read model with the stream revision they
 *   reflect, a thousand members per appendStreams (one statement checking each stream's
 *   revision), once the read model has caught up with everything committed before the run (else
 *   from the streams). A member changed since is refused alone and redone from its stream; the
 *   rest of the chunk is written (docs/event-store.md "Batches of streams").
 */
@Injectable()
export class ContributionAllocator implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ContributionAllocation');
  private readonly running = new Map<string, Promise<ContributionPaymentState>>();
  private sweep?: Promise<void>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_DB) private readonly db: SqlClient,
  ) {}

  onApplicationBootstrap(): void {
    this.sweep = this.finishIncomplete().catch((e) =>
      this.logger.warn(`finishing incomplete payments failed: ${(e as Error).message}`),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sweep;
    await Promise.allSettled([...this.running.values()]);
  }

  /** Every payment recorded but not allocated, e.g. when the process allocating it died. */
  async finishIncomplete(): Promise<void> {
    // Small events only: the reservation marks a payment, the allocation closes it.
    const pending = await unfinishedProcessIds(this.store, {
      opened: 'PaymentReferenceReserved',
      closed: 'ContributionPaymentAllocated',
      key: 'paymentId',
    });
    for (const paymentId of pending) {
      const loaded = await loadStream(this.store, paymentStreamId(paymentId), contributionPaymentDecider);
      if (loaded.state.exists && !loaded.state.allocation) {
        await this.allocate(paymentId).catch((e) =>
          this.logger.error(`allocating payment ${paymentId} failed: ${(e as Error).message}`),
        );
      }
    }
  }

  /** Allocates the payment (or joins a run in progress); returns its state with the allocation. */
  allocate(paymentId: string): Promise<ContributionPaymentState> {
    const existing = this.running.get(paymentId);
    if (existing) return existing;
    const run = this.run(paymentId).finally(() => this.running.delete(paymentId));
    this.running.set(paymentId, run);
    return run;
  }

  private async run(paymentId: string): Promise<ContributionPaymentState> {
    const payment = await loadStream(this.store, paymentStreamId(paymentId), contributionPaymentDecider);
    if (!payment.state.exists) throw notFound('Contribution payment', paymentId);
    if (payment.state.allocation) return payment.state;
    const ctx: AppendContext = {
      actor: payment.state.recordedBy,
      correlationId: `payment:${paymentId}`,
      causationId: `payment:${paymentId}`,
    };

    // The read model is trusted only once it has applied everything committed before this run:
    // a refusal (lapsed, already paid) drawn from a state behind the stream writes nothing, so no
    // expected revision would catch it. If it cannot catch up in time, every member is read from
    // its stream instead.
    const readModelCurrent = await waitForProjection(
      this.store,
      this.db,
      membersProjection,
      READ_MODEL_WAIT_MS,
    ).catch(() => false);
    const { memberIds } = payment.state;
    const chunks: string[][] = [];
    for (let i = 0; i < memberIds.length; i += ALLOCATION_CHUNK)
      chunks.push(memberIds.slice(i, i + ALLOCATION_CHUNK));
    // Three lanes over the chunks: while one lane's statement runs in the database, another reads,
    // decides and hashes its chunk here (the chunks are disjoint member streams, so neither waits
    // for the other's locks). One lane left the database idle for ~30% of each chunk and this
    // process idle for ~70% (bench/README.md, session 5).
    const results: MemberAllocationOutcome[][] = new Array(chunks.length);
    let next = 0;
    let failed = false;
    const lane = async () => {
      for (let k = next++; k < chunks.length && !failed; k = next++) {
        const records = readModelCurrent
          ? await memberRecordsByIds(this.db, chunks[k]).catch(() => new Map<string, MemberRecord>())
          : new Map<string, MemberRecord>();
        results[k] = await this.allocateChunk(payment.state, chunks[k], records, ctx);
        await yieldToEventLoop();
      }
    };
    const lanes = await Promise.allSettled(
      Array.from({ length: Math.min(ALLOCATION_LANES, chunks.length) }, () =>
        lane().catch((e: unknown) => {
          failed = true; // the other lane takes no further chunk; the run is finished later
          throw e;
        }),
      ),
    );
    const rejected = lanes.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (rejected) throw rejected.reason;
    const outcomes = results.flat();
    const summary: AllocationSummary = summariseAllocation(outcomes);
    // A long summary is several events (its member ids in parts): one per append, summary last.
    return withRetry({ attempts: 4, retryOn: (e) => e instanceof WrongExpectedVersionError }, async () => {
      const loaded = await loadStream(this.store, paymentStreamId(paymentId), contributionPaymentDecider);
      const events = contributionPaymentDecider.decide(
        { type: 'CompleteAllocation', data: summary },
        loaded.state,
      );
      await appendEach(this.store, paymentStreamId(paymentId), events, loaded.revision, ctx);
      return events.reduce(contributionPaymentDecider.evolve, loaded.state);
    });
  }

  private async allocateChunk(
    payment: ContributionPaymentState,
    memberIds: string[],
    records: Map<string, MemberRecord>,
    ctx: AppendContext,
  ): Promise<MemberAllocationOutcome[]> {
    for (const id of memberIds) {
      if (records.has(id)) continue;
      const loaded = await loadStream(this.store, memberStreamId(id), memberDecider); // not projected yet
      records.set(id, { state: loaded.state, revision: loaded.revision });
    }
    const planned = memberIds.map((id) => this.plan(payment, id, records.get(id)!));
    const writes = planned.flatMap((p) => (p.write ? [p.write] : []));
    if (writes.length === 0) return planned.map((p) => p.outcome);
    // One set-based statement for the chunk's streams, each at its own revision; a member changed
    // since the read model saw it is refused alone and redone from its stream.
    const refused = new Set(
      (await this.store.appendStreams(writes, ctx)).flatMap((o) => (o.ok ? [] : [o.streamId])),
    );
    const outcomes: MemberAllocationOutcome[] = [];
    for (const p of planned)
      outcomes.push(
        p.write && refused.has(p.write.streamId)
          ? await this.allocateMember(payment, p.outcome.memberId, ctx)
          : p.outcome,
      );
    return outcomes;
  }

  private async allocateMember(
    payment: ContributionPaymentState,
    memberId: string,
    ctx: AppendContext,
  ): Promise<MemberAllocationOutcome> {
    return withRetry({ attempts: MEMBER_RETRIES, retryOn: isConflict }, async () => {
      const loaded = await loadStream(this.store, memberStreamId(memberId), memberDecider);
      const p = this.plan(payment, memberId, { state: loaded.state, revision: loaded.revision });
      if (!p.write) return p.outcome;
      await this.store.append(p.write.streamId, p.write.events, p.write.expected, ctx);
      return p.outcome;
    });
  }

  /** What this payment does to one member-month, and the event that records it. */
  private plan(payment: ContributionPaymentState, memberId: string, member: MemberRecord): Planned {
    const { period, paidOn, paymentId } = payment;
    const { state, revision } = member;
    const rates = membershipPolicyOn(firstDayOf(period)).contributionRates;
    const paid = state.exists ? state.paidMonths.find((m) => m.period === period) : undefined;
    if (paid) {
      // Paid by this very payment before an interruption: covered by it, charged once.
      return paid.paymentId === paymentId
        ? {
            outcome: {
              memberId,
              decision: 'PAY',
              amount: contributionFor(state.declaredMonthlyIncome, rates).total,
            },
          }
        : { outcome: { memberId, decision: 'ALREADY_PAID', amount: 0 } };
    }
    const lapseMonths = state.exists ? membershipPolicyOn(state.coverageStart).lapseMonths : undefined;
    const decision = contributionMonthDecision(state, period, paidOn, lapseMonths);
    if (decision !== 'PAY') return { outcome: { memberId, decision, amount: 0 } };
    const [event] = memberDecider.decide(
      {
        type: 'RecordContributionMonth',
        data: { period, paidOn, paymentId },
        policy: { lapseMonths, contributionRates: rates },
      },
      state,
    ) as ContributionMonthPaid[];
    return {
      outcome: { memberId, decision: 'PAY', amount: event.data.amount },
      write: {
        streamId: memberStreamId(memberId),
        events: toNewEvents([{ ...event, id: contributionMonthEventId(paymentId, memberId, period) }]),
        expected: revision,
      },
    };
  }
}
