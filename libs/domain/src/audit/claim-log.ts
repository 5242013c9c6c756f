import { ClaimEvent, CLAIM_EVENT_TYPES } from '../claims/claim.events';
import { evolveClaim } from '../claims/claim.evolve';
import { Claim, ClaimState, isClaim } from '../claims/claim.state';
import { Assessment } from '../claims/claim.types';
import { MEMBER_EVENT_TYPES, MemberEvent } from '../members/member.events';
import { evolveMember, initialMemberState } from '../members/member.evolve';
import { MemberState } from '../members/member.types';
import { PAYOUT_EVENT_TYPES, PayoutEvent } from '../payouts/payout.events';
import { evolvePayout } from '../payouts/payout.evolve';
import { initialPayoutState, PayoutState } from '../payouts/payout.state';
import { STREAM_PREFIX } from '../shared/stream-names';
import type { AuditEvent } from './reperform';

/**
 * The log folded in global order (docs/audit.md "Re-performance"): every member, claim and payout
 * as it stood at the current position, with the member states of claim members kept per revision
 * (a decision names the member revision it read: docs/architecture.md guarantee 11). One pass,
 * per-stream maps: no scan of the log per claim.
 */

export interface MemberTrack {
  state: MemberState;
  revision: number;
  /** Claim members only: the state after each revision, and the events with their positions. */
  states?: MemberState[];
  events?: AuditEvent[];
}

export interface ClaimTrack {
  state: Claim;
  events: AuditEvent[];
  /** The latest assessment the rules give for the claim (its shadow of `state.assessment`). */
  recomputed?: Assessment;
}

export interface PayoutTrack {
  state: PayoutState;
  events: AuditEvent[];
}

/** A payout an approval planned: its amount and where the approval stands. */
export interface PlannedAt {
  claimId: string;
  amount: number;
  position: number;
}

const CLAIM_TYPES = new Set<string>(CLAIM_EVENT_TYPES);
const PAYOUT_TYPES = new Set<string>(PAYOUT_EVENT_TYPES);
const MEMBER_TYPES = new Set<string>(MEMBER_EVENT_TYPES);

export const isMemberStream = (streamId: string): boolean => streamId.startsWith(STREAM_PREFIX.member);
export const isClaimStream = (streamId: string): boolean => streamId.startsWith(STREAM_PREFIX.claim);
export const isPayoutStream = (streamId: string): boolean => streamId.startsWith(STREAM_PREFIX.payout);

/** The members with a claim: only their states are kept per revision. */
export function claimMembersOf(events: readonly AuditEvent[]): Set<string> {
  const members = new Set<string>();
  for (const e of events)
    if (e.type === 'ClaimSubmitted') members.add((e.data as { memberId: string }).memberId);
  return members;
}

export class ClaimLog {
  readonly members = new Map<string, MemberTrack>();
  readonly claims = new Map<string, ClaimTrack>();
  /** Claim ids of a member, in the order they were submitted. */
  readonly claimsOfMember = new Map<string, string[]>();
  readonly payouts = new Map<string, PayoutTrack>();
  readonly planned = new Map<string, PlannedAt>();
  /** What overpayment recoveries took from a payout so far. */
  readonly recoveredFrom = new Map<string, number>();

  constructor(private readonly claimMembers: ReadonlySet<string>) {}

  member(memberId: string): MemberTrack | undefined {
    return this.members.get(memberId);
  }

  /**
   * The member as an assessment read it: at the recorded revision when there is one (and it is
   * kept), else as it stands now in the log (`assumed`).
   */
  memberAt(
    memberId: string,
    revision: number | undefined,
  ): { state: MemberState; revision: number; assumed: boolean } {
    const track = this.members.get(memberId);
    if (!track) return { state: initialMemberState(), revision: -1, assumed: revision === undefined };
    if (revision !== undefined && track.states && revision >= 0 && revision < track.states.length)
      return { state: track.states[revision], revision, assumed: false };
    return { state: track.state, revision: track.revision, assumed: true };
  }

  /** The member's claims as they stand at this point of the log. */
  claimsOf(memberId: string): Claim[] {
    return (this.claimsOfMember.get(memberId) ?? []).flatMap((id) => {
      const c = this.claims.get(id);
      return c ? [c.state] : [];
    });
  }

  apply(e: AuditEvent): void {
    if (isMemberStream(e.streamId) && MEMBER_TYPES.has(e.type)) this.applyMember(e);
    else if (isClaimStream(e.streamId) && CLAIM_TYPES.has(e.type)) this.applyClaim(e);
    else if (isPayoutStream(e.streamId) && PAYOUT_TYPES.has(e.type)) this.applyPayout(e);
  }

  private applyMember(e: AuditEvent): void {
    const memberId = e.streamId.slice(STREAM_PREFIX.member.length);
    let track = this.members.get(memberId);
    if (!track) {
      track = { state: initialMemberState(), revision: -1 };
      if (this.claimMembers.has(memberId)) {
        track.states = [];
        track.events = [];
      }
      this.members.set(memberId, track);
    }
    track.state = evolveMember(track.state, { type: e.type, data: e.data } as MemberEvent);
    track.revision = e.revision;
    if (track.states) {
      track.states[e.revision] = track.state;
      track.events!.push(e);
    }
  }

  private applyClaim(e: AuditEvent): void {
    const claimId = e.streamId.slice(STREAM_PREFIX.claim.length);
    const track = this.claims.get(claimId);
    const before: ClaimState = track?.state ?? { status: 'NONE' };
    const after = evolveClaim(before, { type: e.type, data: e.data } as ClaimEvent);
    if (!isClaim(after)) return;
    if (track) {
      track.state = after;
      track.events.push(e);
    } else {
      this.claims.set(claimId, { state: after, events: [e] });
      const ids = this.claimsOfMember.get(after.memberId) ?? [];
      ids.push(claimId);
      this.claimsOfMember.set(after.memberId, ids);
    }
    if (e.type === 'ClaimApproved') {
      const data = e.data as Extract<ClaimEvent, { type: 'ClaimApproved' }>['data'];
      for (const p of data.payouts)
        this.planned.set(p.payoutId, { claimId, amount: p.amount, position: e.position });
    }
    if (e.type === 'ClaimOverpaymentRecovered') {
      const { payoutId, amount } = e.data as { payoutId: string; amount: number };
      this.recoveredFrom.set(payoutId, (this.recoveredFrom.get(payoutId) ?? 0) + amount);
    }
  }

  private applyPayout(e: AuditEvent): void {
    const payoutId = e.streamId.slice(STREAM_PREFIX.payout.length);
    const track = this.payouts.get(payoutId) ?? { state: initialPayoutState(), events: [] };
    track.state = evolvePayout(track.state, { type: e.type, data: e.data } as PayoutEvent);
    track.events.push(e);
    this.payouts.set(payoutId, track);
  }
}
