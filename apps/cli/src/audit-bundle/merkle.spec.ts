import { createHash } from 'node:crypto';
import { dayChain, GENESIS_CHAIN, LeafBuffer, leafHash, merkleRoot, nodeHash } from './merkle';

const sha = (...parts: Array<Buffer | string>) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const leaves = (n: number) =>
  Array.from({ length: n }, (_, i) => leafHash(i + 1, `id-${i + 1}`, 'ab'.repeat(32)));

describe('audit bundle Merkle tree (docs/audit.md "Audit bundle: hashing")', () => {
  it('a leaf is SHA-256 of 0x00 and "<position>|<eventId>|<hash>"; a node of 0x01, left and right', () => {
    expect(leafHash(7, 'e1', 'ff')).toEqual(sha(Buffer.from([0]), '7|e1|ff'));
    const [a, b] = leaves(2);
    expect(nodeHash(a, b)).toEqual(sha(Buffer.from([1]), a, b));
    // Domain separation: a leaf never equals a node over the same bytes.
    expect(leafHash(1, 'x', 'y')).not.toEqual(sha(Buffer.from([1]), '1|x|y'));
  });

  it('one leaf is its own root; an unpaired last node moves up unchanged, not paired with itself', () => {
    const [a, b, c] = leaves(3);
    expect(merkleRoot([a])).toBe(a.toString('hex'));
    expect(merkleRoot([a, b])).toBe(nodeHash(a, b).toString('hex'));
    expect(merkleRoot([a, b, c])).toBe(nodeHash(nodeHash(a, b), c).toString('hex'));
    expect(merkleRoot([a, b, c])).not.toBe(merkleRoot([a, b, c, c]));
    const five = leaves(5);
    expect(merkleRoot(five)).toBe(
      nodeHash(nodeHash(nodeHash(five[0], five[1]), nodeHash(five[2], five[3])), five[4]).toString('hex'),
    );
  });

  it('order matters, and any changed leaf changes the root', () => {
    const ls = leaves(6);
    const root = merkleRoot(ls);
    expect(merkleRoot([ls[1], ls[0], ...ls.slice(2)])).not.toBe(root);
    expect(merkleRoot([...ls.slice(0, 5), leafHash(6, 'id-6', 'cd'.repeat(32))])).not.toBe(root);
    expect(merkleRoot(ls.slice(0, 5))).not.toBe(root);
    expect(() => merkleRoot([])).toThrow();
  });

  it('LeafBuffer keeps the leaves in order as it grows', () => {
    const ls = leaves(3000);
    const buffer = new LeafBuffer();
    for (const l of ls) buffer.push(l);
    expect(buffer.count).toBe(3000);
    expect(merkleRoot(buffer.leaves())).toBe(merkleRoot(ls));
  });

  it('the day chain hashes the previous chain, the root, the date and the count', () => {
    const root = 'aa'.repeat(32);
    const first = dayChain(GENESIS_CHAIN, root, '2026-01-31', 3);
    expect(first).toBe(sha(`bpu-audit-day/v1|${'0'.repeat(64)}|${root}|2026-01-31|3`).toString('hex'));
    expect(dayChain(first, root, '2026-02-01', 3)).not.toBe(dayChain(GENESIS_CHAIN, root, '2026-02-01', 3));
    expect(dayChain(GENESIS_CHAIN, root, '2026-01-31', 4)).not.toBe(first);
  });
});
