import { createHash } from 'node:crypto';
import { EventMetadata } from './types';

/** JSON with object keys sorted, so a hash survives jsonb's reordering of keys. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export interface HashInput {
  streamId: string;
  revision: number;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  prevHash: string | null;
}

/** Guarantee 9: chained per stream, over stream, revision, type, data, metadata, previous hash. */
export function eventHash(e: HashInput): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        streamId: e.streamId,
        revision: e.revision,
        type: e.type,
        data: e.data,
        metadata: e.metadata,
        prevHash: e.prevHash,
      }),
    )
    .digest('hex');
}
