import { BeforeApplicationShutdown, Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { APP_CONFIG, AppConfig, RedisProbe } from '@app/platform';
import { PAYOUT_QUEUE, PayoutJobData } from '../payout-queue';
import { PayoutSettings } from '../payout-settings';
import { PayoutDeadLetteredError, PayoutPayer, PayoutRunOutcome } from './payout-payer';

const SHUTDOWN_GRACE_MS = 20_000;

async function redisReady(worker: { backend: { client: Promise<{ status: string }> } }): Promise<boolean> {
  const client = await Promise.race([
    worker.backend.client,
    new Promise<undefined>((r) => setTimeout(() => r(undefined), 200).unref()),
  ]);
  return client?.status === 'ready';
}

// Lock and stall settings are fixed when the worker is built: read from the environment (PayoutSettings).
const settings = new PayoutSettings();

/**
 * The payout-worker: BullMQ consumer of the payout queue. Concurrency from PAYOUT_CONCURRENCY;
 * retries with exponential backoff and jitter (job options, set by the relay); a killed worker's
 * jobs come back through the stalled check after their lock expires; on shutdown it stops taking
 * jobs and finishes the ones it holds.
 */
@Processor(PAYOUT_QUEUE, {
  autorun: false,
  lockDuration: settings.lockDurationMs,
  stalledInterval: settings.stalledIntervalMs,
  maxStalledCount: settings.maxStalledCount,
})
export class PayoutProcessor extends WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('PayoutWorker');
  private redisErrorLogged = false;

  constructor(
    private readonly payer: PayoutPayer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly redisProbe: RedisProbe,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    // Guarantee 7: warns at start when maxmemory-policy could evict queued payout jobs.
    void this.redisProbe.check();
    if (this.config.payoutConcurrency < 1) {
      this.logger.warn('PAYOUT_CONCURRENCY is 0: this process takes no payout jobs');
      return;
    }
    this.worker.concurrency = this.config.payoutConcurrency;
    // Not awaited: without Redis the service still starts and the worker connects when Redis is back.
    void this.worker.run().catch((e: Error) => this.logger.error(`payout worker stopped: ${e.message}`));
    this.logger.log(`payout worker taking jobs, concurrency ${this.config.payoutConcurrency}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Graceful: take no new job, let the ones in hand finish (their results are events). Without
    // Redis there is nothing in hand and nothing to wait for; past the deadline the jobs still held
    // come back to another worker through the stalled check once their locks expire.
    const connected = await redisReady(this.worker);
    const closing = this.worker.close(!connected);
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref());
    await Promise.race([closing, deadline]);
  }

  async process(job: Job<PayoutJobData>): Promise<{ outcome: PayoutRunOutcome; bankReference?: string }> {
    try {
      return await this.payer.pay({
        payoutId: job.data.payoutId,
        retry: job.data.retry ?? 0,
        jobId: String(job.id),
        attemptsMade: job.attemptsMade,
        maxAttempts: job.opts.attempts ?? 1,
      });
    } catch (e) {
      // Recorded as dead-lettered on the payout: the queue must not try again.
      if (e instanceof PayoutDeadLetteredError) throw new UnrecoverableError(e.message);
      throw e;
    }
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job<PayoutJobData> | undefined, error: Error): Promise<void> {
    if (!job) return;
    const final =
      job.attemptsMade >= (job.opts.attempts ?? 1) ||
      error.name === 'UnrecoverableError' ||
      /stalled/i.test(error.message);
    if (!final) return;
    // Our own runs record their outcome before giving up; this catches the queue giving up by itself.
    await this.payer
      .deadLetterAbandoned(
        job.data.payoutId,
        String(job.id),
        job.data.retry ?? 0,
        `the queue gave up on job ${job.id}: ${error.message}`,
      )
      .catch((e: Error) =>
        this.logger.error(`could not dead-letter payout ${job.data.payoutId}: ${e.message}`),
      );
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    if (this.redisErrorLogged) return;
    this.redisErrorLogged = true;
    this.logger.warn(`payout worker cannot reach Redis (${error.message}); it resumes when Redis is back`);
    setTimeout(() => (this.redisErrorLogged = false), 60_000).unref();
  }
}
