import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG } from '../tokens';
import { AppConfig } from '../config';

/**
 * Watches Redis for /health and warns when its eviction policy could drop queued jobs
 * (guarantee 7). The service keeps running without Redis: payouts wait in the outbox.
 */
@Injectable()
export class RedisProbe implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  private client?: Redis;
  private warned = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private connection(): Redis {
    this.client ??= new Redis(this.config.redisUrl, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 1000,
      retryStrategy: (n) => Math.min(n * 500, 5000),
    });
    this.client.on('error', () => undefined);
    return this.client;
  }

  async check(): Promise<{ ok: boolean; detail: string }> {
    const c = this.connection();
    try {
      if (c.status === 'wait' || c.status === 'end') await c.connect().catch(() => undefined);
      const pong = await Promise.race([
        c.ping(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000)),
      ]);
      if (pong !== 'PONG') return { ok: false, detail: `unexpected reply ${pong}` };
      const policy = await this.maxmemoryPolicy(c);
      if (policy && policy !== 'noeviction') {
        if (!this.warned) {
          this.logger.warn(
            `Redis maxmemory-policy is "${policy}"; payout jobs can be evicted. Set it to "noeviction".`,
          );
          this.warned = true;
        }
        return { ok: true, detail: `maxmemory-policy ${policy} (should be noeviction)` };
      }
      return { ok: true, detail: 'up' };
    } catch (e) {
      return { ok: false, detail: `unreachable: ${(e as Error).message}` };
    }
  }

  private async maxmemoryPolicy(c: Redis): Promise<string | undefined> {
    try {
      const r = (await c.config('GET', 'maxmemory-policy')) as string[];
      return r?.[1];
    } catch {
      return undefined; // managed Redis may forbid CONFIG
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.client?.disconnect();
  }
}
