import { asClaim, Claim } from './claim.state';
/** Shared givens and helpers of the claim decider specs (no jest here). */
import { fold } from '../shared/event';
import { specFor } from '../shared/testing';
import { ApproveClaim, SubmitClaim } from './claim.commands';
import { claimDecider } from './claim.decider';
import { ClaimEvent } from './claim.events';
import { context, jkkDeath, jkmDeath, medical } from './claim.fixtures';
import { ClaimRequest } from './claim.types';

export const spec = specFor(claimDecider);
export const CLAIM_ID = 'claim-1';
export const SUBMITTER = 'adj-submitter';
export const AT = '2025-03-20T03:00:00.000Z'; // 10:00 in Jakarta

export function submit(req: ClaimRequest, o: Partial<SubmitClaim['data']> = {}): SubmitClaim {
  return {
    type: 'SubmitClaim',
    data: {
      claimId: CLAIM_ID,
      request: req,
      submittedBy: SUBMITTER,
      roles: ['adjudicator'],
      at: AT,
      today: '2025-03-20',
      context: context(),
      ...o,
    },
  };
}

/** The events of a submitted claim, as the decider produced them. */
export function submitted(req: ClaimRequest, o: Partial<SubmitClaim['data']> = {}): ClaimEvent[] {
  return claimDecider.decide(submit(req, o), claimDecider.initialState());
}

export function approve(by: string, roles: string[], o: Partial<ApproveClaim['data']> = {}): ApproveClaim {
  return { type: 'ApproveClaim', data: { by, roles, at: '2025-03-21T02:00:00.000Z', ...o } };
}

/** The claim after its events (a submitted claim: specs read its fields). */
export const stateAfter = (events: readonly ClaimEvent[]): Claim => asClaim(fold(claimDecider, events));
export const then = (given: readonly ClaimEvent[], command: Parameters<typeof claimDecider.decide>[0]) => [
  ...given,
  ...claimDecider.decide(command, fold(claimDecider, given)),
];

// A JKM death (42m) is under the four-eyes threshold; a JKK death (70m) is over it.
export const small = () => submitted(jkmDeath());
export const large = () => submitted(jkkDeath());
export const ineligible = () => submitted(medical({ incidentDate: '2019-06-01', reportedOn: '2019-06-05' }));
