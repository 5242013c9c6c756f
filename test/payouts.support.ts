import { spawn, ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore } from '@app/event-store';
import { Heir } from '@app/domain/members';
import { seedMember as seedMemberIn } from './support/seed-member';
import { Clock } from '@app/platform';
import Redis from 'ioredis';

/** A clock tests can move; each reading steps a second so events keep their order. */
export class MovableClock extends Clock {
  private ms: number;
  constructor(start: string) {
    super();
    this.ms = Date.parse(start);
  }
  now(): Date {
    this.ms += 1000;
    return new Date(this.ms);
  }
  set(instant: string): void {
    this.ms = Date.parse(instant);
  }
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined | false>,
  what: string,
  timeoutMs = 30_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v as T;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A member paid through 2026-12, with a spouse as heir unless told otherwise. */
export const seedMember = (store: EventStore, heirs?: Heir[]): Promise<string> =>
  seedMemberIn(store, { heirs, paidThrough: '2026-12' });

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** A private redis-server (AOF on, noeviction) so stopping it disturbs nobody else. */
export class PrivateRedis {
  private proc?: ChildProcess;
  readonly dir = mkdtempSync(join(tmpdir(), 'payout-redis-'));
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.proc = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'yes',
        '--dir',
        this.dir,
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: 'ignore' },
    );
    await waitFor(() => this.ping(), `redis on ${this.port}`, 10_000, 50);
  }

  /** SIGTERM: Redis flushes its AOF and exits (a restart, not a disaster). */
  async stop(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGTERM');
    await exited;
    this.proc = undefined;
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async ping(): Promise<boolean> {
    const c = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    c.on('error', () => undefined);
    try {
      await c.connect();
      return (await c.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      c.disconnect();
    }
  }
}
