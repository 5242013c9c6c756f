import { createHash, KeyObject, verify } from 'node:crypto';
import { createReadStream, existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { eventHash, RecordedEvent, UpcasterRegistry } from '@app/event-store';
import { AuditEvent, reperformClaims, ReperformResult } from '@app/domain/audit';
import { compareDay, DayBuilder, Problem, StreamChains } from './checks';
import {
  BundleEvent,
  dayFile,
  EVENTS_DIR,
  keyFingerprint,
  Manifest,
  MANIFEST_FILE,
  MANIFEST_SCHEMA,
  SIGNATURE_FILE,
  utcDate,
} from './manifest';

export interface ReperformReport {
  problems: Problem[];
  events: number;
  days: number;
  streams: number;
  claimsChecked: number;
  linesChecked: number;
  payoutsChecked: number;
  /** Late penalties owed less than a day before the bundle's end and not yet scheduled: not problems. */
  pending: number;
  seconds: number;
}

export interface ReperformOptions {
  upcasters?: UpcasterRegistry;
  /** The re-performance of the claims (the domain's reperformClaims unless a test gives another). */
  reperform?: (events: readonly AuditEvent[]) => ReperformResult;
}

const integrity = (
  check: string,
  subject: string,
  recorded?: unknown,
  recomputed?: unknown,
  position?: number,
): Problem => ({
  kind: 'integrity',
  check,
  subject,
  ...(recorded !== undefined ? { recorded } : {}),
  ...(recomputed !== undefined ? { recomputed } : {}),
  ...(position !== undefined ? { position } : {}),
});

/** The lines of a file, streamed, with the SHA-256 and size of its bytes. */
async function* lines(path: string, file: { sha256: string; bytes: number }): AsyncGenerator<string> {
  const sha = createHash('sha256');
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 4 << 20 }) as AsyncIterable<Buffer>) {
    sha.update(chunk);
    bytes += chunk.length;
    const text = rest + decoder.write(chunk);
    const parts = text.split('\n');
    rest = parts.pop()!;
    yield* parts;
  }
  rest += decoder.end();
  if (rest !== '') yield rest;
  file.sha256 = sha.digest('hex');
  file.bytes = bytes;
}

function isEvent(v: unknown): v is BundleEvent {
  const e = v as BundleEvent;
  return (
    typeof e === 'object' &&
    e !== null &&
    Number.isSafeInteger(e.position) &&
    typeof e.eventId === 'string' &&
    typeof e.streamId === 'string' &&
    Number.isSafeInteger(e.revision) &&
    typeof e.type === 'string' &&
    typeof e.hash === 'string' &&
    (e.prevHash === null || typeof e.prevHash === 'string') &&
    typeof e.metadata === 'object' &&
    e.metadata !== null &&
    utcDate(e.metadata.recordedAt) !== null
  );
}

/**
 * Re-performs an audit bundle offline (docs/audit.md "Audit bundle: checks"): the signature and
 * key fingerprint, every event hash, every stream chain, each day's count, positions, Merkle root,
 * file digest and chain, then every decided claim through the domain's pure rules. Needs no
 * database, no service and no configuration.
 */
export async function reperformBundle(
  dir: string,
  publicKey: KeyObject,
  options: ReperformOptions = {},
): Promise<ReperformReport> {
  const started = process.hrtime.bigint();
  const problems: Problem[] = [];
  const report = (): ReperformReport => ({
    problems,
    events: events.length,
    days: daysChecked,
    streams: found.chains?.streams ?? 0,
    claimsChecked: found.result?.claimsChecked ?? 0,
    linesChecked: found.result?.linesChecked ?? 0,
    payoutsChecked: found.result?.payoutsChecked ?? 0,
    pending: found.result?.pending?.length ?? 0,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  });
  const events: AuditEvent[] = [];
  let daysChecked = 0;
  const found: { chains?: StreamChains; result?: ReperformResult } = {};

  // 1. The manifest, its signature and the key it names.
  const manifestPath = join(dir, MANIFEST_FILE);
  if (!existsSync(manifestPath)) {
    problems.push(integrity('manifest', MANIFEST_FILE, 'missing'));
    return report();
  }
  const bytes = readFileSync(manifestPath);
  const sigPath = join(dir, SIGNATURE_FILE);
  const signature = existsSync(sigPath)
    ? Buffer.from(readFileSync(sigPath, 'utf8').trim(), 'base64')
    : undefined;
  if (!signature) problems.push(integrity('signature', SIGNATURE_FILE, 'missing'));
  else if (!verify(null, bytes, publicKey, signature))
    problems.push(
      integrity('signature', SIGNATURE_FILE, 'present', 'does not verify with the given public key'),
    );
  let manifest: Manifest;
  try {
    const parsed = MANIFEST_SCHEMA.safeParse(JSON.parse(bytes.toString('utf8')));
    if (!parsed.success) {
      problems.push(
        integrity('manifest format', MANIFEST_FILE, parsed.error.issues[0]?.message, 'format version 1'),
      );
      return report();
    }
    manifest = parsed.data;
  } catch (e) {
    problems.push(integrity('manifest JSON', MANIFEST_FILE, (e as Error).message));
    return report();
  }
  const fingerprint = keyFingerprint(publicKey);
  if (manifest.key.fingerprint !== fingerprint)
    problems.push(integrity('key fingerprint', MANIFEST_FILE, manifest.key.fingerprint, fingerprint));

  // 2. The day files: exactly those the manifest lists, in date order.
  const listed = new Set(manifest.days.map((d) => d.file));
  const present = existsSync(join(dir, EVENTS_DIR)) ? readdirSync(join(dir, EVENTS_DIR)) : [];
  for (const f of present)
    if (!listed.has(`${EVENTS_DIR}/${f}`))
      problems.push(integrity('file not in manifest', `${EVENTS_DIR}/${f}`, 'present', 'absent'));
  manifest.days.forEach((d, i) => {
    if (d.file !== dayFile(d.date))
      problems.push(integrity('day file name', `day ${d.date}`, d.file, dayFile(d.date)));
    if (i > 0 && d.date <= manifest.days[i - 1].date)
      problems.push(integrity('day order', `day ${d.date}`, d.date, `after ${manifest.days[i - 1].date}`));
  });

  // 3. Every event of every day, in order: its hash, its day, its stream's chain.
  const chains = new StreamChains(manifest.boundaries);
  found.chains = chains;
  const upcasters = options.upcasters;
  let previousChain: string | undefined;
  for (const day of manifest.days) {
    const path = join(dir, day.file);
    const builder = new DayBuilder(day.date);
    const file = { file: day.file, sha256: '', bytes: 0 };
    // Only the day's own name inside events/, and only a regular file: a manifest naming
    // `../../etc/passwd`, a symlink or a device is never read (it could print or hang).
    const stat = existsSync(path) ? lstatSync(path) : undefined;
    if (day.file !== dayFile(day.date)) {
      // reported above as 'day file name'; not read
    } else if (!stat) {
      problems.push(integrity('day file', day.file, 'listed in the manifest', 'missing'));
    } else if (!stat.isFile()) {
      problems.push(integrity('day file', day.file, 'not a regular file', 'a regular file'));
    } else {
      let n = 0;
      for await (const line of lines(path, file)) {
        n += 1;
        let e: unknown;
        try {
          e = JSON.parse(line);
        } catch {
          problems.push(integrity('event line JSON', `${day.file}:${n}`, line.slice(0, 40)));
          continue;
        }
        if (!isEvent(e)) {
          problems.push(integrity('event line fields', `${day.file}:${n}`, line.slice(0, 40)));
          continue;
        }
        const subject = `stream ${e.streamId} revision ${e.revision}`;
        const recomputed = eventHash(e);
        if (recomputed !== e.hash)
          problems.push(integrity('event hash', subject, e.hash, recomputed, e.position));
        const date = utcDate(e.metadata.recordedAt)!;
        if (date > day.date || (builder.count === 0 && date !== day.date))
          problems.push(integrity('event day', subject, `in ${day.file}`, `recorded ${date}`, e.position));
        builder.add(e.position, e.eventId, e.hash);
        problems.push(...chains.add(e));
        const current = upcasters ? upcasters.upcast(e as unknown as RecordedEvent) : e;
        events.push({
          position: current.position,
          streamId: current.streamId,
          revision: current.revision,
          type: current.type,
          data: current.data,
          metadata: current.metadata,
        });
      }
    }
    problems.push(...compareDay(day, builder.finish(previousChain ?? '0'.repeat(64), file)));
    previousChain = day.chain;
    daysChecked += 1;
  }
  problems.push(...chains.finish());
  if (events.length !== manifest.eventCount)
    problems.push(integrity('event count', MANIFEST_FILE, manifest.eventCount, events.length));
  const lastChain = manifest.days.at(-1)?.chain ?? '0'.repeat(64);
  if (manifest.finalChain !== lastChain)
    problems.push(integrity('final chain', MANIFEST_FILE, manifest.finalChain, lastChain));

  // 4. Every decided claim, re-performed with the same pure rules.
  let result: ReperformResult;
  try {
    result = (options.reperform ?? reperformClaims)(events);
  } catch (e) {
    // An event the rules cannot read is a finding about the bundle, not a usage error.
    problems.push({ kind: 'reperformance', check: 're-performance failed', subject: (e as Error).message });
    return report();
  }
  found.result = result;
  for (const m of result.mismatches)
    problems.push({
      kind: 'reperformance',
      check: m.check,
      subject: `claim ${m.claimId}`,
      recorded: m.recorded,
      recomputed: m.recomputed,
      ...(m.position !== undefined ? { position: m.position } : {}),
    });
  return report();
}

const cell = (v: unknown, width: number) => {
  const s = v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  return (s.length > width ? `${s.slice(0, width - 1)}…` : s).padEnd(width);
};

/** The problems as a table (the first `limit`; the subject last and whole), then the summary line. */
export function formatReport(r: ReperformReport, limit = 200): string {
  const out: string[] = [];
  const row = (
    kind: unknown,
    check: unknown,
    position: unknown,
    recorded: unknown,
    recomputed: unknown,
    subject: string,
  ) =>
    `${cell(kind, 13)} ${cell(check, 30)} ${cell(position, 9)} ${cell(recorded, 24)} ${cell(recomputed, 24)} ${subject}`;
  if (r.problems.length > 0) {
    out.push(row('KIND', 'CHECK', 'POSITION', 'RECORDED', 'RECOMPUTED', 'SUBJECT'));
    for (const p of r.problems.slice(0, limit))
      out.push(
        row(
          p.kind,
          p.check,
          p.position === undefined ? '' : String(p.position),
          p.recorded,
          p.recomputed,
          p.subject,
        ),
      );
    if (r.problems.length > limit) out.push(`… and ${r.problems.length - limit} more`);
  }
  out.push(
    ...(r.pending > 0
      ? [
          `note: ${r.pending} late penalties owed less than a day before the bundle's last event and not yet ` +
            'scheduled (pending, not problems; docs/audit.md "Re-performance")',
        ]
      : []),
    `${r.problems.length === 0 ? 'OK' : 'FAILED'}: ${r.problems.length} problems; ${r.events} events, ${r.days} days, ` +
      `${r.streams} streams, ${r.claimsChecked} claims re-performed (${r.linesChecked} lines, ${r.payoutsChecked} payouts) ` +
      `in ${r.seconds.toFixed(1)} s`,
  );
  return `${out.join('\n')}\n`;
}
