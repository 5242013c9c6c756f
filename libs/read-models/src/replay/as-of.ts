import { EventStore, RecordedEvent } from '@app/event-store';
import {
  CLAIM_EVENT_TYPES,
  claimDecider,
  ClaimEvent,
  ClaimView,
  isClaim,
  toClaimView,
} from '@app/domain/claims';
import {
  MEMBER_EVENT_TYPES,
  memberDecider,
  MemberEvent,
  membershipPolicyOn,
  MemberStatus,
} from '@app/domain/members';
import { dateInJakarta, fold, STREAM_PREFIX } from '@app/domain/shared';
import { MemberView, toMemberView } from '../views/member-view';

/** What an auditor sees: the view as it was known at `asOf`, with the version it had then. */
export type AsOf<V> = V & { version: number; asOf: string };
export type ClaimViewAsOf = AsOf<ClaimView>;
export type MemberViewAsOf = AsOf<MemberView>;

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** An ISO 8601 instant with its zone (`Z` or an offset); undefined for anything else. */
export function parseInstant(text: unknown): Date | undefined {
  if (typeof text !== 'string' || !INSTANT.test(text.trim())) return undefined;
  const ms = Date.parse(text.trim());
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/**
 * The events of one stream known at `asOf`: those recorded by then. A stream is a chain, so a
 * later revision is never known before an earlier one, whatever the writers' clocks said.
 */
export function knownAt(events: readonly RecordedEvent[], asOf: Date): RecordedEvent[] {
  const limit = asOf.getTime();
  const known: RecordedEvent[] = [];
  for (const e of events) {
    if (Date.parse(e.metadata.recordedAt) > limit) break;
    known.push(e);
  }
  return known;
}

const CLAIM_TYPES = new Set<string>(CLAIM_EVENT_TYPES);
const MEMBER_TYPES = new Set<string>(MEMBER_EVENT_TYPES);

const versionOf = (known: readonly RecordedEvent[]): number =>
  known.length ? known[known.length - 1].revision + 1 : 0;

/**
 * A claim's view from its stream's events alone, as known at `asOf`; undefined if it did not
 * exist yet. Without `asOf`, every recorded event is known and the view is judged on `now`.
 */
export function claimViewAsOf(
  events: readonly RecordedEvent[],
  asOf: Date | undefined,
  now: Date = asOf ?? new Date(),
): ClaimViewAsOf | undefined {
  const known = asOf ? knownAt(events, asOf) : [...events];
  asOf ??= now;
  const state = fold(
    claimDecider,
    known.filter((e) => CLAIM_TYPES.has(e.type)).map((e) => ({ type: e.type, data: e.data }) as ClaimEvent),
  );
  if (!isClaim(state)) return undefined;
  return { ...toClaimView(state, dateInJakarta(asOf)), version: versionOf(known), asOf: asOf.toISOString() };
}

/**
 * A member's view from its stream's events alone, as known at `asOf`, judged on that day in
 * Asia/Jakarta. Without `asOf`, every recorded event is known and the view is judged on `now`.
 */
export function memberViewAsOf(
  events: readonly RecordedEvent[],
  asOf: Date | undefined,
  now: Date = asOf ?? new Date(),
): MemberViewAsOf | undefined {
  const known = asOf ? knownAt(events, asOf) : [...events];
  asOf ??= now;
  const state = fold(
    memberDecider,
    known.filter((e) => MEMBER_TYPES.has(e.type)).map((e) => ({ type: e.type, data: e.data }) as MemberEvent),
  );
  if (!state.exists) return undefined;
  // The lapse rule of the schedule in force at coverage start, as the live member view uses.
  const { lapseMonths } = membershipPolicyOn(state.coverageStart);
  return {
    ...toMemberView(state, dateInJakarta(asOf), lapseMonths),
    version: versionOf(known),
    asOf: asOf.toISOString(),
  };
}

/** Stream ids as the members and claims features write them (`<category>-<id>`). */
export const memberStreamId = (memberId: string): string => `${STREAM_PREFIX.member}${memberId}`;
export const claimStreamId = (claimId: string): string => `${STREAM_PREFIX.claim}${claimId}`;

/** A claim's view as known at `asOf` (absent: everything recorded, judged on `now`); undefined when it did not exist yet. */
export async function replayClaimAsOf(
  store: EventStore,
  claimId: string,
  asOf: Date | undefined,
  now?: Date,
): Promise<ClaimViewAsOf | undefined> {
  return claimViewAsOf(await store.readStream(claimStreamId(claimId)), asOf, now);
}

/** A member's view as known at `asOf` (absent: everything recorded, judged on `now`); undefined when not yet enrolled. */
export async function replayMemberAsOf(
  store: EventStore,
  memberId: string,
  asOf: Date | undefined,
  now?: Date,
): Promise<MemberViewAsOf | undefined> {
  return memberViewAsOf(await store.readStream(memberStreamId(memberId)), asOf, now);
}

export interface ReplaySummary {
  until: string;
  eventsReplayed: number;
  members: { total: number; byStatus: Partial<Record<MemberStatus, number>> };
  claims: { total: number; byStatus: Record<string, number> };
}

/**
 * Replays the whole log as it was known at `until`: every member and claim folded from its own
 * events, each view handed to `onView` (for an export), and a summary of them returned.
 */
export async function replayUntil(
  store: EventStore,
  until: Date,
  onView?: (view: { kind: 'member'; view: MemberViewAsOf } | { kind: 'claim'; view: ClaimViewAsOf }) => void,
): Promise<ReplaySummary> {
  const streams = new Map<string, { kind: 'member' | 'claim'; events: RecordedEvent[]; closed: boolean }>();
  const limit = until.getTime();
  let eventsReplayed = 0;
  let after = 0;
  for (;;) {
    const page = await store.readAll({
      after: after || undefined,
      limit: 2000,
      types: [...MEMBER_EVENT_TYPES, ...CLAIM_EVENT_TYPES],
    });
    for (const e of page) {
      let stream = streams.get(e.streamId);
      if (!stream) {
        // A stream is a member's or a claim's by the event that opens it.
        const kind =
          e.type === 'MemberEnrolled' ? 'member' : e.type === 'ClaimSubmitted' ? 'claim' : undefined;
        if (!kind) continue;
        stream = { kind, events: [], closed: false };
        streams.set(e.streamId, stream);
      }
      if (stream.closed) continue;
      if (Date.parse(e.metadata.recordedAt) > limit) {
        stream.closed = true;
        continue;
      }
      stream.events.push(e);
      eventsReplayed += 1;
    }
    if (page.length < 2000) break;
    after = page[page.length - 1].position;
  }

  const summary: ReplaySummary = {
    until: until.toISOString(),
    eventsReplayed,
    members: { total: 0, byStatus: {} },
    claims: { total: 0, byStatus: {} },
  };
  for (const stream of streams.values()) {
    // Events of one stream arrive in commit order, which is revision order.
    if (stream.kind === 'member') {
      const view = memberViewAsOf(stream.events, until);
      if (!view) continue;
      summary.members.total += 1;
      summary.members.byStatus[view.status] = (summary.members.byStatus[view.status] ?? 0) + 1;
      onView?.({ kind: 'member', view });
    } else {
      const view = claimViewAsOf(stream.events, until);
      if (!view) continue;
      summary.claims.total += 1;
      summary.claims.byStatus[view.status] = (summary.claims.byStatus[view.status] ?? 0) + 1;
      onView?.({ kind: 'claim', view });
    }
  }
  return summary;
}
