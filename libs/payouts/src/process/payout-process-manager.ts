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
import { DomainError, dateInJakarta } from '@app/domain/shared';
import {
  latePenaltyFor,
  payoutDecider,
  PayoutDeadLettered,
  PayoutPaid,
  PayoutScheduled,
  PayoutState,
  payoutStreamId,
  SchedulePayout,
} from '@app/domain/payouts';
import { CheckpointedLoop } from '../checkpointed-loop';
import { decideOnStream, loadPayout, systemContext } from '../streams';

export const PROCESS_MANAGER_CHECKPOINT = 'payout-process-manager';

/**
 * The payout process manager (projector role), driven by a checkpointed subscription, never the
 * in-process EventBus (guarantee 5):
 * - ClaimApproved → one `payout-<id>` stream per planned payout (no_stream; a redelivery is a no-op);
 * - PayoutPaid / PayoutDeadLettered → the claim's `RecordPayoutUpdate`, so the claim shows its
 *   payouts and becomes PAID when all are;
 * - a BENEFIT paid after its due date → a LATE_PENALTY payout of its own (PP 44/2015 art. 37),
 *   recorded on the claim before the benefit's PAID, so the claim is PAID only with the penalty.
 */
@Injectable()
export class PayoutProcessManager implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('PayoutProcessManager');
  readonly loop: CheckpointedLoop;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_DB) db: SqlClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly claims: ClaimPayoutRecorder,
  ) {
    this.loop = new CheckpointedLoop(store, db, {
      name: PROCESS_MANAGER_CHECKPOINT,
      filter: { types: ['ClaimApproved', 'PayoutScheduled', 'PayoutPaid', 'PayoutDeadLettered'] },
      handle: (events) => this.handle(events),
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  async handle(events: RecordedEvent[]): Promise<void> {
    for (const e of events) {
      try {
        if (e.type === 'ClaimApproved') await this.schedulePayouts(e as RecordedEvent<ClaimApproved['data']>);
        else if (e.type === 'PayoutScheduled')
          await this.onScheduled(e as RecordedEvent<PayoutScheduled['data']>);
        else if (e.type === 'PayoutPaid') await this.onPaid(e as RecordedEvent<PayoutPaid['data']>);
        else if (e.type === 'PayoutDeadLettered')
          await this.onDeadLettered(e as RecordedEvent<PayoutDeadLettered['data']>);
      } catch (error) {
        // A rule refusing is final (retrying the batch would refuse again): log it and go on.
        if (error instanceof DomainError) {
          this.logger.error(
            `${e.type} at ${e.position} (${e.streamId}) refused: ${error.code} ${error.message}`,
          );
          continue;
        }
        throw error;
      }
    }
  }

  private async schedulePayouts(e: RecordedEvent<ClaimApproved['data']>): Promise<void> {
    const approved = e.data;
    const ctx = systemContext('payout-process-manager', e.eventId);
    // The claim carries its due date; an approval without one is due 7 working days after it.
    const fallbackDue = addWorkingDays(dateInJakarta(new Date(approved.at)), 7, this.config.holidays);
    for (const planned of approved.payouts) {
      const command: SchedulePayout = {
        type: 'SchedulePayout',
        data: {
          payoutId: planned.payoutId,
          claimId: approved.claimId,
          payee: planned.payee,
          amount: planned.amount,
          dueBy: planned.dueBy ?? approved.dueBy ?? fallbackDue,
          kind: 'BENEFIT',
          lines: planned.lineCodes,
          at: approved.at,
        },
      };
      await decideOnStream(this.store, payoutStreamId(planned.payoutId), payoutDecider, command, ctx);
    }
  }

  private async onScheduled(e: RecordedEvent<PayoutScheduled['data']>): Promise<void> {
    // Benefit payouts are on the claim since its approval; a late penalty joins it here.
    if (e.data.kind !== 'LATE_PENALTY') return;
    await this.recordOnClaim(e.data.claimId, e.data.payoutId, 'QUEUED', e.data.at, e.eventId);
  }

  private async onPaid(e: RecordedEvent<PayoutPaid['data']>): Promise<void> {
    const { state } = await loadPayout(this.store, e.data.payoutId);
    if (!state.exists) return;
    const penalty = latePenaltyFor(state, e.data.paidOn, e.data.paidAt);
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
    status: 'QUEUED' | 'PAID' | 'DEAD_LETTER',
    at: string,
    causationId: string,
    amount?: number,
    known?: PayoutState,
  ): Promise<void> {
    const payout = known?.payoutId === payoutId ? known : (await loadPayout(this.store, payoutId)).state;
    if (!payout.exists) return;
    await this.claims.record(
      claimId,
      { payoutId, amount: amount ?? payout.amount, payee: payout.payee, status, at },
      systemContext('payout-process-manager', causationId),
    );
  }
}
