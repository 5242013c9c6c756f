import { Inject, Injectable } from '@nestjs/common';
import { AppendContext, EventStore, StreamWrite, WrongExpectedVersionError } from '@app/event-store';
import { ClaimContext, ClaimEvent, ClaimState, ClaimView, toClaimView } from '@app/domain/claims';
import { MemberEvent, MemberState } from '@app/domain/members';
import { DomainError } from '@app/domain/shared';
import { Clock, EVENT_STORE, problem, ProblemException } from '@app/platform';
import { assertFresh, Loaded, loadStream, toNewEvents, versionOf } from '../shared';
import {
  claimStreamId,
  lodgedClaimIds,
  memberClaimsStreamId,
  storedClaimDecider,
  storedMemberDecider,
} from './claim-streams';
import { memberStreamId } from '../members/member-streams';

/** API.md claim view plus the version clients send back in `If-Match`. */
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
  /** Appended in the same transaction as the claim's events, each with its expected revision. */
  alsoWrite?: StreamWrite[];
}

/** Bounded retries when a stream other than the claim's (index, member) moved meanwhile. */
const MAX_ATTEMPTS = 5;

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
    const [member, index] = await Promise.all([
      this.loadMember(memberId),
      this.store.readStream(memberClaimsStreamId(memberId)),
    ]);
    const ids = lodgedClaimIds(index);
    const claims = await Promise.all(ids.map((id) => this.load(id)));
    const otherClaims = claims.filter((c) => c.state.exists).map((c) => c.state);
    let basisClaim = basisClaimId ? otherClaims.find((c) => c.claimId === basisClaimId) : undefined;
    if (basisClaimId && !basisClaim) {
      // Another member's claim, or none: the assessment says which (NO_ENTITLEMENT).
      const basis = await this.load(basisClaimId);
      if (basis.state.exists) basisClaim = basis.state;
    }
    return {
      context: { member: member.state, otherClaims, ...(basisClaim ? { basisClaim } : {}) },
      indexRevision: index.length ? index[index.length - 1].revision : -1,
    };
  }

  /**
   * Runs a command on an existing claim: load, check `If-Match` (412 before anything else),
   * decide, append with the revision read. A concurrent change of the claim is a 412 when the
   * client sent `If-Match`, else a 409: a person's action is never re-applied to a claim they
   * did not see. When only another stream of the append moved (the member), decide again.
   */
  async act(
    claimId: string,
    expected: number | undefined,
    ctx: AppendContext,
    decide: (state: ClaimState) => ClaimDecision | Promise<ClaimDecision>,
  ): Promise<ClaimResponse> {
    const streamId = claimStreamId(claimId);
    for (let attempt = 1; ; attempt++) {
      const loaded = await this.load(claimId);
      if (!loaded.state.exists) throw claimNotFound(claimId);
      assertFresh(expected, loaded.revision);
      let decision: ClaimDecision;
      try {
        decision = await decide(loaded.state);
      } catch (e) {
        throw problemSafe(e);
      }
      const { events, alsoWrite = [] } = decision;
      if (events.length === 0) return this.respond(loaded.state, loaded.revision);
      try {
        const [result] = await this.store.appendMany(
          [{ streamId, events: toNewEvents(events), expected: loaded.revision }, ...alsoWrite],
          ctx,
        );
        return this.respond(events.reduce(storedClaimDecider.evolve, loaded.state), result.nextRevision);
      } catch (e) {
        if (!(e instanceof WrongExpectedVersionError)) throw e;
        const now = await this.revisionOf(streamId);
        if (now !== loaded.revision) throw staleClaim(expected !== undefined, now);
        if (attempt >= MAX_ATTEMPTS) throw e;
      }
    }
  }

  respond(state: ClaimState, revision: number): ClaimResponse {
    return { ...toClaimView(state, this.clock.today()), version: versionOf(revision) };
  }

  private async revisionOf(streamId: string): Promise<number> {
    const [last] = await this.store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
    return last ? last.revision : -1;
  }
}

/**
 * A DomainError's details are spread into the problem body, where a `status` detail (the claim's
 * status, from "not allowed in status") would replace the HTTP status: name it `claimStatus`.
 */
function problemSafe(e: unknown): unknown {
  if (!(e instanceof DomainError) || !('status' in e.details)) return e;
  const { status, ...details } = e.details;
  return new DomainError(e.kind, e.code, e.message, { ...details, claimStatus: status }, e.fieldErrors);
}

function staleClaim(ifMatchSent: boolean, revision: number): ProblemException {
  if (ifMatchSent)
    return new ProblemException(
      problem(412, 'The claim changed while this command ran; reload it and try again', {
        code: 'STALE_VERSION',
        currentVersion: versionOf(revision),
      }),
    );
  return new ProblemException(
    problem(409, 'Someone else changed this claim at the same time; reload it and try again', {
      code: 'CONCURRENT_MODIFICATION',
      currentVersion: versionOf(revision),
    }),
  );
}
