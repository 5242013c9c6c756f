import { createHash, KeyObject } from 'node:crypto';
import { z } from 'zod';
import { RecordedEvent } from '@app/event-store';

/**
 * The audit bundle's format (docs/audit.md "Audit bundle"): a directory with
 *
 *   manifest.json              this Manifest, UTF-8 JSON
 *   manifest.sig               base64 of the Ed25519 signature over the exact bytes of manifest.json
 *   public-key.pem             the signer's public key (SPKI PEM); an auditor checks with their own copy
 *   events/<YYYY-MM-DD>.jsonl  one day's events, one JSON object a line, in the store's global order
 */
export const BUNDLE_FORMAT = 'bpu-audit-bundle';
export const BUNDLE_FORMAT_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig';
export const PUBLIC_KEY_FILE = 'public-key.pem';
export const EVENTS_DIR = 'events';

/** An event line: the event as stored (data and metadata as written, its hash and the previous one). */
export type BundleEvent = RecordedEvent;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const DAY = z.object({
  date,
  file: z.string(),
  count: z.number().int().positive(),
  firstPosition: z.number().int().nonnegative(),
  lastPosition: z.number().int().nonnegative(),
  merkleRoot: hex64,
  chain: hex64,
  bytes: z.number().int().nonnegative(),
  sha256: hex64,
});

export const MANIFEST_SCHEMA = z.object({
  format: z.literal(BUNDLE_FORMAT),
  formatVersion: z.literal(BUNDLE_FORMAT_VERSION),
  createdAt: z.string(),
  store: z.object({ kind: z.string() }),
  range: z.object({
    from: z.string().nullable(),
    to: z.string().nullable(),
    firstPosition: z.number().int().nullable(),
    lastPosition: z.number().int().nullable(),
  }),
  eventCount: z.number().int().nonnegative(),
  hashing: z.record(z.string(), z.string()),
  key: z.object({ algorithm: z.literal('Ed25519'), fingerprint: z.string() }),
  days: z.array(DAY),
  finalChain: hex64,
  /** Streams whose first event in the bundle follows one outside it: that event's prevHash. */
  boundaries: z.array(
    z.object({ streamId: z.string(), revision: z.number().int().positive(), prevHash: hex64 }),
  ),
});

export type Manifest = z.infer<typeof MANIFEST_SCHEMA>;
export type DayCheckpoint = z.infer<typeof DAY>;

export const HASHING = {
  event: 'SHA-256 over canonical JSON {streamId, revision, type, data, metadata, prevHash} (keys sorted)',
  leaf: 'SHA-256(0x00 || UTF-8 "<position>|<eventId>|<hash>")',
  node: 'SHA-256(0x01 || left || right), 32-byte digests; an unpaired last node moves up unchanged',
  dayChain:
    'SHA-256(UTF-8 "bpu-audit-day/v1|<previous chain>|<root>|<date>|<count>"), first previous = 64 zeros',
  day: 'running maximum of the UTC dates of recordedAt in bundle order',
  file: 'SHA-256 of the day file bytes',
};

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The UTC date of an ISO instant; null when it is not one. */
export function utcDate(instant: unknown): string | null {
  if (typeof instant !== 'string') return null;
  // The store writes toISOString(): its first ten characters are the UTC date (the common case, fast).
  if (instant.length === 24 && instant.endsWith('Z') && ISO_UTC.test(instant)) return instant.slice(0, 10);
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString().slice(0, 10);
}

export const dayFile = (day: string) => `${EVENTS_DIR}/${day}.jsonl`;

/** "SHA256:" and the hex SHA-256 of the public key's DER (SubjectPublicKeyInfo). */
export function keyFingerprint(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return `SHA256:${createHash('sha256').update(der).digest('hex')}`;
}

/** The manifest's bytes as written and signed. */
export function manifestBytes(manifest: Manifest): Buffer {
  return Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
}

/** One event line, the stored fields in a fixed order. */
export function eventLine(e: BundleEvent): string {
  const { position, eventId, streamId, revision, type, data, metadata, hash, prevHash } = e;
  return JSON.stringify({ position, eventId, streamId, revision, type, data, metadata, hash, prevHash });
}
