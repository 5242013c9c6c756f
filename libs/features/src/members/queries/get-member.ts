import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { EventStore } from '@app/event-store';
import { memberDecider } from '@app/domain/members';
import { Clock, EVENT_STORE } from '@app/platform';
import { loadStream, notFound } from '../../shared/command-support';
import { memberStreamId } from '../member-streams';
import { memberViewOf, VersionedMemberView } from '../member-view';

/** `GET /api/members/{memberId}` from the member's own stream: read-your-writes. */
export class GetMemberQuery extends Query<VersionedMemberView> {
  constructor(readonly memberId: string) {
    super();
  }
}

@QueryHandler(GetMemberQuery)
export class GetMemberHandler implements IQueryHandler<GetMemberQuery, VersionedMemberView> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  async execute({ memberId }: GetMemberQuery): Promise<VersionedMemberView> {
    const { state, revision } = await loadStream(this.store, memberStreamId(memberId), memberDecider);
    if (!state.exists) throw notFound('Member', memberId);
    return memberViewOf(state, revision, this.clock.today());
  }
}
