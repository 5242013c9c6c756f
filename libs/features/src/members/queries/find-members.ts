import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { SqlClient } from '@app/event-store';
import { MemberStatus, P3keDecile } from '@app/domain/members';
import { Clock, READ_DB } from '@app/platform';
import { findMembers } from '@app/read-models';
import { decodeCursor, encodeCursor, Page } from '../../shared/paging';
import { memberViewOf, VersionedMemberView } from '../member-view';

export interface MemberSearch {
  nik?: string;
  p3keDesil?: P3keDecile;
  status?: MemberStatus;
  subdistrict?: string;
  limit?: number;
  cursor?: string;
}

/** `GET /api/members` from the members read model; the status filter is judged as of today. */
export class FindMembersQuery extends Query<Page<VersionedMemberView>> {
  constructor(readonly search: MemberSearch) {
    super();
  }
}

@QueryHandler(FindMembersQuery)
export class FindMembersHandler implements IQueryHandler<FindMembersQuery, Page<VersionedMemberView>> {
  constructor(
    @Inject(READ_DB) private readonly db: SqlClient,
    private readonly clock: Clock,
  ) {}

  async execute({ search }: FindMembersQuery): Promise<Page<VersionedMemberView>> {
    const today = this.clock.today();
    const limit = search.limit ?? 50;
    const after = decodeCursor<{ after: string }>(search.cursor)?.after;
    const records = await findMembers(this.db, {
      nik: search.nik,
      p3keDesil: search.p3keDesil,
      status: search.status,
      subdistrict: search.subdistrict,
      today,
      afterMemberId: typeof after === 'string' ? after : undefined,
      limit: limit + 1,
    });
    const page = records.slice(0, limit);
    return {
      items: page.map((r) => memberViewOf(r.state, r.revision, today)),
      nextCursor:
        records.length > limit ? encodeCursor({ after: page[page.length - 1].state.memberId }) : null,
    };
  }
}
