import { DayCheckpoint, Manifest } from './manifest';
import { dayChain, LeafBuffer, leafHash, merkleRoot } from './merkle';

/** One thing an audit bundle's re-performance found wrong (docs/audit.md "Audit bundle: checks"). */
export interface Problem {
  kind: 'integrity' | 'reperformance';
  /** What failed, e.g. `event hash`, `stream chain`, `day merkle root`, `line JKM_DEATH amount`. */
  check: string;
  /** The file, day, stream or claim it concerns. */
  subject: string;
  recorded?: unknown;
  recomputed?: unknown;
  position?: number;
}

/** A day's checkpoint, built from its events in order (the export writes it; the re-performance compares). */
export class DayBuilder {
  private readonly leaves = new LeafBuffer();
  private first?: number;
  private last?: number;

  constructor(readonly date: string) {}

  add(position: number, eventId: string, hash: string): void {
    this.leaves.push(leafHash(position, eventId, hash));
    this.first ??= position;
    this.last = position;
  }

  get count(): number {
    return this.leaves.count;
  }

  /** The checkpoint, chained to the previous day's chain; null for a day without events. */
  finish(previousChain: string, file: { file: string; bytes: number; sha256: string }): DayCheckpoint | null {
    if (this.leaves.count === 0) return null;
    const merkleRoot_ = merkleRoot(this.leaves.leaves());
    return {
      date: this.date,
      file: file.file,
      count: this.leaves.count,
      firstPosition: this.first!,
      lastPosition: this.last!,
      merkleRoot: merkleRoot_,
      chain: dayChain(previousChain, merkleRoot_, this.date, this.leaves.count),
      bytes: file.bytes,
      sha256: file.sha256,
    };
  }
}

/** Each field of a recomputed day checkpoint that differs from the manifest's. */
export function compareDay(recorded: DayCheckpoint, recomputed: DayCheckpoint | null): Problem[] {
  const subject = `day ${recorded.date}`;
  if (!recomputed)
    return [{ kind: 'integrity', check: 'day count', subject, recorded: recorded.count, recomputed: 0 }];
  const fields: Array<[keyof DayCheckpoint, string]> = [
    ['count', 'day count'],
    ['firstPosition', 'day first position'],
    ['lastPosition', 'day last position'],
    ['merkleRoot', 'day merkle root'],
    ['chain', 'day chain'],
    ['bytes', 'day file bytes'],
    ['sha256', 'day file sha256'],
  ];
  return fields
    .filter(([f]) => recorded[f] !== recomputed[f])
    .map(([f, check]) => ({
      kind: 'integrity',
      check,
      subject,
      recorded: recorded[f],
      recomputed: recomputed[f],
    }));
}

interface ChainLink {
  streamId: string;
  revision: number;
  position: number;
  hash: string;
  prevHash: string | null;
}

/**
 * Every stream's hash chain across the bundle (guarantee 9): a stream starts at revision 0 with no
 * previous hash, or at the revision and previous hash the manifest lists as its boundary; then each
 * event is the next revision, links to the one before and has a higher position. Positions are
 * unique across the bundle.
 */
export class StreamChains {
  private readonly heads = new Map<string, { revision: number; hash: string; position: number }>();
  private readonly boundaries: Map<string, Manifest['boundaries'][number]>;
  private readonly used = new Set<string>();
  private readonly positions = new Set<number>();

  constructor(boundaries: Manifest['boundaries']) {
    this.boundaries = new Map(boundaries.map((b) => [b.streamId, b]));
  }

  add(e: ChainLink): Problem[] {
    const problems: Problem[] = [];
    const subject = `stream ${e.streamId} revision ${e.revision}`;
    const fail = (check: string, recorded: unknown, recomputed: unknown) =>
      problems.push({ kind: 'integrity', check, subject, recorded, recomputed, position: e.position });
    if (this.positions.has(e.position))
      fail('position unique', e.position, 'a position already in the bundle');
    this.positions.add(e.position);
    const head = this.heads.get(e.streamId);
    if (!head) {
      const boundary = this.boundaries.get(e.streamId);
      if (boundary) {
        this.used.add(e.streamId);
        if (boundary.revision !== e.revision) fail('stream boundary revision', e.revision, boundary.revision);
        if (boundary.prevHash !== e.prevHash) fail('stream boundary prevHash', e.prevHash, boundary.prevHash);
      } else if (e.revision !== 0 || e.prevHash !== null) {
        fail(
          'stream start',
          `revision ${e.revision}, prevHash ${e.prevHash}`,
          'revision 0, prevHash null, or a boundary in the manifest',
        );
      }
    } else {
      if (e.revision !== head.revision + 1) fail('stream revision contiguous', e.revision, head.revision + 1);
      if (e.prevHash !== head.hash) fail('stream chain prevHash', e.prevHash, head.hash);
      if (e.position <= head.position) fail('stream positions increasing', e.position, `> ${head.position}`);
    }
    this.heads.set(e.streamId, { revision: e.revision, hash: e.hash, position: e.position });
    return problems;
  }

  /** Boundaries no event of the bundle starts from. */
  finish(): Problem[] {
    return [...this.boundaries.values()]
      .filter((b) => !this.used.has(b.streamId))
      .map((b) => ({
        kind: 'integrity' as const,
        check: 'stream boundary unused',
        subject: `stream ${b.streamId} revision ${b.revision}`,
        recorded: 'listed in the manifest',
        recomputed: 'no event of the stream in the bundle',
      }));
  }

  get streams(): number {
    return this.heads.size;
  }
}
