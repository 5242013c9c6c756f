import { compareDay, DayBuilder, StreamChains } from './checks';
import { dayChain, GENESIS_CHAIN, leafHash, merkleRoot } from './merkle';
import { utcDate } from './manifest';

const h = (n: number) => n.toString(16).padStart(64, '0');
const link = (streamId: string, revision: number, position: number, prevHash: string | null) => ({
  streamId,
  revision,
  position,
  hash: h(position),
  prevHash,
});

describe('audit bundle checks (docs/audit.md "Audit bundle: checks")', () => {
  it('a day checkpoint: count, first and last position, Merkle root and chain', () => {
    const day = new DayBuilder('2026-01-31');
    day.add(5, 'a', h(5));
    day.add(3, 'b', h(3));
    const file = { file: 'events/2026-01-31.jsonl', bytes: 10, sha256: h(9) };
    const cp = day.finish(GENESIS_CHAIN, file)!;
    const root = merkleRoot([leafHash(5, 'a', h(5)), leafHash(3, 'b', h(3))]);
    expect(cp).toEqual({
      date: '2026-01-31',
      ...file,
      count: 2,
      firstPosition: 5,
      lastPosition: 3,
      merkleRoot: root,
      chain: dayChain(GENESIS_CHAIN, root, '2026-01-31', 2),
    });
    expect(compareDay(cp, cp)).toEqual([]);
    expect(compareDay(cp, { ...cp, count: 1, merkleRoot: h(1) }).map((p) => p.check)).toEqual([
      'day count',
      'day merkle root',
    ]);
    expect(new DayBuilder('2026-02-01').finish(GENESIS_CHAIN, file)).toBeNull();
    expect(compareDay(cp, null)).toMatchObject([{ check: 'day count', recorded: 2, recomputed: 0 }]);
  });

  it('stream chains: a whole stream passes; a gap, a broken link, a repeated position and a step back are named', () => {
    const ok = new StreamChains([]);
    expect([
      ...ok.add(link('s', 0, 1, null)),
      ...ok.add(link('t', 0, 2, null)),
      ...ok.add(link('s', 1, 3, h(1))),
      ...ok.finish(),
    ]).toEqual([]);

    const bad = new StreamChains([]);
    bad.add(link('s', 0, 1, null));
    expect(bad.add(link('s', 2, 4, h(1))).map((p) => p.check)).toEqual(['stream revision contiguous']);
    expect(bad.add(link('s', 3, 5, h(99))).map((p) => p.check)).toEqual(['stream chain prevHash']);
    expect(bad.add({ ...link('s', 4, 5, h(5)), hash: h(50) }).map((p) => p.check)).toEqual([
      'position unique',
      'stream positions increasing',
    ]);
    expect(bad.add(link('u', 3, 9, h(8)))).toMatchObject([{ check: 'stream start', position: 9 }]);
  });

  it('a stream cut by the window starts at the boundary the manifest lists; an unused boundary is named', () => {
    const chains = new StreamChains([
      { streamId: 's', revision: 4, prevHash: h(40) },
      { streamId: 'gone', revision: 2, prevHash: h(41) },
    ]);
    expect(chains.add(link('s', 4, 50, h(40)))).toEqual([]);
    expect(chains.finish()).toMatchObject([
      { check: 'stream boundary unused', subject: 'stream gone revision 2' },
    ]);
    const wrong = new StreamChains([{ streamId: 's', revision: 4, prevHash: h(40) }]);
    expect(wrong.add(link('s', 5, 50, h(41))).map((p) => p.check)).toEqual([
      'stream boundary revision',
      'stream boundary prevHash',
    ]);
  });

  it('the day of an instant is its UTC date, whatever the offset it is written with', () => {
    expect(utcDate('2026-01-31T23:59:59.999Z')).toBe('2026-01-31');
    expect(utcDate('2026-02-01T06:00:00+07:00')).toBe('2026-01-31');
    expect(utcDate('2026-01-31T23:30:00-01:00')).toBe('2026-02-01');
    expect(utcDate('yesterday')).toBeNull();
    expect(utcDate(undefined)).toBeNull();
  });
});
