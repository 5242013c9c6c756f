import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppendContext, StreamWrite } from '@app/event-store';
import { ClaimEvent, ClaimState } from '@app/domain/claims';
import { Actor, Clock } from '@app/platform';
import { toNewEvents } from '../../shared';
import { ClaimDecision, ClaimRepository, ClaimResponse } from '../claim-repository';
import { memberStreamId } from '../../members/member-streams';
import { storedClaimDecider, storedMemberDecider } from '../claim-streams';

export class ApproveClaimCommand extends Command<ClaimResponse> {
  constructor(
    readonly claimId: string,
    readonly note: string | undefined,
    readonly actor: Actor,
    readonly expected: number | undefined,
    readonly ctx: AppendContext,
  ) {
    super();
  }
}

/**
 * First or second approval (four eyes, DOMAIN.md 4). The final approval of a death claim also
 * records the member's death, in the same append and at the member stream's revision, so the
 * member is deceased from the date of death exactly when the claim is approved.
 */
@CommandHandler(ApproveClaimCommand)
export class ApproveClaimHandler implements ICommandHandler<ApproveClaimCommand, ClaimResponse> {
  constructor(
    private readonly claims: ClaimRepository,
    private readonly clock: Clock,
  ) {}

  execute({ claimId, note, actor, expected, ctx }: ApproveClaimCommand): Promise<ClaimResponse> {
    return this.claims.act(claimId, expected, ctx, async (state) => {
      const events = storedClaimDecider.decide(
        {
          type: 'ApproveClaim',
          data: {
            by: actor.id,
            roles: actor.roles,
            at: this.clock.now().toISOString(),
            ...(note !== undefined ? { note } : {}),
          },
        },
        state,
      );
      return { events, alsoWrite: await this.recordDeath(state, events) };
    });
  }

  private async recordDeath(state: ClaimState, events: ClaimEvent[]): Promise<ClaimDecision['alsoWrite']> {
    const approved = events.find((e) => e.type === 'ClaimApproved');
    const dateOfDeath = approved?.type === 'ClaimApproved' ? approved.data.dateOfDeath : undefined;
    if (!dateOfDeath) return [];
    const member = await this.claims.loadMember(state.memberId);
    const deceased = storedMemberDecider.decide(
      { type: 'RecordDeath', data: { dateOfDeath, claimId: state.claimId } },
      member.state,
    );
    if (deceased.length === 0) return [];
    const write: StreamWrite = {
      streamId: memberStreamId(state.memberId),
      events: toNewEvents(deceased),
      expected: member.revision < 0 ? 'no_stream' : member.revision,
    };
    return [write];
  }
}
