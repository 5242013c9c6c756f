export * from './domain-error';
export * from './event';
export * from './dates';
export * from './stream-names';
export * from './text';
export * from './csv';
