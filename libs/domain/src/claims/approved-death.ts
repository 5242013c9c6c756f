import { IsoDate } from '../shared/dates';
import { deathDateOf } from './assess';
import { ClaimState, isClaim } from './claim.state';

/**
 * The death an approved claim establishes: the member is deceased from this date. Recorded on the
 * member's stream after the approval, so an approval whose second write was lost is completed by
 * approving again (docs/architecture.md "Writes that span streams").
 */
export function approvedDeathOf(state: ClaimState): IsoDate | undefined {
  if (!isClaim(state) || state.decision?.outcome !== 'APPROVED') return undefined;
  return deathDateOf(state.request);
}
