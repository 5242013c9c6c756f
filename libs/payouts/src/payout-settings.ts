import { loadPayoutTuning, PayoutTuning } from '@app/platform/config';

/**
 * Tuning of the payout path beyond APP_CONFIG (which holds the gateway URL, concurrency and max
 * attempts). Defaults from the configuration module; tests and the bench adjust the instance in place.
 */
export class PayoutSettings {
  private readonly tuning: PayoutTuning = loadPayoutTuning();
  /** First retry delay; BullMQ doubles it per attempt and spreads it by `backoffJitter`. */
  backoffMs = this.tuning.backoffMs;
  /** 0..1: share of each delay drawn at random, so retries of many payouts do not arrive together. */
  backoffJitter = this.tuning.backoffJitter;
  /** How long a job's lock lives without renewal: a killed worker's jobs come back after this. */
  lockDurationMs = this.tuning.lockDurationMs;
  /** How often workers look for stalled jobs (locks that expired). */
  stalledIntervalMs = this.tuning.stalledIntervalMs;
  /** Stalls a job may survive before BullMQ fails it (the payout is then dead-lettered). */
  maxStalledCount = this.tuning.maxStalledCount;
  /** The bank's answer deadline: past it the outcome is unknown, not failed. */
  gatewayTimeoutMs = this.tuning.gatewayTimeoutMs;
  /** Relay: how long Redis may take to accept a batch before the relay backs off and retries. */
  enqueueTimeoutMs = this.tuning.enqueueTimeoutMs;
  /** Status checks of paid transfers to accounts: how often, and for how long after payment. */
  returnCheckIntervalMs = this.tuning.returnCheckIntervalMs;
  returnCheckWindowMs = this.tuning.returnCheckWindowMs;
  /** The built-in sandbox bank (when PAYOUT_GATEWAY_URL is unset). */
  sandbox = { ...this.tuning.sandbox };
}
