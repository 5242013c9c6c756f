import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { AppendContext, EventStore, WrongExpectedVersionError } from '@app/event-store';
import { ClaimRequest, ClaimState } from '@app/domain/claims';
import { Actor, APP_CONFIG, AppConfig, Clock, EVENT_STORE } from '@app/platform';
import { DomainError } from '@app/domain/shared';
import { toNewEvents } from '../../shared';
import { nameBasedUuid } from '../../shared/ids';
import { ClaimRepository, ClaimResponse } from '../claim-repository';
import { ClaimLodged, claimStreamId, memberClaimsStreamId, storedClaimDecider } from '../claim-streams';

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

/** Another submission for the member can win the index; each loss means assessing again. */
const MAX_ATTEMPTS = 5;

/**
 * Submit and assess (DOMAIN.md 4). The new claim stream and the member's claim index are
 * appended together, the index at the revision read: the assessment saw every claim of the
 * member, or the append fails and the claim is assessed again with the newcomer in view.
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
    for (let attempt = 1; ; attempt++) {
      if (idempotencyKey) {
        // A re-run of a request whose answer was lost: the claim it made is the answer.
        const existing = await this.claims.load(claimId);
        if (existing.state.exists)
          return this.sameSubmission(existing.state, existing.revision, request, actor);
      }
      const { context, indexRevision } = await this.claims.loadContext(
        request.memberId,
        request.basisClaimId,
      );
      const initial = storedClaimDecider.initialState();
      const events = storedClaimDecider.decide(
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
        initial,
      );
      const lodged: ClaimLodged = {
        type: 'ClaimLodged',
        data: { claimId, memberId: request.memberId, benefit: request.benefit, at },
      };
      try {
        const [result] = await this.store.appendMany(
          [
            { streamId: claimStreamId(claimId), events: toNewEvents(events), expected: 'no_stream' },
            {
              streamId: memberClaimsStreamId(request.memberId),
              events: toNewEvents([lodged]),
              expected: indexRevision < 0 ? 'no_stream' : indexRevision,
            },
          ],
          ctx,
        );
        return this.claims.respond(events.reduce(storedClaimDecider.evolve, initial), result.nextRevision);
      } catch (e) {
        if (e instanceof WrongExpectedVersionError && attempt < MAX_ATTEMPTS) continue;
        throw e;
      }
    }
  }

  private sameSubmission(
    claim: ClaimState,
    revision: number,
    request: ClaimRequest,
    actor: Actor,
  ): ClaimResponse {
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
