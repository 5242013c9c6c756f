export * from './contribution-streams';
export * from './contribution-allocator';
export * from './contribution-reverser';
export * from './contribution-payment-view';
export * from './commands';
export * from './queries';
export * from './contributions.module';
