import { basisClaimIdOf } from '@app/domain/claims';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppendContext } from '@app/event-store';
import { Actor, APP_CONFIG, AppConfig, Clock } from '@app/platform';
import { ClaimRepository, ClaimResponse } from '../claim-repository';
import { storedClaimDecider } from '../claim-streams';

export class ProvideClaimDocumentsCommand extends Command<ClaimResponse> {
  constructor(
    readonly claimId: string,
    readonly documents: { name: string; reference: string }[],
    readonly actor: Actor,
    readonly expected: number | undefined,
    readonly ctx: AppendContext,
  ) {
    super();
  }
}

/**
 * Documents arrive: the claim is assessed again against the member and their claims as they are
 * now, and is complete again (a new due date) when the last requested document has arrived.
 */
@CommandHandler(ProvideClaimDocumentsCommand)
export class ProvideClaimDocumentsHandler implements ICommandHandler<
  ProvideClaimDocumentsCommand,
  ClaimResponse
> {
  constructor(
    private readonly claims: ClaimRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  execute({
    claimId,
    documents,
    actor,
    expected,
    ctx,
  }: ProvideClaimDocumentsCommand): Promise<ClaimResponse> {
    return this.claims.act(claimId, expected, ctx, async (state) => {
      const { context } = await this.claims.loadContext(state.memberId, basisClaimIdOf(state.request));
      return {
        events: storedClaimDecider.decide(
          {
            type: 'ProvideDocuments',
            data: {
              by: actor.id,
              roles: actor.roles,
              at: this.clock.now().toISOString(),
              documents,
              today: this.clock.today(),
              holidays: this.config.holidays,
              context,
            },
          },
          state,
        ),
      };
    });
  }
}
