import { randomUUID } from 'node:crypto';
import {
  AppendContext,
  EventStore,
  IdempotencyConflictError,
  WrongExpectedVersionError,
} from '@app/event-store';
import {
  EnrollMember,
  EnrollmentInput,
  Heir,
  MemberEvent,
  MemberState,
  memberDecider,
  membershipPolicyOn,
} from '@app/domain/members';
import { DomainError, IsoDate } from '@app/domain/shared';
import { loadStream, toNewEvents, withRetry } from '../shared/command-support';
import {
  memberStreamId,
  NikReleased,
  NikReserved,
  nikReservationStreamId,
  nikStreamRevision,
  reservedMemberId,
} from './member-streams';
import { NikKey } from './nik-key';

export interface EnrollmentRequest {
  input: Omit<EnrollmentInput, 'heirs'> & { heirs: Heir[] };
  today: IsoDate;
  /** The member id to reserve the NIK for when it is free (the import derives it from its row). */
  memberId?: string;
  /** Name-based event ids, so a resumed import writes nothing twice. */
  eventIds?: { reservation: string; enrollment: string };
  /** HTTP: a LAPSED member is re-enrolled (docs/api.md). An import never re-enrolls: a duplicate. */
  reEnrollLapsed: boolean;
  /** The key of the NIK's reservation stream id. */
  nikKey: NikKey;
}

export type EnrollmentOutcome =
  | { outcome: 'ENROLLED' | 'RE_ENROLLED'; memberId: string; state: MemberState; revision: number }
  | { outcome: 'ALREADY_ENROLLED'; memberId: string };

const ATTEMPTS = 5;

export function enrollCommand(
  request: Pick<EnrollmentRequest, 'input' | 'today'>,
  memberId: string,
): EnrollMember {
  const policy = membershipPolicyOn(request.input.coverageStart);
  return { type: 'EnrollMember', data: { ...request.input, memberId, today: request.today }, policy };
}

function withId(events: MemberEvent[], id: string | undefined): MemberEvent[] {
  return id && events.length === 1 ? [{ ...events[0], id }] : events;
}

const isConflict = (e: unknown): boolean =>
  e instanceof WrongExpectedVersionError || e instanceof IdempotencyConflictError;

/**
 * docs/benefit-rules.md "Members", one person, one membership. The NIK's reservation stream is created with
 * `no_stream` before (PostgreSQL, PGlite: in the same transaction as) the member's stream, so of
 * any number of concurrent enrollments of a NIK, in any process, exactly one creates it.
 *
 * Crash recovery: a reservation whose member stream was never written (a crash between the two
 * writes, possible where appendMany is not one transaction, i.e. EventStoreDB) does not lock the
 * NIK out. The next enrollment of that NIK finds the reservation, sees no member stream and
 * creates it under the reserved member id with `no_stream`: if several try at once, one wins and
 * the others see the member and answer 409, as for any duplicate.
 */
export async function enrollPerson(
  store: EventStore,
  request: EnrollmentRequest,
  ctx: AppendContext,
): Promise<EnrollmentOutcome> {
  const nikStream = nikReservationStreamId(request.input.nik, request.nikKey);
  return withRetry({ attempts: ATTEMPTS, retryOn: isConflict }, async (attempt) => {
    const reservations = await store.readStream(nikStream);
    let reservedFor = reservedMemberId(reservations);
    let expected = nikStreamRevision(reservations);
    try {
      const released =
        reservedFor === undefined
          ? undefined
          : await completeRelease(store, request.input.nik, nikStream, reservations, reservedFor, ctx);
      if (released !== undefined) [reservedFor, expected] = [undefined, released];
      if (reservedFor === undefined) {
        const memberId = request.memberId ?? randomUUID();
        const events = withId(
          memberDecider.decide(enrollCommand(request, memberId), memberDecider.initialState()),
          request.eventIds?.enrollment,
        );
        const reservation: NikReserved = {
          type: 'NikReserved',
          data: { memberId },
          id: request.eventIds?.reservation,
        };
        const [, member] = await store.appendMany(
          [
            {
              streamId: nikStream,
              events: toNewEvents([reservation]),
              // A NIK released by a correction is reserved again after its release.
              expected,
            },
            { streamId: memberStreamId(memberId), events: toNewEvents(events), expected: 'no_stream' },
          ],
          ctx,
        );
        return {
          outcome: 'ENROLLED',
          memberId,
          state: events.reduce(memberDecider.evolve, memberDecider.initialState()),
          revision: member.nextRevision,
        };
      }

      const loaded = await loadStream(store, memberStreamId(reservedFor), memberDecider);
      if (loaded.revision < 0) {
        // The reservation outlived a crash: complete the enrollment under the reserved id.
        const events = withId(
          memberDecider.decide(enrollCommand(request, reservedFor), loaded.state),
          reservedFor === request.memberId ? request.eventIds?.enrollment : undefined,
        );
        const r = await store.append(memberStreamId(reservedFor), toNewEvents(events), 'no_stream', ctx);
        return {
          outcome: 'ENROLLED',
          memberId: reservedFor,
          state: events.reduce(memberDecider.evolve, loaded.state),
          revision: r.nextRevision,
        };
      }
      if (reservedFor === request.memberId) {
        // This request's own earlier attempt (a resumed import) already enrolled the person.
        return { outcome: 'ENROLLED', memberId: reservedFor, state: loaded.state, revision: loaded.revision };
      }
      if (!request.reEnrollLapsed) return { outcome: 'ALREADY_ENROLLED', memberId: reservedFor };

      // Throws MEMBER_ALREADY_ENROLLED / MEMBER_DECEASED (409, naming the member) unless LAPSED.
      const events = memberDecider.decide(enrollCommand(request, reservedFor), loaded.state);
      const r = await store.append(memberStreamId(reservedFor), toNewEvents(events), loaded.revision, ctx);
      return {
        outcome: 'RE_ENROLLED',
        memberId: reservedFor,
        state: events.reduce(memberDecider.evolve, loaded.state),
        revision: r.nextRevision,
      };
    } catch (e) {
      // Someone else reserved, recovered or re-enrolled first: look again.
      if (isConflict(e) && attempt < ATTEMPTS) throw e;
      if (isConflict(e)) {
        throw new DomainError(
          'conflict',
          'CONCURRENT_ENROLLMENT',
          'This NIK is being enrolled concurrently; try again',
          {
            ...(reservedFor ? { memberId: reservedFor } : {}),
          },
        );
      }
      throw e;
    }
  });
}

/**
 * A reservation whose member was corrected away from this NIK, and a crash came before the old
 * NIK's release: the release is completed here, so the NIK is free (docs/architecture.md "Writes
 * that span streams"). Returns the reservation stream's revision after the release.
 */
export async function completeRelease(
  store: EventStore,
  nik: string,
  nikStream: string,
  reservations: readonly { revision: number }[],
  holder: string,
  ctx: AppendContext,
): Promise<number | undefined> {
  const { state } = await loadStream(store, memberStreamId(holder), memberDecider);
  if (!state.exists || state.nik === nik || !state.formerNiks?.includes(nik)) return undefined;
  const released: NikReleased = { type: 'NikReleased', data: { memberId: holder } };
  const r = await store.append(nikStream, toNewEvents([released]), nikStreamRevision(reservations), ctx);
  return r.nextRevision;
}
