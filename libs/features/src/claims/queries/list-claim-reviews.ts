import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { SqlClient } from '@app/event-store';
import { READ_DB } from '@app/platform';
import { ClaimReviewItem, listClaimReviews } from '@app/read-models/reviews';
import { decodeCursor, encodeCursor, isIsoInstant, Page } from '../../shared';

/** docs/api.md "Corrections" `GET /api/claims/reviews`. */
export class ListClaimReviewsQuery extends Query<Page<ClaimReviewItem>> {
  constructor(readonly page: { limit?: number; cursor?: string }) {
    super();
  }
}

interface ReviewCursor {
  since: string;
  claimId: string;
}
const isReviewCursor = (c: unknown): boolean =>
  typeof c === 'object' &&
  c !== null &&
  isIsoInstant((c as ReviewCursor).since) &&
  typeof (c as ReviewCursor).claimId === 'string';

/** Decided claims whose facts changed after their decision, the longest listed first. */
@QueryHandler(ListClaimReviewsQuery)
export class ListClaimReviewsHandler implements IQueryHandler<ListClaimReviewsQuery, Page<ClaimReviewItem>> {
  constructor(@Inject(READ_DB) private readonly db: SqlClient) {}

  async execute({ page }: ListClaimReviewsQuery): Promise<Page<ClaimReviewItem>> {
    const limit = page.limit ?? 50;
    const after = decodeCursor<ReviewCursor>(page.cursor, isReviewCursor);
    const items = await listClaimReviews(this.db, { limit: limit + 1, after });
    const more = items.length > limit;
    const shown = items.slice(0, limit);
    const last = shown[shown.length - 1];
    return {
      items: shown,
      nextCursor: more && last ? encodeCursor({ since: last.since, claimId: last.claimId }) : null,
    };
  }
}
