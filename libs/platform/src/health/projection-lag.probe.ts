import { Inject, Injectable } from '@nestjs/common';
import { EventStore, SqlClient } from '@app/event-store';
import { EVENT_STORE, READ_DB } from '../tokens';
import { MetricsService } from '../metrics/metrics.service';
import { redactNiks } from '../logging/nik-redaction';

export const PROJECTION_LAG_TOLERANCE_SECONDS = 60;

export interface ProjectionLag {
  position: number;
  /** Positions between the checkpoint and the store's head. */
  behind: number;
  /** Age of the oldest event after the checkpoint: how stale the read model is. */
  secondsBehind: number;
  /** The event this projection cannot apply, while it cannot. */
  failing?: { position: number; streamId: string; type: string; error: string };
}

/**
 * Compares each projection's checkpoint with the event store's head, for /health and, before
 * every scrape, the lag gauges in /metrics. Runners move idle checkpoints to the head, so an
 * event after a checkpoint is one the projection has not applied yet.
 */
@Injectable()
export class ProjectionLagProbe {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_DB) private readonly readDb: SqlClient,
    private readonly metrics: MetricsService,
  ) {
    metrics.beforeScrape(() => this.check());
  }

  async check(): Promise<{ ok: boolean; detail: string; projections: Record<string, ProjectionLag> }> {
    const projections: Record<string, ProjectionLag> = {};
    try {
      const head = await this.store.headPosition();
      const { rows } = await this.readDb
        .query<{ name: string; position: number }>(
          // A rebuild's own checkpoint is not a read model anyone reads from (yet).
          "SELECT name, position FROM projection_checkpoints WHERE name NOT LIKE '%\\_\\_rebuild' ORDER BY name",
        )
        .catch(() => ({ rows: [] as Array<{ name: string; position: number }> }));
      let worst = 0;
      const now = Date.now();
      for (const r of rows) {
        const position = Number(r.position);
        // A failed read is a failed check, never "nothing behind".
        const [oldest] = position === head ? [] : await this.store.readAll({ after: position, limit: 1 });
        const behind = oldest ? Math.max(1, head - position) : 0;
        const secondsBehind = oldest ? Math.max(0, (now - Date.parse(oldest.metadata.recordedAt)) / 1000) : 0;
        projections[r.name] = { position, behind, secondsBehind: Math.round(secondsBehind) };
        this.metrics.projectionLagEvents.set({ projection: r.name }, behind);
        this.metrics.projectionLagSeconds.set({ projection: r.name }, secondsBehind);
        worst = Math.max(worst, secondsBehind);
      }
      const failing = await this.failingProjections(projections);
      const ok = worst <= PROJECTION_LAG_TOLERANCE_SECONDS && failing.length === 0;
      const detail =
        failing.length > 0
          ? failing.join('; ')
          : ok
            ? 'within tolerance'
            : `a projection is ${Math.round(worst)} s behind`;
      return { ok, detail, projections };
    } catch (e) {
      return { ok: false, detail: (e as Error).message, projections };
    }
  }

  /** Projections stopped at an event they cannot apply (recorded by the runner that tried). */
  private async failingProjections(projections: Record<string, ProjectionLag>): Promise<string[]> {
    const { rows } = await this.readDb.query<{
      name: string;
      position: number;
      stream_id: string;
      event_type: string;
      error: string;
    }>('SELECT name, position, stream_id, event_type, error FROM projection_failures ORDER BY name');
    return rows.map((r) => {
      const failing = {
        position: Number(r.position),
        streamId: r.stream_id,
        type: r.event_type,
        error: redactNiks(r.error),
      };
      projections[r.name] = {
        ...(projections[r.name] ?? { position: 0, behind: 0, secondsBehind: 0 }),
        failing,
      };
      return `projection ${r.name} cannot apply event ${failing.position} (${failing.type} on ${failing.streamId}): ${failing.error}`;
    });
  }
}
