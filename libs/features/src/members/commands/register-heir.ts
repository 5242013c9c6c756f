import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { AppendContext, EventStore } from '@app/event-store';
import { HeirInput, memberDecider } from '@app/domain/members';
import { Clock, EVENT_STORE } from '@app/platform';
import { decideAndAppend } from '../../shared/command-support';
import { memberStreamId } from '../member-streams';
import { memberViewOf, VersionedMemberView } from '../member-view';

/** Registers an heir after enrollment (`POST /api/members/{memberId}/heirs`). */
export class RegisterHeirCommand extends Command<{ heirId: string; view: VersionedMemberView }> {
  constructor(
    readonly memberId: string,
    readonly heir: HeirInput,
    readonly ctx: AppendContext,
    /** From If-Match; a stale one is a 412. */
    readonly expectedRevision?: number,
  ) {
    super();
  }
}

@CommandHandler(RegisterHeirCommand)
export class RegisterHeirHandler implements ICommandHandler<RegisterHeirCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  async execute({ memberId, heir, ctx, expectedRevision }: RegisterHeirCommand) {
    const heirId = randomUUID();
    const { state, revision } = await decideAndAppend(
      this.store,
      memberStreamId(memberId),
      memberDecider,
      { type: 'RegisterHeir', data: { heir: { ...heir, heirId } } },
      ctx,
      { expected: expectedRevision, retry: { attempts: 4 } },
    );
    return { heirId, view: memberViewOf(state, revision, this.clock.today()) };
  }
}
