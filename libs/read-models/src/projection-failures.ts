import { RecordedEvent, SqlQueryable } from '@app/event-store';

/**
 * The event each projection last failed to apply, kept in the read database so /health on any
 * process can name it (position, stream, type, error). A projection's next applied batch clears it.
 */
export const PROJECTION_FAILURES_SCHEMA = `
CREATE TABLE IF NOT EXISTS projection_failures (
  name       text PRIMARY KEY,
  position   bigint NOT NULL,
  stream_id  text NOT NULL,
  event_type text NOT NULL,
  error      text NOT NULL,
  failed_at  timestamptz NOT NULL DEFAULT now()
)`;

export interface ProjectionFailure {
  position: number;
  streamId: string;
  type: string;
  error: string;
}

/** An event a projection cannot apply: the runner retries it, and says which one it is. */
export class ProjectionEventError extends Error {
  constructor(
    readonly projection: string,
    readonly failure: ProjectionFailure,
  ) {
    super(
      `projection ${projection} cannot apply event ${failure.position} (${failure.type} on ${failure.streamId}): ${failure.error}`,
    );
    this.name = 'ProjectionEventError';
  }

  static of(projection: string, event: RecordedEvent, cause: unknown): ProjectionEventError {
    return new ProjectionEventError(projection, {
      position: event.position,
      streamId: event.streamId,
      type: event.type,
      error: cause instanceof Error ? cause.message : String(cause),
    });
  }
}

export async function recordProjectionFailure(db: SqlQueryable, e: ProjectionEventError): Promise<void> {
  const f = e.failure;
  await db.query(
    `INSERT INTO projection_failures (name, position, stream_id, event_type, error, failed_at)
     VALUES ($1, $2, $3, $4, $5, now())
     ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, stream_id = EXCLUDED.stream_id,
       event_type = EXCLUDED.event_type, error = EXCLUDED.error, failed_at = now()`,
    [e.projection, f.position, f.streamId, f.type, f.error.slice(0, 2000)],
  );
}

export async function clearProjectionFailure(db: SqlQueryable, name: string): Promise<void> {
  await db.query('DELETE FROM projection_failures WHERE name = $1', [name]);
}
