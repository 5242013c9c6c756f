import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppendContext } from '@app/event-store';
import { Actor, Clock } from '@app/platform';
import { ClaimRepository, ClaimResponse } from '../claim-repository';
import { storedClaimDecider } from '../claim-streams';

export class RequestClaimDocumentsCommand extends Command<ClaimResponse> {
  constructor(
    readonly claimId: string,
    readonly documents: string[],
    readonly actor: Actor,
    readonly expected: number | undefined,
    readonly ctx: AppendContext,
  ) {
    super();
  }
}

/** The claim waits for documents; it is no longer complete, so its due date is recomputed later. */
@CommandHandler(RequestClaimDocumentsCommand)
export class RequestClaimDocumentsHandler implements ICommandHandler<
  RequestClaimDocumentsCommand,
  ClaimResponse
> {
  constructor(
    private readonly claims: ClaimRepository,
    private readonly clock: Clock,
  ) {}

  execute({
    claimId,
    documents,
    actor,
    expected,
    ctx,
  }: RequestClaimDocumentsCommand): Promise<ClaimResponse> {
    return this.claims.act(claimId, expected, ctx, (state) => ({
      events: storedClaimDecider.decide(
        {
          type: 'RequestDocuments',
          data: { by: actor.id, roles: actor.roles, at: this.clock.now().toISOString(), documents },
        },
        state,
      ),
    }));
  }
}
