import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { EventStore, SqlClient } from '@app/event-store';
import { APP_CONFIG, AppConfig, EVENT_STORE, READ_DB } from '@app/platform';
import { fold } from '@app/domain/shared';
import { PayoutEvent, payoutDecider, payoutStreamId } from '@app/domain/payouts';
import { liveTables } from '@app/read-models/projection';
import { payoutsProjection } from '@app/read-models/payouts';
import { lookUpPayoutJob, PAYOUT_QUEUE, PayoutJobData, payoutJob } from '../payout-queue';
import { PayoutSettings } from '../payout-settings';
import { PayoutOutboxRelay } from './payout-outbox-relay';

const PAGE = 500;

/**
 * The payout streams are the truth, the queue only a copy: a payout that is neither PAID nor
 * DEAD_LETTER and has had no live job for `payoutSweepAfterMs` (Redis lost it, or the queue gave
 * up while the event store was away and the dead letter could not be written) is enqueued again.
 * Enqueuing again is safe: the payer records with expected revisions and asks the bank about an
 * attempt in flight before paying, and the payout id is the bank's idempotency key. Runs beside
 * the outbox relay, in the projector that holds the relay's lease.
 */
@Injectable()
export class PayoutSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('PayoutSweeper');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private failing = false;
  private swept = 0;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_DB) private readonly db: SqlClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(PAYOUT_QUEUE) private readonly queue: Queue<PayoutJobData>,
    private readonly settings: PayoutSettings,
    private readonly relay: PayoutOutboxRelay,
  ) {}

  /** Payouts this process enqueued again (for logs and tests). */
  get sweptCount(): number {
    return this.swept;
  }

  onApplicationBootstrap(): void {
    // Looks twice per timeout, so a lost job waits at most 1.5 timeouts; at most once a minute.
    const every = Math.max(250, Math.min(60_000, Math.floor(this.config.payoutSweepAfterMs / 2)));
    this.timer = setInterval(() => {
      if (this.running || !this.relay.loop.isLeased) return;
      this.running = this.sweep()
        .then(() => {
          if (this.failing) this.logger.log('sweeping payouts again');
          this.failing = false;
        })
        .catch((e: Error) => {
          if (!this.failing) this.logger.warn(`payout sweep failed, trying again: ${e.message}`);
          this.failing = true;
        })
        .finally(() => (this.running = undefined));
    }, every);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    // A pass blocked on a Redis that went away holds nothing: the next start sweeps again.
    await Promise.race([this.running, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
  }

  /** One pass over the unsettled payouts; returns how many were enqueued again. */
  async sweep(): Promise<number> {
    // Without Redis nothing can be looked up or enqueued; the relay reports the outage.
    if (!(await this.redisReady())) return 0;
    const cutoff = new Date(Date.now() - this.config.payoutSweepAfterMs).toISOString();
    const table = liveTables(payoutsProjection).payouts;
    let after = 0;
    let requeued = 0;
    let example = '';
    for (;;) {
      const { rows } = await this.db
        .query<{ payout_id: string; retries: number; scheduled_position: string | number }>(
          `SELECT payout_id, retries, scheduled_position FROM ${table}
           WHERE status IN ('QUEUED', 'PROCESSING', 'FAILED') AND updated_at < $1 AND scheduled_position > $2
           ORDER BY scheduled_position LIMIT ${PAGE}`,
          [cutoff, after],
        )
        .catch((e: { code?: string }) => {
          if (e.code === '42P01') return { rows: [] }; // the projector has not created the table yet
          throw e;
        });
      for (const row of rows) {
        if (!(await this.requeueIfLost(row.payout_id, Number(row.retries), cutoff))) continue;
        if (requeued++ === 0) example = row.payout_id;
      }
      if (rows.length < PAGE) break;
      after = Number(rows[rows.length - 1].scheduled_position);
    }
    this.swept += requeued;
    if (requeued > 0)
      this.logger.warn(
        `${requeued} unsettled payouts had no live job for ${this.config.payoutSweepAfterMs} ms: enqueued again (e.g. ${example})`,
      );
    return requeued;
  }

  private async redisReady(): Promise<boolean> {
    const client = await Promise.race([
      this.queue.backend.client,
      new Promise<undefined>((resolve) =>
        setTimeout(() => resolve(undefined), this.settings.enqueueTimeoutMs).unref(),
      ),
    ]);
    return (client as { status?: string } | undefined)?.status === 'ready';
  }

  private async requeueIfLost(payoutId: string, retries: number, cutoff: string): Promise<boolean> {
    // Most unsettled payouts wait in backoff: a live job is the cheap answer, asked first.
    if ((await lookUpPayoutJob(this.queue, payoutId, retries)).live) return false;
    // The read model may lag: the stream decides whether the payout is unsettled and idle.
    const events = await this.store.readStream(payoutStreamId(payoutId));
    const last = events[events.length - 1];
    if (!last || last.metadata.recordedAt >= cutoff) return false;
    const state = fold(
      payoutDecider,
      events.map((e) => ({ type: e.type, data: e.data }) as PayoutEvent),
    );
    if (!state.exists || ['PAID', 'DEAD_LETTER', 'ON_HOLD', 'RETURNED'].includes(state.status)) return false;
    const { live, finished } = await lookUpPayoutJob(this.queue, payoutId, state.retries);
    if (live) return false;
    if (finished) await finished.remove();
    const job = payoutJob(
      { payoutId, claimId: state.claimId, retry: state.retries },
      this.config,
      this.settings,
    );
    await this.queue.add(job.name, job.data, job.opts);
    this.logger.debug(
      `payout ${payoutId} ${state.status} since ${last.metadata.recordedAt}, ${finished ? `job ${finished.id} finished` : 'no job'}: enqueued again`,
    );
    return true;
  }
}
