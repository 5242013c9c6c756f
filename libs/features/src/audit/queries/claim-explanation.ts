import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { EventStore } from '@app/event-store';
import { ClaimExplanation } from '@app/domain/audit';
import { DomainError } from '@app/domain/shared';
import { Clock, EVENT_STORE } from '@app/platform';
import { explainClaimFromStore } from '@app/read-models';

/** How every rupiah of a claim came to be, from its events alone (docs/audit.md "Explanations"). */
export class ClaimExplanationQuery extends Query<ClaimExplanation> {
  constructor(readonly claimId: string) {
    super();
  }
}

@QueryHandler(ClaimExplanationQuery)
export class ClaimExplanationHandler implements IQueryHandler<ClaimExplanationQuery, ClaimExplanation> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  async execute({ claimId }: ClaimExplanationQuery): Promise<ClaimExplanation> {
    const explanation = await explainClaimFromStore(this.store, claimId, this.clock.now());
    if (!explanation)
      throw new DomainError('not_found', 'CLAIM_NOT_FOUND', `Claim ${claimId} does not exist`, { claimId });
    return explanation;
  }
}
