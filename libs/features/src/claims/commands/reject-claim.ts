import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppendContext } from '@app/event-store';
import { Actor, Clock } from '@app/platform';
import { ClaimRepository, ClaimResponse } from '../claim-repository';
import { storedClaimDecider } from '../claim-streams';

export class RejectClaimCommand extends Command<ClaimResponse> {
  constructor(
    readonly claimId: string,
    readonly reasonCode: string,
    readonly note: string,
    readonly actor: Actor,
    readonly expected: number | undefined,
    readonly ctx: AppendContext,
  ) {
    super();
  }
}

/** A person rejects the claim, with a reason code and why (docs/benefit-rules.md "Decisions and payment"). */
@CommandHandler(RejectClaimCommand)
export class RejectClaimHandler implements ICommandHandler<RejectClaimCommand, ClaimResponse> {
  constructor(
    private readonly claims: ClaimRepository,
    private readonly clock: Clock,
  ) {}

  execute({ claimId, reasonCode, note, actor, expected, ctx }: RejectClaimCommand): Promise<ClaimResponse> {
    return this.claims.act(claimId, expected, ctx, (state) => ({
      events: storedClaimDecider.decide(
        {
          type: 'RejectClaim',
          data: { by: actor.id, roles: actor.roles, at: this.clock.now().toISOString(), reasonCode, note },
        },
        state,
      ),
    }));
  }
}
