import { DomainEvent, STREAM_PREFIX } from '@app/domain/shared';
import type { NikKey } from './nik-key';

/**
 * Stream layout of the members feature:
 * - `member-<memberId>`: the member's events (MemberEnrolled … ContributionMonthPaid);
 * - `nik-<HMAC-SHA256(NIK_HASH_SECRET, nik)>`: the NIK's reservation, created with `no_stream`
 *   before the member's stream, so one NIK can only ever be claimed by one member id (docs/benefit-rules.md "Members":
 *   one person, one membership). A keyed hash, because stream names show up in logs, metrics and
 *   audit listings, and an unkeyed one is reversed by trying every NIK (see nik-key.ts);
 * - `import-<importId>`: a roster import's progress (see roster-import.events.ts).
 */
export const MEMBER_STREAM_PREFIX = STREAM_PREFIX.member;
export const NIK_RESERVATION_STREAM_PREFIX = STREAM_PREFIX.nikReservation;
export const ROSTER_IMPORT_STREAM_PREFIX = STREAM_PREFIX.rosterImport;

export const memberStreamId = (memberId: string): string => `${MEMBER_STREAM_PREFIX}${memberId}`;
export const nikReservationStreamId = (nik: string, key: Pick<NikKey, 'hash'>): string =>
  `${NIK_RESERVATION_STREAM_PREFIX}${key.hash(nik)}`;
export const rosterImportStreamId = (importId: string): string => `${ROSTER_IMPORT_STREAM_PREFIX}${importId}`;

/** The NIK belongs to this member id from now on. */
export type NikReserved = DomainEvent<'NikReserved', { memberId: string }>;
/** A correction moved the member to another NIK: this one is free for the person it belongs to. */
export type NikReleased = DomainEvent<'NikReleased', { memberId: string }>;

/** Who holds the NIK now: the last reservation, unless a release followed it. */
export function reservedMemberId(events: readonly { type: string; data: unknown }[]): string | undefined {
  let holder: string | undefined;
  for (const e of events) {
    if (e.type === 'NikReserved') holder = (e.data as NikReserved['data']).memberId;
    else if (e.type === 'NikReleased') holder = undefined;
  }
  return holder;
}

/** The expected revision to append to a reservation stream read as `events`. */
export const nikStreamRevision = (events: readonly { revision: number }[]): number | 'no_stream' =>
  events.length ? events[events.length - 1].revision : 'no_stream';
