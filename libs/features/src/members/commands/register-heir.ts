import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { AppendContext, EventStore } from '@app/event-store';
import { HeirInput, memberDecider } from '@app/domain/members';
import { Clock, EVENT_STORE } from '@app/platform';
import { decideAndAppend, loadStream } from '../../shared/command-support';
import { nameBasedUuid } from '../../shared/ids';
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
    /** The heir id derives from the request's Idempotency-Key, so a re-run registers nobody twice. */
    readonly idempotencyKey?: string,
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

  async execute({ memberId, heir, ctx, expectedRevision, idempotencyKey }: RegisterHeirCommand) {
    const heirId = idempotencyKey ? nameBasedUuid('heir', ctx.actor, memberId, idempotencyKey) : randomUUID();
    if (idempotencyKey) {
      // A re-run of a request whose answer was lost: its If-Match is stale by its own heir.
      const loaded = await loadStream(this.store, memberStreamId(memberId), memberDecider);
      if (loaded.state.heirs?.some((h) => h.heirId === heirId))
        return { heirId, view: memberViewOf(loaded.state, loaded.revision, this.clock.today()) };
    }
    const { state, revision } = await decideAndAppend(
      this.store,
      memberStreamId(memberId),
      memberDecider,
      { type: 'RegisterHeir', data: { heir: { ...heir, heirId } } },
      ctx,
      { expected: expectedRevision, retries: 3 },
    );
    return { heirId, view: memberViewOf(state, revision, this.clock.today()) };
  }
}
