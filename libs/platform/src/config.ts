import { DEFAULT_EVENT_STORE_URL } from '@app/event-store';
import { randomBytes } from 'node:crypto';

/** Configuration from the environment (API.md "Configuration"), read once at start. */
export interface AppConfig {
  port: number;
  nodeEnv: string;
  eventStoreUrl: string;
  readModelUrl: string;
  redisUrl: string;
  jwtSecret: string;
  /** True when the secret was generated for development and printed at start. */
  jwtSecretGenerated: boolean;
  payoutGatewayUrl?: string;
  /** Bearer token sent to the gateway; the built-in sandbox bank requires it (generated when unset). */
  payoutGatewayToken?: string;
  /** PAYOUT_SANDBOX=true: production may pay through the built-in sandbox bank (no money moves). */
  payoutSandbox: boolean;
  /** Key of the NIK reservation stream ids (HMAC-SHA256); required in production, see members.module. */
  nikHashSecret?: string;
  /** Public holidays excluded from working days (YYYY-MM-DD, comma-separated in HOLIDAYS). */
  holidays: string[];
  payoutConcurrency: number;
  payoutMaxAttempts: number;
  logLevel: string;
  /** BullMQ key prefix, so several deployments (or test runs) can share one Redis. */
  queuePrefix: string;
  /** An unsettled payout with no live job for this long is enqueued again (its job was lost). */
  payoutSweepAfterMs: number;
  /** How often an approval whose payouts could not be scheduled is tried again. */
  payoutSchedulingRetryMs: number;
}

export class ConfigError extends Error {}

/** Read models live beside the event store: the same PGlite directory or PostgreSQL database. */
export function defaultReadModelUrl(eventStoreUrl: string): string {
  if (eventStoreUrl.startsWith('pglite://') || eventStoreUrl.startsWith('postgres')) return eventStoreUrl;
  return 'pglite://./data/readmodels';
}

// Indonesian national public holidays and collective leave, 2026 (SKB 3 Menteri); extend via HOLIDAYS.
const DEFAULT_HOLIDAYS_2026 = [
  '2026-01-01',
  '2026-01-16',
  '2026-02-17',
  '2026-03-19',
  '2026-03-20',
  '2026-03-21',
  '2026-04-03',
  '2026-04-05',
  '2026-05-01',
  '2026-05-14',
  '2026-05-27',
  '2026-05-31',
  '2026-06-01',
  '2026-06-16',
  '2026-08-17',
  '2026-08-25',
  '2026-12-25',
];

/** HS256 with a shorter key can be brute-forced offline from one token. */
export const MIN_PRODUCTION_SECRET_BYTES = 32;

let generatedSecret: string | undefined;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const nodeEnv = env.NODE_ENV ?? 'development';
  const eventStoreUrl = env.EVENT_STORE_URL || DEFAULT_EVENT_STORE_URL;
  let jwtSecret = env.AUTH_JWT_SECRET ?? '';
  let jwtSecretGenerated = false;
  if (!jwtSecret) {
    if (nodeEnv === 'production') throw new ConfigError('AUTH_JWT_SECRET must be set in production');
    generatedSecret ??= randomBytes(24).toString('base64url');
    jwtSecret = generatedSecret;
    jwtSecretGenerated = true;
  }
  if (nodeEnv === 'production' && Buffer.byteLength(jwtSecret, 'utf8') < MIN_PRODUCTION_SECRET_BYTES)
    throw new ConfigError(
      `AUTH_JWT_SECRET must be at least ${MIN_PRODUCTION_SECRET_BYTES} bytes in production (e.g. openssl rand -base64 32)`,
    );
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`Invalid PORT: ${env.PORT}`);
  return {
    port,
    nodeEnv,
    eventStoreUrl,
    readModelUrl: env.READ_MODEL_URL || defaultReadModelUrl(eventStoreUrl),
    redisUrl: env.REDIS_URL || 'redis://127.0.0.1:6379',
    jwtSecret,
    jwtSecretGenerated,
    payoutGatewayUrl: env.PAYOUT_GATEWAY_URL || undefined,
    payoutGatewayToken: env.PAYOUT_GATEWAY_TOKEN || undefined,
    payoutSandbox: env.PAYOUT_SANDBOX === 'true',
    nikHashSecret: env.NIK_HASH_SECRET || undefined,
    holidays: env.HOLIDAYS
      ? env.HOLIDAYS.split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : DEFAULT_HOLIDAYS_2026,
    payoutConcurrency: Number(env.PAYOUT_CONCURRENCY ?? 8),
    payoutMaxAttempts: Number(env.PAYOUT_MAX_ATTEMPTS ?? 6),
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'warn' : 'info'),
    queuePrefix: env.QUEUE_PREFIX || 'bpu',
    payoutSweepAfterMs: positiveMs(env, 'PAYOUT_SWEEP_AFTER_MS', 5 * 60_000),
    payoutSchedulingRetryMs: positiveMs(env, 'PAYOUT_SCHEDULING_RETRY_MS', 60_000),
  };
}

function positiveMs(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new ConfigError(`${name} must be a whole number of ms >= 1`);
  return n;
}
