import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { AppendContext, EventStore } from '@app/event-store';
import { ClaimEvent, ClaimRequest } from '@app/domain/claims';
import { Actor, APP_CONFIG, AppConfig, Clock, EVENT_STORE } from '@app/platform';
import { runCommand, toNewEvents } from '../../shared';
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
 * without a stream, which every reader ignores; the client's retry lodges the claim anew.
 */
@CommandHandler(SubmitClaimCommand)
export class SubmitClaimHandler implements ICommandHandler<SubmitClaimCommand, ClaimResponse> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly claims: ClaimRepository,
  ) {}

  async execute({ request, actor, ctx }: SubmitClaimCommand): Promise<ClaimResponse> {
    const claimId = randomUUID();
    const at = this.clock.now().toISOString();
    const today = this.clock.today();
    let claimEvents: ClaimEvent[] = [];
    const { further } = await runCommand(
      this.store,
      memberClaimsStreamId(request.memberId),
      memberClaimsIndex,
      async ({ state: lodgedIds }) => {
        const context = await this.claims.contextOf(request.memberId, lodgedIds, request.basisClaimId);
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
          events: [lodged],
          further: [
            { streamId: claimStreamId(claimId), events: toNewEvents(claimEvents), expected: 'no_stream' },
          ],
        };
      },
      ctx,
      // Each loss of the index to another submission means assessing again.
      { retry: { attempts: 5 }, what: 'claim' },
    );
    const state = claimEvents.reduce(storedClaimDecider.evolve, storedClaimDecider.initialState());
    return this.claims.respond(state, further[0].nextRevision);
  }
}
