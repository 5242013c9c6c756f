import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppendContext } from '@app/event-store';
import { basisClaimIdOf, HeirCertificate } from '@app/domain/claims';
import { Actor, Clock } from '@app/platform';
import { ClaimRepository, ClaimResponse } from '../claim-repository';
import { storedClaimDecider } from '../claim-streams';

export class AddHeirCertificateCommand extends Command<ClaimResponse> {
  constructor(
    readonly claimId: string,
    readonly certificate: HeirCertificate,
    readonly actor: Actor,
    readonly expected: number | undefined,
    readonly ctx: AppendContext,
  ) {
    super();
  }
}

/**
 * An heir certificate for a death claim or scholarship (docs/benefit-rules.md "Heirs"): the claim
 * itself is assessed again here when undecided; claims that depend on it (a scholarship on this
 * basis) are re-assessed by the late-facts process.
 */
@CommandHandler(AddHeirCertificateCommand)
export class AddHeirCertificateHandler implements ICommandHandler<AddHeirCertificateCommand, ClaimResponse> {
  constructor(
    private readonly claims: ClaimRepository,
    private readonly clock: Clock,
  ) {}

  execute({ claimId, certificate, actor, expected, ctx }: AddHeirCertificateCommand): Promise<ClaimResponse> {
    return this.claims.act(claimId, expected, ctx, async (state) => {
      const { context } = await this.claims.loadContext(state.memberId, basisClaimIdOf(state.request));
      return {
        events: storedClaimDecider.decide(
          {
            type: 'AddHeirCertificate',
            data: {
              by: actor.id,
              roles: actor.roles,
              at: this.clock.now().toISOString(),
              certificate,
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
