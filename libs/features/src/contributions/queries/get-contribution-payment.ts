import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { EventStore } from '@app/event-store';
import { contributionPaymentDecider } from '@app/domain/contributions';
import { EVENT_STORE } from '@app/platform';
import { loadStream, notFound, versionOf } from '../../shared/command-support';
import { ContributionPaymentView, contributionPaymentViewOf } from '../contribution-payment-view';
import { paymentStreamId } from '../contribution-streams';

/** `GET /api/contribution-payments/{paymentId}` from the payment's stream. */
export class GetContributionPaymentQuery extends Query<ContributionPaymentView> {
  constructor(readonly paymentId: string) {
    super();
  }
}

@QueryHandler(GetContributionPaymentQuery)
export class GetContributionPaymentHandler implements IQueryHandler<
  GetContributionPaymentQuery,
  ContributionPaymentView
> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ paymentId }: GetContributionPaymentQuery): Promise<ContributionPaymentView> {
    const { state, revision } = await loadStream(
      this.store,
      paymentStreamId(paymentId),
      contributionPaymentDecider,
    );
    if (!state.exists) throw notFound('Contribution payment', paymentId);
    return contributionPaymentViewOf(state, versionOf(revision));
  }
}
