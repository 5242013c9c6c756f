import { join } from 'node:path';
import { ConfigError, loadConfig, loadPayoutTuning } from './config';

const base = { NODE_ENV: 'test', AUTH_JWT_SECRET: 'x'.repeat(32) };
const refusal = (env: Record<string, string>): string => {
  try {
    loadConfig({ ...base, ...env });
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('the configuration was accepted');
};

describe('configuration', () => {
  it('a non-number PAYOUT_CONCURRENCY stops the start, naming the variable and what it must be', () => {
    expect(refusal({ PAYOUT_CONCURRENCY: 'abc' })).toMatch(
      /PAYOUT_CONCURRENCY must be a whole number from 0 to 1000 \(got "abc"\)/,
    );
  });

  it('PAYOUT_CONCURRENCY=0 is allowed: a process that takes no payout jobs', () => {
    expect(loadConfig({ ...base, PAYOUT_CONCURRENCY: '0' }).payoutConcurrency).toBe(0);
  });

  it('every bad variable is named at once', () => {
    const message = refusal({
      PORT: '70000',
      PAYOUT_MAX_ATTEMPTS: '2.5',
      LOG_LEVEL: 'loud',
      HOLIDAYS: '2026-13-45',
    });
    for (const name of ['PORT', 'PAYOUT_MAX_ATTEMPTS', 'LOG_LEVEL', 'HOLIDAYS'])
      expect(message).toContain(name);
  });

  it('URLs must name a store the service can open', () => {
    expect(refusal({ EVENT_STORE_URL: 'mysql://db' })).toContain('EVENT_STORE_URL must be');
    expect(refusal({ REDIS_URL: 'localhost:6379' })).toContain('REDIS_URL must be');
  });

  it('unset and empty variables take their defaults, typed', () => {
    const config = loadConfig({
      ...base,
      PAYOUT_CONCURRENCY: '',
      PG_POOL_SIZE: '4',
      HOLIDAYS: '2026-01-01, 2026-08-17',
    });
    expect(config.payoutConcurrency).toBe(8);
    expect(config.payoutMaxAttempts).toBe(6);
    expect(config.pgPoolSize).toBe(4);
    expect(config.port).toBe(3000);
    expect(config.holidays).toEqual(['2026-01-01', '2026-08-17']);
    expect(config.payoutTuning.backoffMs).toBe(2_000);
  });

  it('payout tuning is validated like the rest (was NaN or a bare Error before)', () => {
    expect(() => loadPayoutTuning({ PAYOUT_BACKOFF_JITTER: '2' })).toThrow(
      /PAYOUT_BACKOFF_JITTER must be a number from 0 to 1/,
    );
    expect(loadPayoutTuning({ SANDBOX_BANK_FAIL_RATE: '0.25' }).sandbox.failRate).toBe(0.25);
  });

  it('production refuses to start without a token secret; a tool that signs none does not need one', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_JWT_SECRET/);
    expect(loadConfig({ NODE_ENV: 'production' }, { signsTokens: false }).jwtSecretGenerated).toBe(false);
  });

  it('the audit signing key: required in production for the bundle export; a development key beside the PGlite directory', () => {
    const production = { NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(32) };
    expect(() => loadConfig(production, { signsTokens: false, signsAuditBundles: true })).toThrow(
      /AUDIT_SIGNING_KEY_FILE must be set in production/,
    );
    expect(loadConfig(production).auditSigningKeyGenerated).toBe(true);
    expect(
      loadConfig(
        { ...production, AUDIT_SIGNING_KEY_FILE: '/etc/bpu/audit.pem' },
        { signsAuditBundles: true },
      ),
    ).toMatchObject({ auditSigningKeyFile: '/etc/bpu/audit.pem', auditSigningKeyGenerated: false });
    expect(loadConfig({ EVENT_STORE_URL: 'pglite:///var/lib/bpu/eventstore' }).auditSigningKeyFile).toBe(
      '/var/lib/bpu/audit-signing-key.pem',
    );
    expect(loadConfig({ EVENT_STORE_URL: 'postgres://db/bpu' }).auditSigningKeyFile).toBe(
      join(process.cwd(), 'data', 'audit-signing-key.pem'),
    );
  });
});
