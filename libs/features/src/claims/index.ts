export * from './claims.module';
export * from './claim-payout-recorder';
export * from './claim-repository';
export * from './claim-streams';
export * from './commands';
export * from './queries';
export * from './late-facts';
