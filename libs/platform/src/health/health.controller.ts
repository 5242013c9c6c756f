import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Response } from 'express';
import { EventStore } from '@app/event-store';
import { SqlClient } from '@app/event-store';
import { Public } from '../auth/roles';
import { EVENT_STORE, READ_DB } from '../tokens';
import { RedisProbe } from './redis-probe';
import { ProjectionLagProbe } from './projection-lag.probe';
import { PayoutProcessProbe } from './payout-process-failures';

/**
 * `ok` when everything answers; `degraded` when the service still serves but Redis is away, the
 * projections lag behind or the payout process has failures it keeps retrying; 503 `down` when the event store or read models cannot be reached.
 */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_DB) private readonly readDb: SqlClient,
    private readonly redis: RedisProbe,
    private readonly lag: ProjectionLagProbe,
    private readonly payoutProcess: PayoutProcessProbe,
  ) {}

  @Public()
  @Get()
  @ApiOkResponse({
    description:
      '{status: "ok"|"degraded", checks: {eventStore, readModels, redis, projectionLag, payoutProcess}}',
  })
  async health(@Res() res: Response): Promise<void> {
    const [eventStore, readModels, redis, projectionLag, payoutProcess] = await Promise.all([
      this.store.health(),
      this.readDb
        .query('SELECT 1')
        .then(() => ({ ok: true, detail: this.readDb.kind }))
        .catch((e: Error) => ({ ok: false, detail: e.message })),
      this.redis.check(),
      this.lag.check(),
      this.payoutProcess.check(),
    ]);
    const checks = {
      eventStore: this.indicate('eventStore', eventStore),
      readModels: this.indicate('readModels', readModels),
      redis: this.indicate('redis', redis),
      projectionLag: this.indicate('projectionLag', projectionLag),
      payoutProcess: this.indicate('payoutProcess', payoutProcess),
    };
    const down = !eventStore.ok || !readModels.ok;
    const status = down ? 'down' : redis.ok && projectionLag.ok && payoutProcess.ok ? 'ok' : 'degraded';
    res.status(down ? 503 : 200).json({ status, checks });
  }

  private indicate(key: string, r: { ok: boolean; detail?: string }) {
    const indicator = this.indicators.check(key);
    const { ok, ...rest } = r;
    if (rest.detail !== undefined) rest.detail = withoutPaths(rest.detail);
    const result = ok ? indicator.up(rest) : indicator.down(rest);
    return result[key];
  }
}

/** /health needs no token: it names what answers, never where its files are. */
export function withoutPaths(detail: string): string {
  return detail.replace(/(?<=^|[\s('"=])(?:[A-Za-z]:)?\.{0,2}[\\/][^\s()'",;]*/g, '<path>');
}
