export * from './reperform';
