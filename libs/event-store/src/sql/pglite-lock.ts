import { randomUUID } from 'node:crypto';
import { linkSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DataDirectoryLockedError } from '../errors';

/** In the data directory itself, so it moves and is backed up with it. */
export const PGLITE_LOCK_FILE = 'bpu-claims.lock';
/** A takeover guard older than this was left by a process that died mid-takeover. */
const STALE_GUARD_MS = 10_000;

/** Lock files this process holds: a lock naming our own pid but not held here is a previous life's. */
const heldHere = new Set<string>();

interface LockOwner {
  pid: number;
  raw: string;
}

function readOwner(path: string): LockOwner | undefined {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    const pid = Number((JSON.parse(raw) as { pid?: unknown }).pid);
    return { pid: Number.isInteger(pid) && pid > 0 ? pid : 0, raw };
  } catch {
    return { pid: 0, raw }; // not a lock this code wrote: no live owner can be named
  }
}

function isAlive(pid: number, path: string): boolean {
  if (pid <= 0) return false;
  // Our own pid on a lock we do not hold: written by an earlier process that had this pid (a
  // container restarted, pid 1 again).
  if (pid === process.pid) return heldHere.has(path);
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Creates `path` holding `content`, atomically and complete, or fails with EEXIST. */
function createComplete(path: string, content: string): boolean {
  const tmp = `${path}.${process.pid}.${randomUUID()}.tmp`;
  writeFileSync(tmp, content);
  try {
    linkSync(tmp, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    unlinkSync(tmp);
  }
}

function removeIf(path: string, raw: string): void {
  const now = readOwner(path);
  if (now && now.raw === raw) unlinkSync(path);
}

/**
 * Takes the data directory's lock file (its owner's pid in it) or fails at once naming the owner.
 * A lock whose process is gone (kill -9, power loss) is stale and taken over; the takeover runs
 * under a guard file, so two processes finding the same stale lock cannot both take it.
 * Returns the release function.
 */
export async function lockDataDirectory(dataDir: string): Promise<() => void> {
  const path = join(dataDir, PGLITE_LOCK_FILE);
  const guard = `${path}.takeover`;
  const content = `${JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() })}\n`;
  for (let attempt = 0; attempt < 50; attempt++) {
    if (createComplete(path, content)) {
      heldHere.add(path);
      return () => {
        heldHere.delete(path);
        removeIf(path, content);
      };
    }
    const owner = readOwner(path);
    if (owner && isAlive(owner.pid, path)) throw new DataDirectoryLockedError(dataDir, owner.pid, path);
    if (!owner) continue; // released meanwhile
    if (createComplete(guard, content)) {
      try {
        removeIf(path, owner.raw); // still the stale one, not a lock taken meanwhile
      } finally {
        unlinkSync(guard);
      }
      continue;
    }
    const guardAge = (() => {
      try {
        return Date.now() - statSync(guard).mtimeMs;
      } catch {
        return 0;
      }
    })();
    if (guardAge > STALE_GUARD_MS) removeIf(guard, readOwner(guard)?.raw ?? '');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`Could not take the lock file ${path}`);
}
