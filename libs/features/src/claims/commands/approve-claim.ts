import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Inject } from '@nestjs/common';
import { AppendContext, EventStore } from '@app/event-store';
import { approvedDeathOf, ClaimState, asClaim, Claim } from '@app/domain/claims';
import { EVENT_STORE, Actor, Clock } from '@app/platform';
import { decideAndAppend, PROCESS_MANAGER_RETRY } from '../../shared';
import { ClaimRepository, ClaimResponse } from '../claim-repository';
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
 * First or second approval (four eyes, docs/benefit-rules.md). The final approval of a death
 * claim also records the member's death: `ClaimApproved` first, then `MemberDeceased` on the
 * member's stream, never relying on both landing atomically. If the second write is lost (a crash,
 * or KurrentDB between the two), approving the claim again completes it and answers as the first
 * approval would have; `RecordDeath` for the same claim is a no-op, so the retry is idempotent.
 */
@CommandHandler(ApproveClaimCommand)
export class ApproveClaimHandler implements ICommandHandler<ApproveClaimCommand, ClaimResponse> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly claims: ClaimRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ claimId, note, actor, expected, ctx }: ApproveClaimCommand): Promise<ClaimResponse> {
    let approved: Claim | undefined;
    const response = await this.claims.act(claimId, expected, ctx, async (state) => {
      if (await this.deathStillToRecord(state)) {
        approved = state;
        return { events: [] };
      }
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
      approved = asClaim(events.reduce(storedClaimDecider.evolve, state as ClaimState));
      const dateOfDeath = approvedDeathOf(approved);
      // The member's side is checked before the approval is written (death happens once).
      if (dateOfDeath) await this.decideDeath(approved, dateOfDeath);
      return { events };
    });
    const dateOfDeath = approved && approvedDeathOf(approved);
    if (approved && dateOfDeath) await this.recordDeath(approved, dateOfDeath, ctx);
    return response;
  }

  /** An approved death claim whose member is not yet recorded deceased: an interrupted approval. */
  private async deathStillToRecord(state: Claim): Promise<boolean> {
    if (!approvedDeathOf(state)) return false;
    const member = await this.claims.loadMember(state.memberId);
    return member.state.exists && member.state.deceasedOn === undefined;
  }

  private async decideDeath(claim: Claim, dateOfDeath: string): Promise<void> {
    const member = await this.claims.loadMember(claim.memberId);
    storedMemberDecider.decide(
      { type: 'RecordDeath', data: { dateOfDeath, claimId: claim.claimId } },
      member.state,
    );
  }

  private async recordDeath(claim: Claim, dateOfDeath: string, ctx: AppendContext): Promise<void> {
    await decideAndAppend(
      this.store,
      memberStreamId(claim.memberId),
      storedMemberDecider,
      { type: 'RecordDeath', data: { dateOfDeath, claimId: claim.claimId } },
      ctx,
      // Contributions and heirs may move the member's stream meanwhile: decide again.
      { retry: PROCESS_MANAGER_RETRY },
    );
  }
}
