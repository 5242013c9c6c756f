import { createHash } from 'node:crypto';

/**
 * Every PostgreSQL advisory-lock key the service takes, in one place, so no two uses collide.
 * Fixed keys serialise schema creation at first start; named keys (`advisoryKey`) are leases.
 */
export const ADVISORY_LOCKS = {
  eventStoreSchema: 7300001,
  readModelSchemas: 7300002,
  projectionSchema: 7300003,
  sandboxBankLedger: 7300077,
} as const;

/** A 64-bit advisory-lock key from a name; include the schema, since advisory locks span the database. */
export function advisoryKey(text: string): string {
  return BigInt.asIntN(
    64,
    BigInt(`0x${createHash('sha256').update(text).digest('hex').slice(0, 16)}`),
  ).toString();
}
