import { Inject, Injectable } from '@nestjs/common';
import { AppendContext, EventStore, StreamWrite } from '@app/event-store';
import {
  ClaimContext,
  ClaimEvent,
  ClaimState,
  ClaimView,
  toClaimView,
  Claim,
  isClaim,
} from '@app/domain/claims';
import { MemberEvent, MemberState } from '@app/domain/members';
import { DomainError } from '@app/domain/shared';
import { Clock, EVENT_STORE } from '@app/platform';
import { Loaded, loadStream, runCommand, versionOf } from '../shared';
import {
  claimStreamId,
  lodgedClaimIds,
  memberClaimsStreamId,
  storedClaimDecider,
  storedMemberDecider,
} from './claim-streams';
import { memberStreamId } from '../members/member-streams';

/** docs/api.md claim view plus the version clients send back in `If-Match`. */
export type ClaimResponse = ClaimView & { version: number };

/** The assessment context and the revision of the member's claim index it was read at. */
export interface LoadedClaimContext {
  context: ClaimContext;
  /** -1 when the member has no claim yet. */
  indexRevision: number;
}

/** What a command on an existing claim decided: its events and writes to other streams. */
export interface ClaimDecision {
  events: ClaimEvent[];
  /** Appended after the claim's events, each at its expected revision (see `Decision.further`). */
  alsoWrite?: StreamWrite[];
}

export function claimNotFound(claimId: string): DomainError {
  return new DomainError('not_found', 'CLAIM_NOT_FOUND', `Claim ${claimId} does not exist`, { claimId });
}

/** Loads claims and their assessment context from the event store and appends their decisions. */
@Injectable()
export class ClaimRepository {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  load(claimId: string): Promise<Loaded<ClaimState>> {
    return loadStream<ClaimEvent, ClaimState>(this.store, claimStreamId(claimId), storedClaimDecider);
  }

  async loadMember(memberId: string): Promise<Loaded<MemberState>> {
    return loadStream<MemberEvent, MemberState>(this.store, memberStreamId(memberId), storedMemberDecider);
  }

  /**
   * What the rules need besides the claim itself, read fresh: the member, every other claim in
   * the member's index (any status) and the scholarship's basis claim.
   */
  async loadContext(memberId: string, basisClaimId?: string): Promise<LoadedClaimContext> {
    const index = await this.store.readStream(memberClaimsStreamId(memberId));
    return {
      context: await this.contextOf(memberId, lodgedClaimIds(index), basisClaimId),
      indexRevision: index.length ? index[index.length - 1].revision : -1,
    };
  }

  /** The context given the member's lodged claim ids; a lodged claim without a stream is ignored. */
  async contextOf(memberId: string, claimIds: string[], basisClaimId?: string): Promise<ClaimContext> {
    const [member, claims] = await Promise.all([
      this.loadMember(memberId),
      Promise.all(claimIds.map((id) => this.load(id))),
    ]);
    const otherClaims = claims.map((c) => c.state).filter(isClaim);
    let basisClaim = basisClaimId ? otherClaims.find((c) => c.claimId === basisClaimId) : undefined;
    if (basisClaimId && !basisClaim) {
      // Another member's claim, or none: the assessment says which (NO_ENTITLEMENT).
      const basis = await this.load(basisClaimId);
      if (isClaim(basis.state)) basisClaim = basis.state;
    }
    return {
      member: member.state,
      memberRevision: member.revision,
      otherClaims,
      ...(basisClaim ? { basisClaim } : {}),
    };
  }

  /**
   * Runs a command on an existing claim through the one command path: 404 when it does not
   * exist, `If-Match` checked first (412), a concurrent change of the claim a 412 (If-Match sent)
   * or 409: a person's action is never re-applied to a claim they did not see. The one exception:
   * without If-Match, a race lost only to the payout process's bookkeeping (a payout's status,
   * the claim paid, an overpayment recovered: nothing the person decides on) is decided again on
   * the current state, a bounded number of times (docs/http-conventions.md "Concurrency").
   */
  async act(
    claimId: string,
    expected: number | undefined,
    ctx: AppendContext,
    decide: (state: Claim) => ClaimDecision | Promise<ClaimDecision>,
  ): Promise<ClaimResponse> {
    const { state, revision } = await runCommand<ClaimEvent, ClaimState>(
      this.store,
      claimStreamId(claimId),
      storedClaimDecider,
      async ({ state }) => {
        if (!isClaim(state)) throw claimNotFound(claimId);
        try {
          const { events, alsoWrite } = await decide(state);
          return { events, further: alsoWrite };
        } catch (e) {
          throw problemSafe(e);
        }
      },
      ctx,
      {
        expected,
        notFound: () => claimNotFound(claimId),
        what: 'claim',
        decideAgainPast: (e) => PAYOUT_BOOKKEEPING.has(e.type),
      },
    );
    if (!isClaim(state)) throw claimNotFound(claimId);
    return this.respond(state, revision);
  }

  respond(state: Claim, revision: number): ClaimResponse {
    return { ...toClaimView(state, this.clock.today()), version: versionOf(revision) };
  }
}

/** The payout process's writes to a claim: they change neither its assessment nor its decision. */
const PAYOUT_BOOKKEEPING: ReadonlySet<string> = new Set([
  'ClaimPayoutUpdated',
  'ClaimPaid',
  'ClaimOverpaymentRecovered',
]);

/**
 * A DomainError's details are spread into the problem body, where a `status` detail (the claim's
 * status, from "not allowed in status") would replace the HTTP status: name it `claimStatus`.
 */
function problemSafe(e: unknown): unknown {
  if (!(e instanceof DomainError) || !('status' in e.details)) return e;
  const { status, ...details } = e.details;
  return new DomainError(e.kind, e.code, e.message, { ...details, claimStatus: status }, e.fieldErrors);
}
