import { Projection } from './projection';
import { claimsProjection } from './claims';
import { membersProjection } from './members';
import { payoutsProjection } from './payouts';

/** Every projection the projector runs, rebuilds and the tests compare. */
export const ALL_PROJECTIONS: Projection[] = [claimsProjection, membersProjection, payoutsProjection];
