import { SqlQueryable } from '@app/event-store';
import { liveTables } from '../projection';
import { ReviewReason } from './claim-review-row';
import { claimReviewsProjection } from './claim-reviews.projection';

export interface ClaimReviewItem {
  claimId: string;
  memberId: string;
  status: string;
  reasons: ReviewReason[];
  since: string;
}

const table = () => liveTables(claimReviewsProjection).claim_reviews;

/** Decided claims listed for review, the longest listed first, after `after` (a page's last item). */
export async function listClaimReviews(
  db: SqlQueryable,
  o: { limit: number; after?: { since: string; claimId: string } },
): Promise<ClaimReviewItem[]> {
  const params: unknown[] = [o.limit];
  let where = 'since IS NOT NULL AND decided';
  if (o.after) {
    params.push(o.after.since, o.after.claimId);
    where += ' AND (since, claim_id) > ($2::timestamptz, $3)';
  }
  const { rows } = await db.query<{
    claim_id: string;
    member_id: string;
    status: string;
    reasons: ReviewReason[];
    since: Date | string;
  }>(
    `SELECT claim_id, member_id, status, reasons, since FROM ${table()} WHERE ${where} ORDER BY since, claim_id LIMIT $1`,
    params,
  );
  return rows.map((r) => ({
    claimId: r.claim_id,
    memberId: r.member_id,
    status: r.status,
    reasons: r.reasons,
    since: new Date(r.since).toISOString(),
  }));
}

/** The claim's review while it is listed (the claim view's `review`). */
export async function claimReview(
  db: SqlQueryable,
  claimId: string,
): Promise<{ reasons: ReviewReason[]; since: string } | undefined> {
  const { rows } = await db.query<{ reasons: ReviewReason[]; since: Date | string }>(
    `SELECT reasons, since FROM ${table()} WHERE claim_id = $1 AND decided AND since IS NOT NULL`,
    [claimId],
  );
  return rows[0] ? { reasons: rows[0].reasons, since: new Date(rows[0].since).toISOString() } : undefined;
}
