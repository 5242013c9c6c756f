export * from './domain-error';
export * from './event';
export * from './dates';
export * from './text';
