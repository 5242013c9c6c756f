import { Inject, Injectable } from '@nestjs/common';
import { EventStore, SqlClient } from '@app/event-store';
import { EVENT_STORE, READ_DB } from '../tokens';
import { MetricsService } from '../metrics/metrics.service';

export const PROJECTION_LAG_TOLERANCE_SECONDS = 60;

/** Compares each projection's checkpoint with the event store's head. */
@Injectable()
export class ProjectionLagProbe {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_DB) private readonly readDb: SqlClient,
    private readonly metrics: MetricsService,
  ) {}

  async check(): Promise<{
    ok: boolean;
    detail: string;
    projections: Record<string, { position: number; behind: number; secondsBehind: number }>;
  }> {
    const projections: Record<string, { position: number; behind: number; secondsBehind: number }> = {};
    try {
      const head = await this.store.headPosition();
      const { rows } = await this.readDb
        .query<{ name: string; position: number; updated_at: Date }>(
          'SELECT name, position, updated_at FROM projection_checkpoints',
        )
        .catch(() => ({ rows: [] as Array<{ name: string; position: number; updated_at: Date }> }));
      let worst = 0;
      for (const r of rows) {
        const behind = Math.max(0, head - Number(r.position));
        const secondsBehind =
          behind > 0 ? Math.max(0, (Date.now() - new Date(r.updated_at).getTime()) / 1000) : 0;
        projections[r.name] = {
          position: Number(r.position),
          behind,
          secondsBehind: Math.round(secondsBehind),
        };
        this.metrics.projectionLagEvents.set({ projection: r.name }, behind);
        this.metrics.projectionLagSeconds.set({ projection: r.name }, secondsBehind);
        worst = Math.max(worst, secondsBehind);
      }
      const ok = worst <= PROJECTION_LAG_TOLERANCE_SECONDS;
      return {
        ok,
        detail: ok ? 'within tolerance' : `a projection is ${Math.round(worst)} s behind`,
        projections,
      };
    } catch (e) {
      return { ok: false, detail: (e as Error).message, projections };
    }
  }
}
