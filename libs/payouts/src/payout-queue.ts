import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import type { Job, JobsOptions, Queue, RedisOptions } from 'bullmq';
import { APP_CONFIG, AppConfig } from '@app/platform';
import { legacyPayoutJobId, payoutJobId } from '@app/domain/payouts';
import { PayoutSettings } from './payout-settings';

/** The one BullMQ queue of payouts; its jobs carry ids, never amounts: the stream is the truth. */
export const PAYOUT_QUEUE = 'payouts';

export interface PayoutJobData {
  payoutId: string;
  claimId: string;
  /** 0 for the first run; N for the Nth retry a finance officer asked for. */
  retry: number;
}

/**
 * Guarantee 7: `maxRetriesPerRequest: null` so a blocked worker command waits for Redis instead
 * of failing; ioredis reconnects forever, so a Redis restart only pauses the queue.
 */
export function redisConnection(url: string): RedisOptions {
  return {
    url,
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    connectTimeout: 2_000,
    retryStrategy: (times: number) => Math.min(250 * times, 3_000),
  };
}

/** Each job: attempts from PAYOUT_MAX_ATTEMPTS, exponential backoff with jitter, history kept for Bull Board. */
export function payoutJobOptions(jobId: string, config: AppConfig, settings: PayoutSettings): JobsOptions {
  return {
    jobId,
    attempts: Math.max(1, config.payoutMaxAttempts),
    backoff: { type: 'exponential', delay: settings.backoffMs, jitter: settings.backoffJitter },
    removeOnComplete: { age: 7 * 24 * 3600, count: 50_000 },
    removeOnFail: { age: 30 * 24 * 3600 },
  };
}

/** The job of a payout's current cycle, as the relay and the sweeper enqueue it. */
export function payoutJob(
  data: PayoutJobData,
  config: AppConfig,
  settings: PayoutSettings,
): { name: string; data: PayoutJobData; opts: JobsOptions } {
  return {
    name: 'pay',
    data,
    opts: payoutJobOptions(payoutJobId(data.payoutId, data.retry), config, settings),
  };
}

/** Job states in which BullMQ will still run the job (or is running it). */
const LIVE_JOB_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

export interface PayoutJobLookup {
  /** The job that will still run for this cycle (current or legacy id), if any. */
  live?: Job<PayoutJobData>;
  /** A finished job under the current id: it must be removed before the id can be enqueued again. */
  finished?: Job<PayoutJobData>;
}

/** What the queue holds for a payout's current cycle. */
export async function lookUpPayoutJob(
  queue: Queue<PayoutJobData>,
  payoutId: string,
  retry: number,
): Promise<PayoutJobLookup> {
  const current = payoutJobId(payoutId, retry);
  const legacy = legacyPayoutJobId(payoutId, retry);
  let finished: Job<PayoutJobData> | undefined;
  for (const id of legacy ? [current, legacy] : [current]) {
    const job = await queue.getJob(id);
    if (!job) continue;
    if (LIVE_JOB_STATES.has(await job.getState())) return { live: job };
    if (id === current) finished = job;
  }
  return { finished };
}

/** BullMQ wiring shared by the relay, the worker and Bull Board (one connection config, one prefix). */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        connection: redisConnection(config.redisUrl),
        prefix: config.queuePrefix,
      }),
    }),
    BullModule.registerQueue({ name: PAYOUT_QUEUE }),
  ],
  providers: [PayoutSettings],
  exports: [BullModule, PayoutSettings],
})
export class PayoutQueueModule {}
