import { DomainEvent } from '@app/domain/shared';
import type { NikKey } from './nik-key';

/**
 * Stream layout of the members feature:
 * - `member-<memberId>`: the member's events (MemberEnrolled … ContributionMonthPaid);
 * - `nik-<HMAC-SHA256(NIK_HASH_SECRET, nik)>`: the NIK's reservation, created with `no_stream`
 *   before the member's stream, so one NIK can only ever be claimed by one member id (DOMAIN.md 1:
 *   one person, one membership). A keyed hash, because stream names show up in logs, metrics and
 *   audit listings, and an unkeyed one is reversed by trying every NIK (see nik-key.ts);
 * - `import-<importId>`: a roster import's progress (see roster-import.events.ts).
 */
export const MEMBER_STREAM_PREFIX = 'member-';
export const NIK_RESERVATION_STREAM_PREFIX = 'nik-';
export const ROSTER_IMPORT_STREAM_PREFIX = 'import-';

export const memberStreamId = (memberId: string): string => `${MEMBER_STREAM_PREFIX}${memberId}`;
export const nikReservationStreamId = (nik: string, key: Pick<NikKey, 'hash'>): string =>
  `${NIK_RESERVATION_STREAM_PREFIX}${key.hash(nik)}`;
export const rosterImportStreamId = (importId: string): string => `${ROSTER_IMPORT_STREAM_PREFIX}${importId}`;

/** The NIK belongs to this member id from now on; the only event of a `nik-…` stream. */
export type NikReserved = DomainEvent<'NikReserved', { memberId: string }>;

export function reservedMemberId(events: readonly { type: string; data: unknown }[]): string | undefined {
  const reserved = events.find((e): e is NikReserved => e.type === 'NikReserved');
  return reserved?.data.memberId;
}
