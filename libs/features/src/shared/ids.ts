import { createHash } from 'node:crypto';

// A fixed namespace for the name-based ids of the enrollment and contribution features.
const NAMESPACE = Buffer.from('3b0f5c8e9d2a4e61b7c4a1f0e6d2c9b8', 'hex');

/**
 * RFC 4122 version 5 (SHA-1, name-based) UUID of the parts: the same parts always give the same
 * id, so a retried or resumed append of the same fact is a no-op (guarantee 2).
 */
export function nameBasedUuid(...parts: string[]): string {
  const hash = createHash('sha1').update(NAMESPACE).update(parts.join('\u001f'), 'utf8').digest();
  const b = Buffer.from(hash.subarray(0, 16));
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function sha256Hex(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}
