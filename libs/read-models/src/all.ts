import { Projection } from './projection';

/** Every projection the projector runs, rebuilds and the tests compare. */
export const ALL_PROJECTIONS: Projection[] = [];
