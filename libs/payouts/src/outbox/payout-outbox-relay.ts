import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { EventStore, RecordedEvent, SqlClient } from '@app/event-store';
import { APP_CONFIG, AppConfig, EVENT_STORE, READ_DB } from '@app/platform';
import { PayoutDestinationChanged, PayoutRetryRequested, PayoutScheduled } from '@app/domain/payouts';
import { CheckpointedLoop } from '../checkpointed-loop';
import { PAYOUT_QUEUE, PayoutJobData, payoutJob } from '../payout-queue';
import { PayoutSettings } from '../payout-settings';

export const OUTBOX_CHECKPOINT = 'payout-outbox-relay';

export class RedisUnavailableError extends Error {}

/**
 * The outbox relay (guarantee 6): the payout streams are the durable outbox; this checkpointed
 * subscription turns each PayoutScheduled / PayoutRetryRequested into a BullMQ job whose id is the
 * payout id (`-retry-N` for retries), so a batch relayed twice enqueues nothing twice. While Redis
 * is down the batch fails, the checkpoint stays, and the loop retries with backoff: nothing is lost.
 */
@Injectable()
export class PayoutOutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('PayoutOutboxRelay');
  readonly loop: CheckpointedLoop;
  private redisDown = false;
  private enqueued = 0;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(READ_DB) db: SqlClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(PAYOUT_QUEUE) private readonly queue: Queue<PayoutJobData>,
    private readonly settings: PayoutSettings,
  ) {
    queue.on('error', () => undefined); // reported by /health and by the relay's own log
    this.loop = new CheckpointedLoop(store, db, {
      name: OUTBOX_CHECKPOINT,
      filter: { types: ['PayoutScheduled', 'PayoutRetryRequested', 'PayoutDestinationChanged'] },
      handle: (events) => this.relay(events),
      batchSize: 500,
    });
  }

  /** Jobs enqueued by this process (for logs and the bench). */
  get enqueuedCount(): number {
    return this.enqueued;
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  async relay(events: RecordedEvent[]): Promise<void> {
    // A payout fully recovered from an overpayment is PAID at scheduling: nothing to send.
    const jobs = events.filter((e) => !fullyRecovered(e)).map((e) => this.jobFor(e));
    await this.whenRedisReady();
    await withTimeout(
      this.queue.addBulk(jobs),
      this.settings.enqueueTimeoutMs,
      'Redis did not accept the jobs in time',
    );
    this.enqueued += jobs.length;
    if (this.redisDown) {
      this.redisDown = false;
      this.logger.log('Redis is back: relaying payouts from the outbox again');
    }
  }

  private jobFor(e: RecordedEvent) {
    // A new destination is sent as its own job cycle, like a retry.
    if (e.type === 'PayoutRetryRequested' || e.type === 'PayoutDestinationChanged') {
      const { payoutId, retry } = e.data as PayoutRetryRequested['data'] | PayoutDestinationChanged['data'];
      return payoutJob({ payoutId, claimId: '', retry }, this.config, this.settings);
    }
    const { payoutId, claimId } = e.data as PayoutScheduled['data'];
    return payoutJob({ payoutId, claimId, retry: 0 }, this.config, this.settings);
  }

  /** Fail fast while Redis is away, rather than pile commands into ioredis' offline queue. */
  private async whenRedisReady(): Promise<void> {
    try {
      const client = await withTimeout(
        this.queue.backend.client,
        this.settings.enqueueTimeoutMs,
        'no connection to Redis',
      );
      if ((client as { status?: string }).status !== 'ready')
        throw new RedisUnavailableError(`Redis connection is ${(client as { status?: string }).status}`);
    } catch (e) {
      if (!this.redisDown) {
        this.redisDown = true;
        this.logger.warn(
          `Redis unavailable (${(e as Error).message}): payouts wait in the outbox until it is back`,
        );
      }
      throw e instanceof RedisUnavailableError ? e : new RedisUnavailableError((e as Error).message);
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RedisUnavailableError(message)), ms);
    }),
  ]);
}

function fullyRecovered(e: RecordedEvent): boolean {
  return e.type === 'PayoutScheduled' && (e.data as PayoutScheduled['data']).amount === 0;
}
