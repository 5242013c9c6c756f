export * from './generate-roster';
