import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { EventStore } from '@app/event-store';
import { DomainError } from '@app/domain/shared';
import { Clock, EVENT_STORE } from '@app/platform';
import { ClaimViewAsOf, MemberViewAsOf, replayClaimAsOf, replayMemberAsOf } from '@app/read-models';

/** A claim as it was known at an instant, rebuilt from its events alone. */
export class ClaimAsOfQuery extends Query<ClaimViewAsOf> {
  constructor(
    readonly claimId: string,
    /** Absent: everything recorded so far. */
    readonly asOf: Date | undefined,
  ) {
    super();
  }
}

/** A member as it was known at an instant, rebuilt from its events alone. */
export class MemberAsOfQuery extends Query<MemberViewAsOf> {
  constructor(
    readonly memberId: string,
    /** Absent: everything recorded so far. */
    readonly asOf: Date | undefined,
  ) {
    super();
  }
}

@QueryHandler(ClaimAsOfQuery)
export class ClaimAsOfHandler implements IQueryHandler<ClaimAsOfQuery, ClaimViewAsOf> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  async execute({ claimId, asOf }: ClaimAsOfQuery): Promise<ClaimViewAsOf> {
    const view = await replayClaimAsOf(this.store, claimId, asOf, this.clock.now());
    if (!view) {
      const when = asOf ? `at ${asOf.toISOString()}` : '';
      throw new DomainError('not_found', 'CLAIM_NOT_FOUND', `Claim ${claimId} did not exist ${when}`.trim(), {
        claimId,
        ...(asOf ? { asOf: asOf.toISOString() } : {}),
      });
    }
    return view;
  }
}

@QueryHandler(MemberAsOfQuery)
export class MemberAsOfHandler implements IQueryHandler<MemberAsOfQuery, MemberViewAsOf> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  async execute({ memberId, asOf }: MemberAsOfQuery): Promise<MemberViewAsOf> {
    const view = await replayMemberAsOf(this.store, memberId, asOf, this.clock.now());
    if (!view) {
      const when = asOf ? `at ${asOf.toISOString()}` : '';
      throw new DomainError(
        'not_found',
        'MEMBER_NOT_FOUND',
        `Member ${memberId} was not enrolled ${when}`.trim(),
        {
          memberId,
          ...(asOf ? { asOf: asOf.toISOString() } : {}),
        },
      );
    }
    return view;
  }
}
