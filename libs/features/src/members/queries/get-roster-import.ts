import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { EventStore } from '@app/event-store';
import { EVENT_STORE } from '@app/platform';
import { notFound } from '../../shared/command-support';
import { rosterImportStreamId } from '../member-streams';
import {
  foldRosterImport,
  RosterImportView,
  toRosterImportView,
} from '../roster-import/roster-import.events';

/** `GET /api/members/imports/{importId}`: the progress recorded on the import's stream. */
export class GetRosterImportQuery extends Query<RosterImportView> {
  constructor(readonly importId: string) {
    super();
  }
}

@QueryHandler(GetRosterImportQuery)
export class GetRosterImportHandler implements IQueryHandler<GetRosterImportQuery, RosterImportView> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ importId }: GetRosterImportQuery): Promise<RosterImportView> {
    const state = foldRosterImport(await this.store.readStream(rosterImportStreamId(importId)));
    if (!state.exists) throw notFound('Roster import', importId);
    return toRosterImportView(state);
  }
}
