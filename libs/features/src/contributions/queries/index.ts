import { GetContributionPaymentHandler } from './get-contribution-payment';

export * from './get-contribution-payment';

export const CONTRIBUTION_QUERY_HANDLERS = [GetContributionPaymentHandler];
