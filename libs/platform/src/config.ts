import { DataDirectoryLockedError, DEFAULT_EVENT_STORE_URL } from '@app/event-store';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';

/**
 * The one configuration module: every environment variable the service reads is declared in
 * ENV_SCHEMA (typed, validated), defaulted in `loadConfig` and read nowhere else. A bad value stops
 * the start with a message naming the variable and what it must be (docs/configuration.md).
 */
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
  /** Shared secret the bank sends (X-Callback-Secret) on its return notices; unset: notices are refused. */
  payoutCallbackSecret?: string;
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
  /** Connections per PostgreSQL pool. */
  pgPoolSize: number;
  /** When set, a statement profile is written to this file (performance work only). */
  sqlProfileFile?: string;
  /** Tuning of the payout path (PayoutSettings). */
  payoutTuning: PayoutTuning;
  /** Ed25519 private key (PKCS#8 PEM) that signs audit bundles (docs/audit.md "Audit bundle"). */
  auditSigningKeyFile: string;
  /** True when AUDIT_SIGNING_KEY_FILE is unset: the development key, generated there on first use. */
  auditSigningKeyGenerated: boolean;
  /**
   * The separation-of-duties report's band just below the four-eyes threshold, in percent of the
   * threshold (10: decisions weighing from 90% of it up to, not including, the threshold).
   */
  auditFourEyesBandPercent: number;
}

export interface PayoutTuning {
  backoffMs: number;
  backoffJitter: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  maxStalledCount: number;
  gatewayTimeoutMs: number;
  enqueueTimeoutMs: number;
  /** How often paid transfers to accounts are checked for a return, and for how long after payment. */
  returnCheckIntervalMs: number;
  returnCheckWindowMs: number;
  sandbox: {
    port: number;
    failRate: number;
    timeoutRate: number;
    rejectRate: number;
    latencyMs: number;
    returnAfterMs: number;
  };
}

export class ConfigError extends Error {}

/** An integer within bounds, from its decimal text. */
const integer = (min: number, max: number) =>
  z.string().transform((raw, ctx) => {
    const n = Number(raw);
    if (!/^\s*-?\d+\s*$/.test(raw) || n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}` });
      return z.NEVER;
    }
    return n;
  });

/** A decimal number within bounds. */
const decimal = (min: number, max: number) =>
  z.string().transform((raw, ctx) => {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: `must be a number from ${min} to ${max}` });
      return z.NEVER;
    }
    return n;
  });

const urlWith = (schemes: RegExp, what: string) =>
  z.string().refine((raw) => schemes.test(raw), { message: `must be ${what}` });

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MS_A_DAY = 86_400_000;

/** Every environment variable of the service (docs/configuration.md lists them with their defaults). */
export const ENV_SCHEMA = z.object({
  NODE_ENV: z.string().optional(),
  PORT: integer(0, 65_535).optional(),
  EVENT_STORE_URL: urlWith(
    /^(pglite:\/\/|postgres(ql)?:\/\/|(esdb|kurrentdb)(\+discover)?:\/\/)/,
    'a pglite://, postgres://, esdb:// or kurrentdb:// URL',
  ).optional(),
  READ_MODEL_URL: urlWith(/^(pglite:\/\/|postgres(ql)?:\/\/)/, 'a pglite:// or postgres:// URL').optional(),
  REDIS_URL: urlWith(/^rediss?:\/\//, 'a redis:// or rediss:// URL').optional(),
  AUTH_JWT_SECRET: z.string().optional(),
  PAYOUT_GATEWAY_URL: urlWith(/^https?:\/\/\S+$/, 'an http:// or https:// URL').optional(),
  PAYOUT_GATEWAY_TOKEN: z.string().optional(),
  PAYOUT_CALLBACK_SECRET: z.string().min(16, { message: 'must be at least 16 characters' }).optional(),
  PAYOUT_SANDBOX: z.enum(['true', 'false'], { message: 'must be true or false' }).optional(),
  NIK_HASH_SECRET: z.string().optional(),
  AUDIT_SIGNING_KEY_FILE: z.string().optional(),
  PAYOUT_SWEEP_AFTER_MS: integer(1, Number.MAX_SAFE_INTEGER).optional(),
  PAYOUT_SCHEDULING_RETRY_MS: integer(1, Number.MAX_SAFE_INTEGER).optional(),
  HOLIDAYS: z
    .string()
    .transform((raw) =>
      raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .refine((days) => days.every((d) => ISO_DATE.test(d) && !Number.isNaN(Date.parse(d))), {
      message: 'must be dates YYYY-MM-DD separated by commas',
    })
    .optional(),
  // 0: this process takes no payout jobs (the workers run elsewhere).
  PAYOUT_CONCURRENCY: integer(0, 1_000).optional(),
  PAYOUT_MAX_ATTEMPTS: integer(1, 100).optional(),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .optional(),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, { message: 'must be 1 to 64 of A-Z a-z 0-9 _ . : -' })
    .optional(),
  PG_POOL_SIZE: integer(1, 1_000).optional(),
  SQL_PROFILE_FILE: z.string().optional(),
  PAYOUT_BACKOFF_MS: integer(0, MS_A_DAY).optional(),
  PAYOUT_BACKOFF_JITTER: decimal(0, 1).optional(),
  PAYOUT_LOCK_MS: integer(1, MS_A_DAY).optional(),
  PAYOUT_STALLED_INTERVAL_MS: integer(1, MS_A_DAY).optional(),
  PAYOUT_MAX_STALLED: integer(0, 1_000).optional(),
  PAYOUT_GATEWAY_TIMEOUT_MS: integer(1, MS_A_DAY).optional(),
  PAYOUT_ENQUEUE_TIMEOUT_MS: integer(1, MS_A_DAY).optional(),
  SANDBOX_BANK_PORT: integer(0, 65_535).optional(),
  SANDBOX_BANK_FAIL_RATE: decimal(0, 1).optional(),
  SANDBOX_BANK_TIMEOUT_RATE: decimal(0, 1).optional(),
  SANDBOX_BANK_REJECT_RATE: decimal(0, 1).optional(),
  SANDBOX_BANK_LATENCY_MS: integer(0, MS_A_DAY).optional(),
  SANDBOX_BANK_RETURN_AFTER_MS: integer(0, MS_A_DAY).optional(),
  PAYOUT_RETURN_CHECK_INTERVAL_MS: integer(100, MS_A_DAY).optional(),
  PAYOUT_RETURN_CHECK_WINDOW_MS: integer(1_000, 366 * MS_A_DAY).optional(),
  AUDIT_FOUR_EYES_BAND_PERCENT: integer(1, 99).optional(),
});

export type Environment = z.infer<typeof ENV_SCHEMA>;

/**
 * Validates the environment (the contract of @nestjs/config's `validate`): an empty variable is
 * unset; every bad variable is named in one ConfigError.
 */
export function validateEnvironment(
  env: NodeJS.ProcessEnv | Record<string, string | undefined>,
  only?: readonly (keyof Environment)[],
): Environment {
  const set = Object.fromEntries(
    Object.keys(ENV_SCHEMA.shape)
      .filter((k) => !only || only.includes(k as keyof Environment))
      .filter((k) => env[k] !== undefined && env[k] !== '')
      .map((k) => [k, env[k]]),
  );
  const parsed = ENV_SCHEMA.safeParse(set);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0]);
    return `${name} ${issue.message} (got "${String(env[name]).slice(0, 80)}")`;
  });
  throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
}

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

export interface LoadConfigOptions {
  /** False for tools that sign and check no tokens (the CLI): no secret is required then. */
  signsTokens?: boolean;
  /** True for the audit bundle export: AUDIT_SIGNING_KEY_FILE is then required in production. */
  signsAuditBundles?: boolean;
}

/**
 * Where the development signing key lives when AUDIT_SIGNING_KEY_FILE is unset: beside a PGlite
 * directory (pglite://./data/eventstore → ./data/audit-signing-key.pem), else in ./data.
 */
export function defaultAuditSigningKeyFile(eventStoreUrl: string): string {
  const dir = eventStoreUrl.startsWith('pglite://')
    ? dirname(resolve(eventStoreUrl.slice(9)))
    : resolve('data');
  return join(dir, 'audit-signing-key.pem');
}

export function loadConfig(
  env: NodeJS.ProcessEnv | Record<string, string | undefined> = process.env,
  options: LoadConfigOptions = {},
): AppConfig {
  const v = validateEnvironment(env);
  const nodeEnv = v.NODE_ENV ?? 'development';
  const eventStoreUrl = v.EVENT_STORE_URL ?? DEFAULT_EVENT_STORE_URL;
  let jwtSecret = v.AUTH_JWT_SECRET ?? (options.signsTokens === false ? 'not-used-by-this-tool' : '');
  let jwtSecretGenerated = false;
  if (!jwtSecret) {
    if (nodeEnv === 'production') throw new ConfigError('AUTH_JWT_SECRET must be set in production');
    generatedSecret ??= randomBytes(24).toString('base64url');
    jwtSecret = generatedSecret;
    jwtSecretGenerated = true;
  }
  const checked = options.signsTokens !== false;
  if (
    checked &&
    nodeEnv === 'production' &&
    Buffer.byteLength(jwtSecret, 'utf8') < MIN_PRODUCTION_SECRET_BYTES
  )
    throw new ConfigError(
      `AUTH_JWT_SECRET must be at least ${MIN_PRODUCTION_SECRET_BYTES} bytes in production (e.g. openssl rand -base64 32)`,
    );
  if (options.signsAuditBundles && nodeEnv === 'production' && !v.AUDIT_SIGNING_KEY_FILE)
    throw new ConfigError(
      'AUDIT_SIGNING_KEY_FILE must be set in production (an Ed25519 PKCS#8 PEM, e.g. openssl genpkey -algorithm ed25519)',
    );
  return {
    port: v.PORT ?? 3000,
    nodeEnv,
    eventStoreUrl,
    readModelUrl: v.READ_MODEL_URL ?? defaultReadModelUrl(eventStoreUrl),
    redisUrl: v.REDIS_URL ?? 'redis://127.0.0.1:6379',
    jwtSecret,
    jwtSecretGenerated,
    payoutGatewayUrl: v.PAYOUT_GATEWAY_URL,
    payoutGatewayToken: v.PAYOUT_GATEWAY_TOKEN,
    payoutCallbackSecret: v.PAYOUT_CALLBACK_SECRET,
    payoutSandbox: v.PAYOUT_SANDBOX === 'true',
    nikHashSecret: v.NIK_HASH_SECRET,
    holidays: v.HOLIDAYS ?? DEFAULT_HOLIDAYS_2026,
    payoutConcurrency: v.PAYOUT_CONCURRENCY ?? 8,
    payoutMaxAttempts: v.PAYOUT_MAX_ATTEMPTS ?? 6,
    logLevel: v.LOG_LEVEL ?? (nodeEnv === 'test' ? 'warn' : 'info'),
    queuePrefix: v.QUEUE_PREFIX ?? 'bpu',
    payoutSweepAfterMs: v.PAYOUT_SWEEP_AFTER_MS ?? 5 * 60_000,
    payoutSchedulingRetryMs: v.PAYOUT_SCHEDULING_RETRY_MS ?? 60_000,
    pgPoolSize: v.PG_POOL_SIZE ?? 10,
    sqlProfileFile: v.SQL_PROFILE_FILE,
    payoutTuning: payoutTuningOf(v),
    auditSigningKeyFile: v.AUDIT_SIGNING_KEY_FILE ?? defaultAuditSigningKeyFile(eventStoreUrl),
    auditSigningKeyGenerated: !v.AUDIT_SIGNING_KEY_FILE,
    auditFourEyesBandPercent: v.AUDIT_FOUR_EYES_BAND_PERCENT ?? 10,
  };
}

const PAYOUT_TUNING_VARIABLES = [
  'PAYOUT_BACKOFF_MS',
  'PAYOUT_BACKOFF_JITTER',
  'PAYOUT_LOCK_MS',
  'PAYOUT_STALLED_INTERVAL_MS',
  'PAYOUT_MAX_STALLED',
  'PAYOUT_GATEWAY_TIMEOUT_MS',
  'PAYOUT_ENQUEUE_TIMEOUT_MS',
  'SANDBOX_BANK_PORT',
  'SANDBOX_BANK_FAIL_RATE',
  'SANDBOX_BANK_TIMEOUT_RATE',
  'SANDBOX_BANK_REJECT_RATE',
  'SANDBOX_BANK_LATENCY_MS',
  'SANDBOX_BANK_RETURN_AFTER_MS',
  'PAYOUT_RETURN_CHECK_INTERVAL_MS',
  'PAYOUT_RETURN_CHECK_WINDOW_MS',
] as const;

function payoutTuningOf(v: Environment): PayoutTuning {
  return {
    backoffMs: v.PAYOUT_BACKOFF_MS ?? 2_000,
    backoffJitter: v.PAYOUT_BACKOFF_JITTER ?? 0.5,
    lockDurationMs: v.PAYOUT_LOCK_MS ?? 30_000,
    stalledIntervalMs: v.PAYOUT_STALLED_INTERVAL_MS ?? 30_000,
    maxStalledCount: v.PAYOUT_MAX_STALLED ?? 5,
    gatewayTimeoutMs: v.PAYOUT_GATEWAY_TIMEOUT_MS ?? 10_000,
    enqueueTimeoutMs: v.PAYOUT_ENQUEUE_TIMEOUT_MS ?? 5_000,
    returnCheckIntervalMs: v.PAYOUT_RETURN_CHECK_INTERVAL_MS ?? 30_000,
    returnCheckWindowMs: v.PAYOUT_RETURN_CHECK_WINDOW_MS ?? 14 * MS_A_DAY,
    sandbox: {
      port: v.SANDBOX_BANK_PORT ?? 0,
      failRate: v.SANDBOX_BANK_FAIL_RATE ?? 0,
      timeoutRate: v.SANDBOX_BANK_TIMEOUT_RATE ?? 0,
      rejectRate: v.SANDBOX_BANK_REJECT_RATE ?? 0,
      latencyMs: v.SANDBOX_BANK_LATENCY_MS ?? 0,
      returnAfterMs: v.SANDBOX_BANK_RETURN_AFTER_MS ?? 2_000,
    },
  };
}

/** The payout tuning alone, for PayoutSettings' defaults (validated like the rest). */
export function loadPayoutTuning(
  env: NodeJS.ProcessEnv | Record<string, string | undefined> = process.env,
): PayoutTuning {
  return payoutTuningOf(validateEnvironment(env, PAYOUT_TUNING_VARIABLES));
}

/** Runs a process's main; a configuration error ends it with the message alone, exit code 1. */
export function runMain(main: () => Promise<void>): void {
  main().catch(exitOnConfigError);
}

/**
 * A configuration error, or a PGlite directory another process holds, ends the process with its
 * message alone (exit code 1); other errors are rethrown.
 */
export function exitOnConfigError(e: unknown): never {
  if (!(e instanceof ConfigError) && !(e instanceof DataDirectoryLockedError)) throw e;
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
}
