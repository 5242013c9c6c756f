import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { AppendContext, EventStore } from '@app/event-store';
import { ClaimEvent, ClaimRequest, asClaim, Claim, isClaim, basisClaimIdOf } from '@app/domain/claims';
import { DomainError } from '@app/domain/shared';
import { Actor, APP_CONFIG, AppConfig, Clock, EVENT_STORE } from '@app/platform';
import { runCommand, toNewEvents } from '../../shared';
import { nameBasedUuid } from '../../shared/ids';
import { ClaimRepository, ClaimResponse } from '../claim-repository';
import {
  ClaimLodged,
  claimStreamId,
  memberClaimsIndex,
  memberClaimsStreamId,
  storedClaimDecider,
  storedEventId,
} from '../claim-streams';

export class SubmitClaimCommand extends Command<ClaimResponse> {
  constructor(
    readonly request: ClaimRequest,
    readonly actor: Actor,
    readonly ctx: AppendContext,
    /** The request's Idempotency-Key: the claim id derives from it, so a re-run finds the claim it made. */
    readonly idempotencyKey?: string,
  ) {
    super();
  }
}

/**
 * Submit and assess (docs/benefit-rules.md). The command runs on the member's claim index: the
 * claim is assessed against every claim lodged there, then `ClaimLodged` is appended at the index
 * revision read and the new claim stream after it. Another submission for the member that wins
 * the index meanwhile makes the append fail before the claim is written, and the claim is
 * assessed again with the newcomer in view. A crash between the two writes leaves a lodged id
 * without a stream, which every reader ignores; a re-run under the same Idempotency-Key finds its
 * id lodged and writes the claim stream alone (docs/architecture.md "Writes that span streams").
 */
@CommandHandler(SubmitClaimCommand)
export class SubmitClaimHandler implements ICommandHandler<SubmitClaimCommand, ClaimResponse> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly claims: ClaimRepository,
  ) {}

  async execute({ request, actor, ctx, idempotencyKey }: SubmitClaimCommand): Promise<ClaimResponse> {
    const claimId = idempotencyKey ? nameBasedUuid('claim', actor.id, idempotencyKey) : randomUUID();
    const at = this.clock.now().toISOString();
    const today = this.clock.today();
    if (idempotencyKey) {
      // A re-run of a request whose answer was lost: the claim it made is the answer.
      const existing = await this.claims.load(claimId);
      if (isClaim(existing.state))
        return this.sameSubmission(existing.state, existing.revision, request, actor);
    }
    let claimEvents: ClaimEvent[] = [];
    const { further } = await runCommand(
      this.store,
      memberClaimsStreamId(request.memberId),
      memberClaimsIndex,
      async ({ state: lodgedIds }) => {
        const context = await this.claims.contextOf(request.memberId, lodgedIds, basisClaimIdOf(request));
        claimEvents = storedClaimDecider.decide(
          {
            type: 'SubmitClaim',
            data: {
              claimId,
              request,
              submittedBy: actor.id,
              roles: actor.roles,
              at,
              today,
              holidays: this.config.holidays,
              context,
            },
          },
          storedClaimDecider.initialState(),
        );
        const lodged: ClaimLodged = {
          type: 'ClaimLodged',
          id: storedEventId(`${claimId}:lodged`),
          data: { claimId, memberId: request.memberId, benefit: request.benefit, at },
        };
        return {
          // Lodged by an interrupted run of this very request: only the claim stream is missing.
          events: lodgedIds.includes(claimId) ? [] : [lodged],
          further: [
            { streamId: claimStreamId(claimId), events: toNewEvents(claimEvents), expected: 'no_stream' },
          ],
        };
      },
      ctx,
      // Each loss of the index to another submission means assessing again.
      { retry: { attempts: 5 }, what: 'claim' },
    );
    const state = asClaim(claimEvents.reduce(storedClaimDecider.evolve, storedClaimDecider.initialState()));
    return this.claims.respond(state, further[0].nextRevision);
  }

  private sameSubmission(claim: Claim, revision: number, request: ClaimRequest, actor: Actor): ClaimResponse {
    if (
      claim.submittedBy !== actor.id ||
      claim.memberId !== request.memberId ||
      claim.benefit !== request.benefit
    )
      throw new DomainError(
        'conflict',
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key already submitted another claim',
        { claimId: claim.claimId },
      );
    return this.claims.respond(claim, revision);
  }
}
