import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppendContext } from '@app/event-store';
import { WorkRelationDecision, basisClaimIdOf } from '@app/domain/claims';
import { Actor, Clock } from '@app/platform';
import { ClaimRepository, ClaimResponse } from '../claim-repository';
import { storedClaimDecider } from '../claim-streams';

export class DecideClaimWorkRelationCommand extends Command<ClaimResponse> {
  constructor(
    readonly claimId: string,
    readonly decision: WorkRelationDecision,
    readonly actor: Actor,
    readonly expected: number | undefined,
    readonly ctx: AppendContext,
  ) {
    super();
  }
}

/**
 * The decision on a suspected work accident (PP 49/2023: due 30 days after the report); an open
 * claim is assessed again with it, against fresh context.
 */
@CommandHandler(DecideClaimWorkRelationCommand)
export class DecideClaimWorkRelationHandler implements ICommandHandler<
  DecideClaimWorkRelationCommand,
  ClaimResponse
> {
  constructor(
    private readonly claims: ClaimRepository,
    private readonly clock: Clock,
  ) {}

  execute({
    claimId,
    decision,
    actor,
    expected,
    ctx,
  }: DecideClaimWorkRelationCommand): Promise<ClaimResponse> {
    return this.claims.act(claimId, expected, ctx, async (state) => {
      const { context } = await this.claims.loadContext(state.memberId, basisClaimIdOf(state.request));
      return {
        events: storedClaimDecider.decide(
          {
            type: 'DecideWorkRelation',
            data: {
              by: actor.id,
              roles: actor.roles,
              at: this.clock.now().toISOString(),
              decision,
              today: this.clock.today(),
              context,
            },
          },
          state,
        ),
      };
    });
  }
}
