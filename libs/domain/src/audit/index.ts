export * from './reperform';
export * from './explain';
export * from './explanation.types';
export { PENALTY_SCHEDULING_GRACE_MS } from './replay';
export type { ReplayOptions } from './replay';
