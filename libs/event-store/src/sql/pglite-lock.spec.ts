import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirectoryLockedError } from '../errors';
import { openSqlClient } from './sql-client';
import { PGLITE_LOCK_FILE } from './pglite-lock';
import { openInAnotherProcess } from '@app/testing/pglite-process';

/** One PGlite directory, one process: a second opener is refused at once, a dead owner's lock is taken over. */
describe('PGlite data directory lock (real second processes)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pglite-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const lockOwner = () => JSON.parse(readFileSync(join(dir, PGLITE_LOCK_FILE), 'utf8')).pid as number;

  it('a second process opening a directory held here is refused at once, naming the directory and this pid', async () => {
    const db = await openSqlClient(`pglite://${dir}`);
    await db.query('CREATE TABLE written_here (n int)');
    const second = await openInAnotherProcess(dir);
    await second.close();
    expect(second.outcome).toMatchObject({ opened: false, name: 'DataDirectoryLockedError' });
    expect(second.outcome.message).toContain(dir);
    expect(second.outcome.message).toContain(`process ${process.pid}`);
    expect(second.outcome.ms).toBeLessThan(2000);
    await db.close();
    expect(existsSync(join(dir, PGLITE_LOCK_FILE))).toBe(false);

    // Released on close: the next process opens it, and finds what was written here.
    const next = await openInAnotherProcess(dir);
    expect(next.outcome).toEqual({ opened: true });
    await next.close();
    const again = await openSqlClient(`pglite://${dir}`);
    expect((await again.query<{ pid: number }>('SELECT pid FROM written_by_child')).rows).toHaveLength(1);
    await again.close();
  });

  it('a directory held by another process is refused here, and can be opened once it closes', async () => {
    const holder = await openInAnotherProcess(dir);
    expect(holder.outcome).toEqual({ opened: true });
    const refused = await openSqlClient(`pglite://${dir}`).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DataDirectoryLockedError);
    expect(refused).toMatchObject({ dataDir: dir, pid: holder.pid });
    await holder.close();
    const db = await openSqlClient(`pglite://${dir}`);
    expect(lockOwner()).toBe(process.pid);
    await db.close();
  });

  it('the lock of a process killed with SIGKILL is stale: it is taken over and the data is intact', async () => {
    const holder = await openInAnotherProcess(dir);
    expect(holder.outcome).toEqual({ opened: true });
    await holder.kill();
    expect(lockOwner()).toBe(holder.pid); // left behind, naming a dead process
    const db = await openSqlClient(`pglite://${dir}`);
    expect(lockOwner()).toBe(process.pid);
    const { rows } = await db.query<{ pid: number }>('SELECT pid FROM written_by_child');
    expect(rows.map((r) => Number(r.pid))).toEqual([holder.pid]);
    const refused = await openInAnotherProcess(dir);
    expect(refused.outcome).toMatchObject({ opened: false, name: 'DataDirectoryLockedError' });
    await db.close();
  });

  it("a lock naming this process's pid that this process does not hold (a restarted container) is stale", async () => {
    writeFileSync(join(dir, PGLITE_LOCK_FILE), JSON.stringify({ pid: process.pid }));
    const db = await openSqlClient(`pglite://${dir}`);
    expect(lockOwner()).toBe(process.pid);
    await db.close();
    expect(existsSync(join(dir, PGLITE_LOCK_FILE))).toBe(false);
  });
});
