import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { EventStore, VerifyResult } from '@app/event-store';
import { EVENT_STORE } from '@app/platform';

/** Recomputes every stored event's hash and chain link (guarantee 9); changes nothing. */
export class VerifyEventLogQuery extends Query<VerifyResult> {
  constructor(readonly streamId?: string) {
    super();
  }
}

@QueryHandler(VerifyEventLogQuery)
export class VerifyEventLogHandler implements IQueryHandler<VerifyEventLogQuery, VerifyResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ streamId }: VerifyEventLogQuery): Promise<VerifyResult> {
    return this.store.verify(streamId ? { streamId } : {});
  }
}
