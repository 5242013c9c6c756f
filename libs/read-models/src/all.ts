import { Projection } from './projection';
import { claimsProjection } from './claims';
import { membersProjection } from './members';
import { payoutsProjection } from './payouts';
import { claimReviewsProjection } from './reviews';
import { separationOfDutiesProjection } from './separation-of-duties';

/** Every projection the projector runs, rebuilds and the tests compare. */
export const ALL_PROJECTIONS: Projection[] = [
  claimsProjection,
  membersProjection,
  payoutsProjection,
  claimReviewsProjection,
  separationOfDutiesProjection,
];
