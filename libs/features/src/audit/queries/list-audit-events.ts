import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { EventStore, Position, RecordedEvent } from '@app/event-store';
import { EVENT_STORE } from '@app/platform';

export interface AuditEvent {
  position: number;
  eventId: string;
  streamId: string;
  revision: number;
  type: string;
  data: unknown;
  metadata: {
    actor: string;
    correlationId: string;
    causationId: string | null;
    recordedAt: string;
    schemaVersion: number;
  };
  hash: string;
  prevHash: string | null;
}

export interface AuditEventPage {
  items: AuditEvent[];
  nextCursor: string | null;
}

/** A page of the event log in global order, optionally one stream (or a prefix with `*`) and some types. */
export class ListAuditEventsQuery extends Query<AuditEventPage> {
  constructor(
    readonly after: Position,
    readonly limit: number,
    readonly stream?: string,
    readonly types?: string[],
  ) {
    super();
  }
}

export function toAuditEvent(e: RecordedEvent): AuditEvent {
  return {
    position: e.position,
    eventId: e.eventId,
    streamId: e.streamId,
    revision: e.revision,
    type: e.type,
    data: e.data,
    metadata: {
      actor: e.metadata.actor,
      correlationId: e.metadata.correlationId,
      causationId: e.metadata.causationId ?? null,
      recordedAt: e.metadata.recordedAt,
      schemaVersion: e.metadata.schemaVersion,
    },
    hash: e.hash,
    prevHash: e.prevHash,
  };
}

@QueryHandler(ListAuditEventsQuery)
export class ListAuditEventsHandler implements IQueryHandler<ListAuditEventsQuery, AuditEventPage> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ after, limit, stream, types }: ListAuditEventsQuery): Promise<AuditEventPage> {
    const events =
      stream && !stream.endsWith('*')
        ? await this.oneStream(stream, after, limit, types)
        : await this.store.readAll({
            after: after || undefined,
            limit,
            ...(stream ? { streamPrefixes: [stream.slice(0, -1)] } : {}),
            ...(types?.length ? { types } : {}),
          });
    const items = events.map(toAuditEvent);
    return { items, nextCursor: items.length === limit ? String(items[items.length - 1].position) : null };
  }

  /**
   * One stream, read by its own index. A stream's events are appended one transaction after
   * another, so its revision order is its order in the global log.
   */
  private async oneStream(
    streamId: string,
    after: Position,
    limit: number,
    types?: string[],
  ): Promise<RecordedEvent[]> {
    const events = await this.store.readStream(streamId);
    return events
      .filter((e) => e.position > after && (!types?.length || types.includes(e.type)))
      .slice(0, limit);
  }
}
