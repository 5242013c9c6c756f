import { createHash } from 'node:crypto';

/**
 * The hashing of an audit bundle's day checkpoints (docs/audit.md "Audit bundle: hashing"), kept
 * small so an outside auditor can re-implement it:
 *
 *   leaf  = SHA-256(0x00 ‖ UTF-8("<position>|<eventId>|<hash>"))
 *   node  = SHA-256(0x01 ‖ left ‖ right)                      (32-byte digests, not hex)
 *   root  = the one node left after pairing each level left to right; a level's last node
 *           without a partner moves up unchanged (it is not paired with itself)
 *   chain = SHA-256(UTF-8("bpu-audit-day/v1|<previous chain>|<root>|<date>|<count>")), hex,
 *           the previous chain of a bundle's first day being 64 zeros
 */
export const DIGEST_BYTES = 32;
export const GENESIS_CHAIN = '0'.repeat(64);

const LEAF = Buffer.from([0x00]);
const NODE = Buffer.from([0x01]);

export function leafHash(position: number, eventId: string, hash: string): Buffer {
  return createHash('sha256').update(LEAF).update(`${position}|${eventId}|${hash}`, 'utf8').digest();
}

export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256').update(NODE).update(left).update(right).digest();
}

/** Leaves appended as 32-byte digests into one growing buffer (a day of 600k events is 19 MB). */
export class LeafBuffer {
  private buf = Buffer.allocUnsafe(DIGEST_BYTES * 1024);
  count = 0;

  push(leaf: Buffer): void {
    if ((this.count + 1) * DIGEST_BYTES > this.buf.length) {
      const bigger = Buffer.allocUnsafe(this.buf.length * 2);
      this.buf.copy(bigger, 0, 0, this.count * DIGEST_BYTES);
      this.buf = bigger;
    }
    leaf.copy(this.buf, this.count * DIGEST_BYTES);
    this.count += 1;
  }

  leaves(): Buffer[] {
    const out: Buffer[] = [];
    for (let i = 0; i < this.count; i++)
      out.push(this.buf.subarray(i * DIGEST_BYTES, (i + 1) * DIGEST_BYTES));
    return out;
  }
}

/** The Merkle root (hex) of the leaves in order; a day always has at least one event. */
export function merkleRoot(leaves: readonly Buffer[]): string {
  if (leaves.length === 0) throw new Error('a Merkle root needs at least one leaf');
  let level = leaves.slice();
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(nodeHash(level[i], level[i + 1]));
    if (level.length % 2 === 1) next.push(level[level.length - 1]);
    level = next;
  }
  return level[0].toString('hex');
}

export function dayChain(previous: string, root: string, date: string, count: number): string {
  return createHash('sha256')
    .update(`bpu-audit-day/v1|${previous}|${root}|${date}|${count}`, 'utf8')
    .digest('hex');
}
