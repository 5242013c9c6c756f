import { randomUUID } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SAFE = /^[A-Za-z0-9._-]{1,64}$/;
/** Words of the service's own correlation ids (`system`, `import:…`, `payment:…`, payout ids). */
const SERVICE_WORDS = /(?:^|[._-])(?:system|request|import|payment|payout|retry)(?:[._-]|$)/i;

/**
 * A client's `X-Correlation-Id` when it is safe to log and store in events: a UUID or up to 64
 * characters of `[A-Za-z0-9._-]`, never 16 digits in a row (a NIK, also with `.`, `_` or `-`
 * between them), never one of the service's own ids. Otherwise undefined: the caller ignores it.
 */
export function acceptedCorrelationId(given: unknown): string | undefined {
  if (typeof given !== 'string' || !(UUID.test(given) || SAFE.test(given))) return undefined;
  if (/\d{16}/.test(given.replace(/[._-]/g, ''))) return undefined;
  if (SERVICE_WORDS.test(given)) return undefined;
  return given;
}

/** The id of a request: the client's when acceptable (docs: README "Correlation ids"), else a new UUID. */
export function requestCorrelationId(given: unknown): string {
  return acceptedCorrelationId(given) ?? randomUUID();
}
