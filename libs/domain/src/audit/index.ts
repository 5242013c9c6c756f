export * from './reperform';
export * from './explain';
export * from './explanation.types';
