import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reperformBundle } from './reperform';

const hex = (c: string) => c.repeat(64);

/** A signed manifest listing one day whose file the test chooses (docs/audit.md "Audit bundle: checks"). */
function bundle(file: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const dir = mkdtempSync(join(tmpdir(), 'bundle-files-'));
  mkdirSync(join(dir, 'events'));
  const manifest = {
    format: 'bpu-audit-bundle',
    formatVersion: 1,
    createdAt: '2026-01-02T00:00:00.000Z',
    store: { kind: 'postgres' },
    range: { from: null, to: null, firstPosition: 1, lastPosition: 1 },
    eventCount: 1,
    hashing: {},
    key: { algorithm: 'Ed25519', fingerprint: 'x' },
    days: [
      {
        date: '2026-01-01',
        file,
        count: 1,
        firstPosition: 1,
        lastPosition: 1,
        merkleRoot: hex('0'),
        chain: hex('0'),
        bytes: 1,
        sha256: hex('0'),
      },
    ],
    finalChain: hex('0'),
    boundaries: [],
  };
  const bytes = Buffer.from(JSON.stringify(manifest));
  writeFileSync(join(dir, 'manifest.json'), bytes);
  writeFileSync(join(dir, 'manifest.sig'), sign(null, bytes, privateKey).toString('base64'));
  return { dir, publicKey };
}

describe('reperformBundle reads only the day files of the bundle', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('a manifest naming a file outside events/ is a problem, and that file is never read', async () => {
    const { dir, publicKey } = bundle('../secret.txt');
    dirs.push(dir);
    writeFileSync(join(dir, '..', 'secret.txt'), 'top-secret-line\n');
    const report = await reperformBundle(dir, publicKey);
    expect(report.problems.map((p) => p.check)).toContain('day file name');
    expect(JSON.stringify(report.problems)).not.toContain('top-secret');
    rmSync(join(dir, '..', 'secret.txt'), { force: true });
  });

  it('a day file that is a symlink is a problem, and its target is never read', async () => {
    const { dir, publicKey } = bundle('events/2026-01-01.jsonl');
    dirs.push(dir);
    writeFileSync(join(dir, 'target.txt'), 'top-secret-line\n');
    symlinkSync(join(dir, 'target.txt'), join(dir, 'events', '2026-01-01.jsonl'));
    const report = await reperformBundle(dir, publicKey);
    expect(report.problems).toContainEqual(
      expect.objectContaining({ check: 'day file', recorded: 'not a regular file' }),
    );
    expect(JSON.stringify(report.problems)).not.toContain('top-secret');
  });
});
