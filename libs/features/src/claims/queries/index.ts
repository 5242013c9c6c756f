import { GetClaimHandler } from './get-claim';
import { ListClaimsHandler } from './list-claims';

export * from './get-claim';
export * from './list-claims';

export const CLAIM_QUERY_HANDLERS = [GetClaimHandler, ListClaimsHandler];
