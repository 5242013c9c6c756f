import { GetClaimHandler } from './get-claim';
import { ListClaimReviewsHandler } from './list-claim-reviews';
import { ListClaimsHandler } from './list-claims';

export * from './get-claim';
export * from './list-claim-reviews';
export * from './list-claims';

export const CLAIM_QUERY_HANDLERS = [GetClaimHandler, ListClaimsHandler, ListClaimReviewsHandler];
