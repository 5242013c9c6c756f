import { createHash, Hash, sign } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { EventStore, RecordedEvent } from '@app/event-store';
import { DayBuilder } from './checks';
import {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  BundleEvent,
  DayCheckpoint,
  dayFile,
  eventLine,
  EVENTS_DIR,
  HASHING,
  keyFingerprint,
  Manifest,
  MANIFEST_FILE,
  manifestBytes,
  PUBLIC_KEY_FILE,
  SIGNATURE_FILE,
  utcDate,
} from './manifest';
import { GENESIS_CHAIN } from './merkle';
import { SigningKey } from './signing-key';

export interface ExportOptions {
  out: string;
  /** The bundle starts at the first event (in global order) recorded at or after this instant. */
  from?: Date;
  /** …and ends before the first event after that recorded at or after this one. */
  to?: Date;
  key: SigningKey;
  now: Date;
  pageSize?: number;
}

export interface ExportSummary {
  out: string;
  events: number;
  days: number;
  bytes: number;
  boundaries: number;
  fingerprint: string;
}

const FLUSH_BYTES = 1 << 20;

/** One day file being written: lines buffered to ~1 MB, hashed as written. */
class DayWriter {
  readonly builder: DayBuilder;
  private readonly fd: number;
  private readonly sha: Hash = createHash('sha256');
  private pending: string[] = [];
  private pendingBytes = 0;
  bytes = 0;

  constructor(
    dir: string,
    readonly date: string,
  ) {
    this.builder = new DayBuilder(date);
    this.fd = openSync(join(dir, dayFile(date)), 'wx');
  }

  add(e: BundleEvent): void {
    const line = `${eventLine(e)}\n`;
    this.builder.add(e.position, e.eventId, e.hash);
    this.pending.push(line);
    this.pendingBytes += line.length;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const chunk = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    this.pendingBytes = 0;
    this.sha.update(chunk);
    let written = 0;
    while (written < chunk.length) written += writeSync(this.fd, chunk, written);
    this.bytes += chunk.length;
  }

  close(previousChain: string): DayCheckpoint {
    this.flush();
    closeSync(this.fd);
    return this.builder.finish(previousChain, {
      file: dayFile(this.date),
      bytes: this.bytes,
      sha256: this.sha.digest('hex'),
    })!;
  }
}

/**
 * Writes a signed audit bundle of the store's events (docs/audit.md "Audit bundle"), reading the
 * log page by page: one day file open at a time, nothing but the day's 32-byte leaves kept.
 */
export async function exportBundle(store: EventStore, options: ExportOptions): Promise<ExportSummary> {
  const { out, from, to, key } = options;
  if (existsSync(out) && readdirSync(out).length > 0)
    throw new Error(`--out ${out} is not empty: a bundle is written to a new or empty directory`);
  mkdirSync(join(out, EVENTS_DIR), { recursive: true });

  const days: DayCheckpoint[] = [];
  const boundaries: Manifest['boundaries'] = [];
  const seen = new Set<string>();
  let writer: DayWriter | undefined;
  let chain = GENESIS_CHAIN;
  let events = 0;
  let first: number | null = null;
  let last: number | null = null;
  let started = !from;
  let after = 0;

  read: for (;;) {
    const page: RecordedEvent[] = await store.readAll({ after, limit: options.pageSize ?? 2000 });
    if (page.length === 0) break;
    for (const e of page) {
      after = e.position;
      const recorded = Date.parse(e.metadata.recordedAt);
      if (!started) {
        if (recorded < from!.getTime()) continue;
        started = true;
      }
      if (to && recorded >= to.getTime()) break read;
      // A day is the running maximum of recordedAt's UTC date, so days are runs of the global order.
      const date = utcDate(e.metadata.recordedAt)!;
      if (!writer || date > writer.date) {
        if (writer) {
          days.push(writer.close(chain));
          chain = days[days.length - 1].chain;
        }
        writer = new DayWriter(out, date);
      }
      if (!seen.has(e.streamId)) {
        seen.add(e.streamId);
        if (e.revision > 0 && e.prevHash)
          boundaries.push({ streamId: e.streamId, revision: e.revision, prevHash: e.prevHash });
      }
      writer.add(e as BundleEvent);
      events += 1;
      first ??= e.position;
      last = e.position;
    }
  }
  if (writer) {
    days.push(writer.close(chain));
    chain = days[days.length - 1].chain;
  }

  const fingerprint = keyFingerprint(key.publicKey);
  const manifest: Manifest = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    createdAt: options.now.toISOString(),
    store: { kind: store.kind },
    range: {
      from: from?.toISOString() ?? null,
      to: to?.toISOString() ?? null,
      firstPosition: first,
      lastPosition: last,
    },
    eventCount: events,
    hashing: HASHING,
    key: { algorithm: 'Ed25519', fingerprint },
    days,
    finalChain: chain,
    boundaries,
  };
  const bytes = manifestBytes(manifest);
  writeFileSync(join(out, MANIFEST_FILE), bytes);
  writeFileSync(join(out, SIGNATURE_FILE), `${sign(null, bytes, key.privateKey).toString('base64')}\n`);
  writeFileSync(join(out, PUBLIC_KEY_FILE), key.publicKey.export({ type: 'spki', format: 'pem' }));
  return {
    out,
    events,
    days: days.length,
    bytes: days.reduce((s, d) => s + d.bytes, 0) + bytes.length,
    boundaries: boundaries.length,
    fingerprint,
  };
}
