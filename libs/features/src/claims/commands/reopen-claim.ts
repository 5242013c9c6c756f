import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppendContext } from '@app/event-store';
import { basisClaimIdOf } from '@app/domain/claims';
import { Actor, Clock } from '@app/platform';
import { ClaimRepository, ClaimResponse } from '../claim-repository';
import { storedClaimDecider } from '../claim-streams';

export class ReopenClaimCommand extends Command<ClaimResponse> {
  constructor(
    readonly claimId: string,
    readonly note: string,
    readonly actor: Actor,
    readonly expected: number | undefined,
    readonly ctx: AppendContext,
  ) {
    super();
  }
}

/**
 * A supervisor reopens a decided claim (docs/benefit-rules.md "Corrections"): re-assessed with
 * the facts as now known, then approved or rejected like any claim. Two supervisors at once: the
 * claim's expected revision lets one win, the other gets 409 (or 412 with If-Match).
 */
@CommandHandler(ReopenClaimCommand)
export class ReopenClaimHandler implements ICommandHandler<ReopenClaimCommand, ClaimResponse> {
  constructor(
    private readonly claims: ClaimRepository,
    private readonly clock: Clock,
  ) {}

  execute({ claimId, note, actor, expected, ctx }: ReopenClaimCommand): Promise<ClaimResponse> {
    return this.claims.act(claimId, expected, ctx, async (state) => {
      const { context } = await this.claims.loadContext(state.memberId, basisClaimIdOf(state.request));
      const at = this.clock.now().toISOString();
      return {
        events: storedClaimDecider.decide(
          {
            type: 'ReopenClaim',
            data: { by: actor.id, roles: actor.roles, at, note, today: this.clock.today(), context },
          },
          state,
        ),
      };
    });
  }
}
