import { Benefit, ClaimCommand, ClaimEvent, ClaimState, claimDecider } from '@app/domain/claims';
import { MemberCommand, MemberEvent, MemberState, memberDecider } from '@app/domain/members';
import { Decider, DomainEvent, STREAM_PREFIX } from '@app/domain/shared';
import { nameBasedUuid } from '../shared/ids';

/**
 * Stream layout of the claims feature:
 * - `claim-<claimId>`: the claim's own events (ClaimSubmitted … ClaimPaid);
 * - `memberClaims-<memberId>`: the member's claim index, one `ClaimLodged` per claim. It is
 *   written at its expected revision BEFORE the new claim stream, so two submissions for one
 *   member serialise (death happens once, the child limit, duplicates). A lodged claim whose
 *   stream was never written (a crash between the two writes) is ignored by every reader;
 * - `member-<memberId>` (the members feature's `memberStreamId`): an approved death claim appends
 *   `MemberDeceased` to it after the approval.
 * The index is not named `member-…`, so readers of the `member-` prefix never see it.
 */
export const CLAIM_STREAM_PREFIX = STREAM_PREFIX.claim;
export const MEMBER_CLAIMS_STREAM_PREFIX = STREAM_PREFIX.memberClaims;

export const claimStreamId = (claimId: string): string => `${CLAIM_STREAM_PREFIX}${claimId}`;
export const memberClaimsStreamId = (memberId: string): string => `${MEMBER_CLAIMS_STREAM_PREFIX}${memberId}`;

/** The member's claim index: a claim was lodged for this member. */
export type ClaimLodged = DomainEvent<
  'ClaimLodged',
  { claimId: string; memberId: string; benefit: Benefit; at: string }
>;
export type MemberClaimsEvent = ClaimLodged;

/** The claim ids of a member's index, in the order they were lodged. */
export function lodgedClaimIds(events: readonly { type: string; data: unknown }[]): string[] {
  return events.filter((e): e is ClaimLodged => e.type === 'ClaimLodged').map((e) => e.data.claimId);
}

/** The member's claim index folded: the lodged claim ids, oldest first. */
export const memberClaimsIndex: Pick<
  Decider<unknown, MemberClaimsEvent, string[]>,
  'initialState' | 'evolve'
> = {
  initialState: () => [],
  evolve: (ids, e) => (e.type === 'ClaimLodged' ? [...ids, e.data.claimId] : ids),
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The store id of an event the decider named itself. */
export const storedEventId = (name: string): string => nameBasedUuid('event', name);

/**
 * The deciders name deterministic event ids in their own words (`<claimId>:paid`); the stores
 * key events by UUID. Same name, same UUID, so a redelivered payout result stays a no-op
 * (guarantee 2).
 */
export function withStoreEventIds<C, E extends DomainEvent, S>(decider: Decider<C, E, S>): Decider<C, E, S> {
  return {
    ...decider,
    decide: (command, state) =>
      decider
        .decide(command, state)
        .map((e) => (e.id && !UUID.test(e.id) ? { ...e, id: storedEventId(e.id) } : e)),
  };
}

export const storedClaimDecider: Decider<ClaimCommand, ClaimEvent, ClaimState> =
  withStoreEventIds(claimDecider);
export const storedMemberDecider: Decider<MemberCommand, MemberEvent, MemberState> =
  withStoreEventIds(memberDecider);
