import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  BeforeApplicationShutdown,
} from '@nestjs/common';
import { EventStore, RecordedEvent, SqlClient } from '@app/event-store';
import { APP_CONFIG, AppConfig, EVENT_STORE, READ_DB } from '@app/platform';
import { ClaimApproved, addWorkingDays } from '@app/domain/claims';
import { ClaimPayoutRecorder } from '@app/features/claims';
import { groupCommitted } from '@app/features/shared';
import { DomainError, dateInJakarta } from '@app/domain/shared';
import { scheduleFor } from '@app/domain/schedule';
import {
  latePenaltyFor,
  payoutDecider,
  PayoutDeadLettered,
  PayoutPaid,
  PayoutScheduled,
  PayoutState,
  payoutOfTransferKey,
  payoutStreamId,
  SchedulePayout,
} from '@app/domain/payouts';
import { CheckpointedLoop } from '../checkpointed-loop';
import { EventFailure, PayoutProcessFailures } from './payout-process-failures';
import { decideOnStream, loadPayout, systemContext } from '../streams';

export const PROCESS_MANAGER_CHECKPOINT = 'payout-process-manager';

/** Steps of one batch run side by side, at most this many at once (docs/architecture.md "Payout throughput"). */
const PARALLEL_STEPS = 32;

/**
 * Which steps of a batch must run one after the other: a payout's own events in order, and a
 * claim's approval before anything else of that claim in the batch. Steps of different payouts
 * may write to the same claim; that is a lost race the claim recorder decides again.
 */
function stepKey(e: RecordedEvent): string {
  const { claimId, payoutId } = e.data as { claimId?: string; payoutId?: string };
  return e.type === 'ClaimApproved' ? `claim:${claimId}` : `payout:${payoutId}`;
}

/**
 * The payout process manager (projector role), driven by a checkpointed subscription, never the
 * in-process EventBus (guarantee 5):
 * - ClaimApproved → one `payout-<id>` stream per planned payout (no_stream; a redelivery is a no-op);
 * - PayoutPaid / PayoutDeadLettered → the claim's `RecordPayoutUpdate`, so the claim shows its
 *   payouts and becomes PAID when all are;
 * - a BENEFIT paid after its due date → a LATE_PENALTY payout of its own (PP 44/2015 art. 37),
 *   recorded on the claim before the benefit's PAID, so the claim is PAID only with the penalty;
 * - a step a rule refuses → a row in `payout_process_failures` (in /health and the claim view),
 *   run again every PAYOUT_SCHEDULING_RETRY_MS until it succeeds; the other steps go on.
 */
@Injectable()
export class PayoutProcessManager implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('PayoutProcessManager');
  readonly loop: CheckpointedLoop;
  readonly failures: PayoutProcessFailures;
  private retryTimer?: NodeJS.Timeout;
  private retrying?: Promise<unknown>;

  /** Appends of steps running side by side are written together (group commit). */
  private readonly store: EventStore;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(READ_DB) db: SqlClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly claims: ClaimPayoutRecorder,
  ) {
    this.store = groupCommitted(store);
    this.failures = new PayoutProcessFailures(db);
    this.loop = new CheckpointedLoop(store, db, {
      name: PROCESS_MANAGER_CHECKPOINT,
      filter: {
        types: [
          'ClaimApproved',
          'PayoutScheduled',
          'PayoutPaid',
          'PayoutDeadLettered',
          'PayoutHeld',
          'PayoutReturned',
          'PayoutDestinationChanged',
        ],
      },
      handle: (events) => this.handle(events),
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
    this.retryTimer = setInterval(() => {
      if (this.retrying || !this.loop.isLeased) return;
      this.retrying = this.retryFailures()
        .catch((e: Error) => this.logger.warn(`retrying failed payout steps: ${e.message}`))
        .finally(() => (this.retrying = undefined));
    }, this.config.payoutSchedulingRetryMs);
    this.retryTimer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.retryTimer);
    await this.retrying;
    await this.loop.stop();
  }

  /** Runs every event with an outstanding failure again; returns how many failures remain. */
  async retryFailures(): Promise<number> {
    const seen = new Set<string>();
    for (const f of await this.failures.outstanding()) {
      if (seen.has(f.eventId)) continue;
      seen.add(f.eventId);
      const [e] = await this.store.readAll({ after: f.position - 1, limit: 1 });
      if (!e || e.eventId !== f.eventId) {
        this.logger.warn(`event ${f.eventId} at position ${f.position} is gone: its failure is dropped`);
        await this.failures.forget(f.eventId);
        continue;
      }
      await this.handleEvent(e);
    }
    return (await this.failures.outstanding()).length;
  }

  /**
   * A batch: each payout's (and each approval's) events in order, different payouts side by side,
   * so their reads overlap and their appends share one statement. The checkpoint moves only after
   * every step of the batch is done; after a crash the whole batch runs again (each step is idempotent).
   */
  async handle(events: RecordedEvent[]): Promise<void> {
    const chains = new Map<string, RecordedEvent[]>();
    for (const e of events) {
      const key = stepKey(e);
      const chain = chains.get(key);
      if (chain) chain.push(e);
      else chains.set(key, [e]);
    }
    const queue = [...chains.values()];
    const failures: unknown[] = [];
    const lane = async () => {
      for (let chain = queue.shift(); chain; chain = queue.shift()) {
        try {
          for (const e of chain) await this.handleEvent(e);
        } catch (error) {
          failures.push(error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_STEPS, queue.length) }, lane));
    if (failures.length > 0) throw failures[0];
  }

  /**
   * Acts on one event. A rule refusing (DomainError) is recorded as a failure of that event (and
   * payout) and the loop moves on, so one bad payout holds back no other; the failure shows in
   * /health and on the claim, and is retried until it succeeds. Other errors fail the batch,
   * which the loop runs again from its checkpoint.
   */
  private async handleEvent(e: RecordedEvent): Promise<void> {
    const failures: EventFailure[] = [];
    try {
      if (e.type === 'ClaimApproved')
        failures.push(...(await this.schedulePayouts(e as RecordedEvent<ClaimApproved['data']>)));
      else if (e.type === 'PayoutScheduled')
        await this.onScheduled(e as RecordedEvent<PayoutScheduled['data']>);
      else if (e.type === 'PayoutPaid') await this.onPaid(e as RecordedEvent<PayoutPaid['data']>);
      else if (e.type === 'PayoutDeadLettered')
        await this.onDeadLettered(e as RecordedEvent<PayoutDeadLettered['data']>);
      else if (
        e.type === 'PayoutHeld' ||
        e.type === 'PayoutReturned' ||
        e.type === 'PayoutDestinationChanged'
      )
        await this.onDestinationStep(e as RecordedEvent<{ payoutId: string; at: string }>);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const { payoutId, claimId } = e.data as { payoutId?: string; claimId?: string };
      failures.push({
        payoutId: payoutId ?? '',
        // Payout results name their payout only: its stream names the claim.
        claimId: claimId ?? (payoutId ? (await loadPayout(this.store, payoutId)).state.claimId : ''),
        error,
      });
    }
    await this.failures.settle(e, failures);
  }

  /** Each planned payout on its own: a refused one is returned, the others are scheduled. */
  private async schedulePayouts(e: RecordedEvent<ClaimApproved['data']>): Promise<EventFailure[]> {
    const approved = e.data;
    const ctx = systemContext('payout-process-manager', e.eventId);
    // The claim carries its due date; an approval without one is due 7 working days after it.
    const approvedOn = dateInJakarta(new Date(approved.at));
    const fallbackDue = addWorkingDays(
      approvedOn,
      scheduleFor(approvedOn).serviceLevel.payoutWorkingDays,
      this.config.holidays,
    );
    const refused: EventFailure[] = [];
    for (const planned of approved.payouts) {
      try {
        // Scheduled already (a redelivery): its terms, recovery included, are settled.
        const loaded = await loadPayout(this.store, planned.payoutId);
        if (loaded.state.exists) continue;
        // The payee's overpayments for this member are recovered first (docs/benefit-rules.md "Corrections").
        const recovered = await this.claims.recoverOverpayments(
          approved.memberId,
          {
            payoutId: planned.payoutId,
            claimId: approved.claimId,
            payee: planned.payee,
            amount: planned.amount,
            at: approved.at,
          },
          ctx,
        );
        const command: SchedulePayout = {
          type: 'SchedulePayout',
          data: {
            payoutId: planned.payoutId,
            claimId: approved.claimId,
            payee: planned.payee,
            amount: planned.amount - recovered,
            dueBy: planned.dueBy ?? approved.dueBy ?? fallbackDue,
            kind: planned.kind ?? 'BENEFIT',
            lines: planned.lineCodes,
            ...(planned.destination ? { destination: planned.destination } : {}),
            at: approved.at,
            ...(recovered > 0 ? { recovered } : {}),
          },
        };
        // Decided on the stream as read (it does not exist yet): a lost race loads and decides again.
        await decideOnStream(
          this.store,
          payoutStreamId(planned.payoutId),
          payoutDecider,
          command,
          ctx,
          5,
          loaded,
        );
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        refused.push({ payoutId: planned.payoutId, claimId: approved.claimId, error });
      }
    }
    return refused;
  }

  private async onScheduled(e: RecordedEvent<PayoutScheduled['data']>): Promise<void> {
    // Benefit payouts are on the claim since its approval; a late penalty joins it here.
    if (e.data.kind !== 'LATE_PENALTY') return;
    await this.recordOnClaim(e.data.claimId, e.data.payoutId, 'QUEUED', e.data.at, e.eventId);
  }

  private async onPaid(e: RecordedEvent<PayoutPaid['data']>): Promise<void> {
    const cycle = e.data.transferKey ? payoutOfTransferKey(e.data.transferKey).destinationChanges : 0;
    const { state } = await loadPayout(this.store, e.data.payoutId);
    if (!state.exists) return;
    // The rate is the schedule's, in the version in force on the day the benefit fell due.
    const penalty = this.penaltyFor(state, e.data.paidOn, e.data.paidAt, cycle);
    if (penalty) {
      await decideOnStream(
        this.store,
        payoutStreamId(penalty.data.payoutId),
        payoutDecider,
        penalty,
        systemContext('payout-process-manager', e.eventId),
      );
      await this.recordOnClaim(
        state.claimId,
        penalty.data.payoutId,
        'QUEUED',
        e.data.paidAt,
        e.eventId,
        penalty.data.amount,
        state,
      );
    }
    await this.recordOnClaim(
      state.claimId,
      state.payoutId,
      'PAID',
      e.data.paidAt,
      e.eventId,
      state.amount,
      state,
      cycle,
    );
  }

  /**
   * The late penalty owed on a benefit paid on `paidOn`. A benefit paid again after its transfer
   * was returned owes only the days its earlier payment did not: a penalty line of its own.
   */
  private penaltyFor(
    state: PayoutState,
    paidOn: string,
    paidAt: string,
    cycle: number,
  ): SchedulePayout | undefined {
    const serviceLevel = scheduleFor(state.dueBy).serviceLevel;
    const penalty = latePenaltyFor(state, paidOn, paidAt, serviceLevel);
    // The payment returned before this one (the payout's state may be further on than this event).
    const earlier = state.returns
      .filter((r) => payoutOfTransferKey(r.transferKey).destinationChanges < cycle)
      .at(-1)?.paidOn;
    if (!penalty || cycle === 0 || !earlier) return penalty;
    const owedBefore = latePenaltyFor(state, earlier, paidAt, serviceLevel)?.data.amount ?? 0;
    if (penalty.data.amount <= owedBefore) return undefined;
    return {
      ...penalty,
      data: {
        ...penalty.data,
        payoutId: `${penalty.data.payoutId}-d${cycle}`,
        amount: penalty.data.amount - owedBefore,
      },
    };
  }

  /** A hold, a return or a new destination: the claim shows the payout's status as it now is. */
  private async onDestinationStep(e: RecordedEvent<{ payoutId: string; at: string }>): Promise<void> {
    const { state } = await loadPayout(this.store, e.data.payoutId);
    if (!state.exists) return;
    const status = e.type === 'PayoutHeld' ? 'ON_HOLD' : e.type === 'PayoutReturned' ? 'RETURNED' : 'QUEUED';
    // The event's own destination, never the payout's latest: this event may be handled late.
    const data = e.data as { destinationChanges?: number; transferKey?: string };
    const cycle =
      data.destinationChanges ??
      (data.transferKey ? payoutOfTransferKey(data.transferKey).destinationChanges : 0);
    await this.recordOnClaim(
      state.claimId,
      state.payoutId,
      status,
      e.data.at,
      e.eventId,
      state.amount,
      state,
      cycle,
    );
  }

  private async onDeadLettered(e: RecordedEvent<PayoutDeadLettered['data']>): Promise<void> {
    const { state } = await loadPayout(this.store, e.data.payoutId);
    // Superseded by a retry or a late confirmation: the claim shows the newer outcome when it comes.
    if (!state.exists || state.status !== 'DEAD_LETTER') return;
    await this.recordOnClaim(
      state.claimId,
      state.payoutId,
      'DEAD_LETTER',
      e.data.at,
      e.eventId,
      state.amount,
      state,
    );
  }

  private async recordOnClaim(
    claimId: string,
    payoutId: string,
    status: 'QUEUED' | 'PAID' | 'DEAD_LETTER' | 'ON_HOLD' | 'RETURNED',
    at: string,
    causationId: string,
    amount?: number,
    known?: PayoutState,
    cycle?: number,
  ): Promise<void> {
    const payout = known?.payoutId === payoutId ? known : (await loadPayout(this.store, payoutId)).state;
    if (!payout.exists) return;
    await this.claims.record(
      claimId,
      {
        payoutId,
        amount: amount ?? payout.amount,
        payee: payout.payee,
        status,
        at,
        // A status a payout reaches again after a new destination is a new update.
        ...(cycle ? { cycle } : {}),
      },
      systemContext('payout-process-manager', causationId),
    );
  }
}
