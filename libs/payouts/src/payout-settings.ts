/**
 * Tuning of the payout path beyond APP_CONFIG (which holds the gateway URL, concurrency and max
 * attempts). Read from the environment once; tests and the bench adjust the instance in place.
 */
export class PayoutSettings {
  /** First retry delay; BullMQ doubles it per attempt and spreads it by `backoffJitter`. */
  backoffMs = num('PAYOUT_BACKOFF_MS', 2_000);
  /** 0..1: share of each delay drawn at random, so retries of many payouts do not arrive together. */
  backoffJitter = num('PAYOUT_BACKOFF_JITTER', 0.5);
  /** How long a job's lock lives without renewal: a killed worker's jobs come back after this. */
  lockDurationMs = num('PAYOUT_LOCK_MS', 30_000);
  /** How often workers look for stalled jobs (locks that expired). */
  stalledIntervalMs = num('PAYOUT_STALLED_INTERVAL_MS', 30_000);
  /** Stalls a job may survive before BullMQ fails it (the payout is then dead-lettered). */
  maxStalledCount = num('PAYOUT_MAX_STALLED', 5);
  /** The bank's answer deadline: past it the outcome is unknown, not failed. */
  gatewayTimeoutMs = num('PAYOUT_GATEWAY_TIMEOUT_MS', 10_000);
  /** Relay: how long Redis may take to accept a batch before the relay backs off and retries. */
  enqueueTimeoutMs = num('PAYOUT_ENQUEUE_TIMEOUT_MS', 5_000);
  /** The built-in sandbox bank (when PAYOUT_GATEWAY_URL is unset). */
  sandbox = {
    port: num('SANDBOX_BANK_PORT', 0),
    failRate: num('SANDBOX_BANK_FAIL_RATE', 0),
    timeoutRate: num('SANDBOX_BANK_TIMEOUT_RATE', 0),
    rejectRate: num('SANDBOX_BANK_REJECT_RATE', 0),
    latencyMs: num('SANDBOX_BANK_LATENCY_MS', 0),
  };
}

function num(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number >= 0, got "${raw}"`);
  return n;
}
