export * from './payout.events';
export * from './payout.state';
export * from './payout.commands';
export * from './payout.decider';
export * from './late-penalty';
export * from './destination';
