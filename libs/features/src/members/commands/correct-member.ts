import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppendContext, EventStore, WrongExpectedVersionError } from '@app/event-store';
import { CorrectMember, MemberCorrected, memberDecider } from '@app/domain/members';
import { DomainError } from '@app/domain/shared';
import { Clock, EVENT_STORE } from '@app/platform';
import { assertFresh, loadStream, notFound, runCommand, toNewEvents } from '../../shared/command-support';
import { completeRelease } from '../enrollment';
import {
  memberStreamId,
  NikReleased,
  NikReserved,
  nikReservationStreamId,
  nikStreamRevision,
  reservedMemberId,
} from '../member-streams';
import { NikKey } from '../nik-key';
import { memberViewOf, VersionedMemberView } from '../member-view';

/** docs/api.md `POST /api/members/{id}/corrections`. */
export class CorrectMemberCommand extends Command<VersionedMemberView> {
  constructor(
    readonly memberId: string,
    readonly changes: CorrectMember['data']['changes'],
    readonly reason: string,
    readonly ctx: AppendContext,
    /** From If-Match; a stale one is a 412. */
    readonly expectedRevision?: number,
  ) {
    super();
  }
}

/**
 * Corrects a member's particulars (docs/benefit-rules.md "Corrections"). A corrected NIK moves its
 * reservation in the write order of docs/architecture.md "Writes that span streams": the new NIK
 * reserved first (a NIK of another member is a 409 naming it), then MemberCorrected, then the old
 * NIK released. A correction that loses its race gives the new NIK back; a crash before the
 * release is completed by the next enrollment of the old NIK (`completeRelease`).
 */
@CommandHandler(CorrectMemberCommand)
export class CorrectMemberHandler implements ICommandHandler<CorrectMemberCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly nikKey: NikKey,
  ) {}

  async execute({ memberId, changes, reason, ctx, expectedRevision }: CorrectMemberCommand) {
    const stream = memberStreamId(memberId);
    const command = (): CorrectMember => ({
      type: 'CorrectMember',
      data: {
        changes,
        reason,
        actor: ctx.actor,
        at: this.clock.now().toISOString(),
        today: this.clock.today(),
      },
    });
    // Decided once before any write, so a refused correction reserves nothing.
    const before = await loadStream(this.store, stream, memberDecider);
    if (!before.state.exists) throw notFound('Member', memberId);
    assertFresh(expectedRevision, before.revision);
    const [proposed] = memberDecider.decide(command(), before.state) as MemberCorrected[];
    const newNik = proposed?.data.changes.nik;
    const reserved = newNik !== undefined ? await this.reserve(newNik, memberId, ctx) : false;
    let decided;
    try {
      decided = await runCommand(
        this.store,
        stream,
        memberDecider,
        ({ state }) => ({ events: memberDecider.decide(command(), state) }),
        ctx,
        { expected: expectedRevision, what: 'member', notFound: () => notFound('Member', memberId) },
      );
    } catch (e) {
      if (reserved && newNik !== undefined) await this.release(newNik, memberId, ctx);
      throw e;
    }
    const corrected = decided.events[0] as MemberCorrected | undefined;
    const oldNik = corrected?.data.previous.nik;
    if (oldNik !== undefined) await this.release(oldNik, memberId, ctx);
    return memberViewOf(decided.state, decided.revision, this.clock.today());
  }

  /** Reserves the NIK for the member; false when it already held it (a retry). 409 when another does. */
  private async reserve(nik: string, memberId: string, ctx: AppendContext): Promise<boolean> {
    const nikStream = nikReservationStreamId(nik, this.nikKey);
    const reservations = await this.store.readStream(nikStream);
    const holder = reservedMemberId(reservations);
    if (holder === memberId) return false;
    let expected = nikStreamRevision(reservations);
    if (holder !== undefined) {
      const released = await completeRelease(this.store, nik, nikStream, reservations, holder, ctx);
      if (released === undefined) throw this.nikTaken(holder);
      expected = released;
    }
    const reservation: NikReserved = { type: 'NikReserved', data: { memberId } };
    try {
      await this.store.append(nikStream, toNewEvents([reservation]), expected, ctx);
    } catch (e) {
      if (!(e instanceof WrongExpectedVersionError)) throw e;
      // An enrollment or another correction took the NIK first.
      throw this.nikTaken(reservedMemberId(await this.store.readStream(nikStream)));
    }
    return true;
  }

  /** Gives a NIK up, when this member holds it (a retry releases nothing twice). */
  private async release(nik: string, memberId: string, ctx: AppendContext): Promise<void> {
    const nikStream = nikReservationStreamId(nik, this.nikKey);
    const reservations = await this.store.readStream(nikStream);
    if (reservedMemberId(reservations) !== memberId) return;
    const released: NikReleased = { type: 'NikReleased', data: { memberId } };
    await this.store.append(nikStream, toNewEvents([released]), nikStreamRevision(reservations), ctx);
  }

  private nikTaken(memberId: string | undefined): DomainError {
    return new DomainError('conflict', 'NIK_ALREADY_ENROLLED', 'This NIK belongs to another member', {
      ...(memberId ? { memberId } : {}),
    });
  }
}
