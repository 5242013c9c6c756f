import { isClaim } from '@app/domain/claims';
import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { SqlClient } from '@app/event-store';
import { listPayoutProcessFailures, READ_DB } from '@app/platform';
import { claimReview, ReviewReason } from '@app/read-models/reviews';
import { ClaimRepository, ClaimResponse, claimNotFound } from '../claim-repository';

/** A payout of the claim that the payout process could not schedule or record; retried until it succeeds. */
export interface PayoutSchedulingFailure {
  /** Empty when the step failed for the claim's approval as a whole. */
  payoutId: string;
  code: string;
  message: string;
  since: string;
  attempts: number;
}

export type ClaimViewResponse = ClaimResponse & {
  payoutSchedulingFailed?: PayoutSchedulingFailure[];
  /** docs/api.md "Corrections": while the decided claim is listed for review. */
  review?: { reasons: ReviewReason[]; since: string };
};

export class GetClaimQuery extends Query<ClaimViewResponse> {
  constructor(readonly claimId: string) {
    super();
  }
}

/** A claim's own view reads its stream, so a user sees their write at once (read-your-writes). */
@QueryHandler(GetClaimQuery)
export class GetClaimHandler implements IQueryHandler<GetClaimQuery, ClaimViewResponse> {
  constructor(
    private readonly claims: ClaimRepository,
    @Inject(READ_DB) private readonly db: SqlClient,
  ) {}

  async execute({ claimId }: GetClaimQuery): Promise<ClaimViewResponse> {
    const loaded = await this.claims.load(claimId);
    const claim = loaded.state;
    if (!isClaim(claim)) throw claimNotFound(claimId);
    const decided = claim.status === 'APPROVED' || claim.status === 'PAID' || claim.status === 'REJECTED';
    const review = decided ? await claimReview(this.db, claimId) : undefined;
    const view: ClaimViewResponse = {
      ...this.claims.respond(claim, loaded.revision),
      ...(review ? { review } : {}),
    };
    if (claim.status !== 'APPROVED' && claim.status !== 'PAID') return view;
    // An approved claim whose payout steps failed says so (README.md "Payouts").
    const failures = await listPayoutProcessFailures(this.db, { claimId });
    if (failures.length === 0) return view;
    return {
      ...view,
      payoutSchedulingFailed: failures.map((f) => ({
        payoutId: f.payoutId,
        code: f.code,
        message: f.message,
        since: f.firstFailedAt,
        attempts: f.attempts,
      })),
    };
  }
}
