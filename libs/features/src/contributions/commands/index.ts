import { AllocateContributionPaymentHandler } from './allocate-contribution-payment';
import { RecordContributionPaymentHandler } from './record-contribution-payment';
import { ReverseContributionPaymentHandler } from './reverse-contribution-payment';

export * from './allocate-contribution-payment';
export * from './record-contribution-payment';
export * from './reverse-contribution-payment';

export const CONTRIBUTION_COMMAND_HANDLERS = [
  RecordContributionPaymentHandler,
  AllocateContributionPaymentHandler,
  ReverseContributionPaymentHandler,
];
