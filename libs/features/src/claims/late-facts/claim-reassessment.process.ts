import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { EventStore, RecordedEvent, SqlClient } from '@app/event-store';
import { basisClaimIdOf, Claim, ClaimEvent, ClaimState, isClaim, LateFact } from '@app/domain/claims';
import { CheckpointedLoop } from '@app/payouts/checkpointed-loop';
import { DomainError, STREAM_PREFIX } from '@app/domain/shared';
import { Clock, EVENT_STORE, READ_DB } from '@app/platform';
import { PROCESS_MANAGER_RETRY, runCommand } from '../../shared';
import { ClaimRepository } from '../claim-repository';
import { claimStreamId, lodgedClaimIds, memberClaimsStreamId, storedClaimDecider } from '../claim-streams';
import { ClaimLookup, LATE_FACT_TRIGGERS } from './late-fact-triggers';

export const CLAIM_REASSESSMENT_CHECKPOINT = 'claim-reassessment-process';
const ACTOR = 'system:claim-reassessment';

/**
 * Late facts re-assess undecided claims (docs/architecture.md "The claim re-assessment
 * process"): a checkpointed subscription to the facts in LATE_FACT_TRIGGERS, leased to one
 * projector. Each affected claim gets `ReassessClaim` at the revision read (a lost race is decided
 * again); the decider makes it idempotent per fact, so a batch replayed after a crash writes
 * nothing twice.
 */
@Injectable()
export class ClaimReassessmentProcess implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly loop: CheckpointedLoop;
  private readonly logger = new Logger('ClaimReassessmentProcess');
  private readonly lookup: ClaimLookup;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_DB) db: SqlClient,
    private readonly claims: ClaimRepository,
    private readonly clock: Clock,
  ) {
    this.loop = new CheckpointedLoop(store, db, {
      name: CLAIM_REASSESSMENT_CHECKPOINT,
      filter: { types: Object.keys(LATE_FACT_TRIGGERS) },
      // A period is 45,000 ContributionMonthPaid facts, nearly all of members without a claim:
      // pages of 2,000 make it 23 passes (one index look-up and one checkpoint each), not 225.
      batchSize: 2_000,
      handle: (events) => this.handle(events),
    });
    this.lookup = {
      load: (claimId) => this.claims.load(claimId),
      claimsOfMember: async (memberId) => {
        const ids = lodgedClaimIds(await this.store.readStream(memberClaimsStreamId(memberId)));
        const loaded = await Promise.all(ids.map((id) => this.claims.load(id)));
        return loaded.map((l) => l.state).filter(isClaim);
      },
    };
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  async handle(events: RecordedEvent[]): Promise<void> {
    const withClaims = await this.membersWithClaims(events);
    for (const e of events) {
      const affected = LATE_FACT_TRIGGERS[e.type];
      if (!affected) continue;
      // Most members of a payment have no claim: their facts need nothing more.
      if (e.streamId.startsWith(STREAM_PREFIX.member) && !withClaims.has(e.streamId)) continue;
      const fact: LateFact = {
        position: e.position,
        type: e.type,
        streamId: e.streamId,
        eventId: e.eventId,
        ...(e.streamId.startsWith(STREAM_PREFIX.member) ? { memberRevision: e.revision } : {}),
      };
      // A claim's own fact (an heir certificate, a work-relation decision) was assessed by its command.
      const own = (e.data as { claimId?: string }).claimId;
      for (const claim of await affected(e, this.lookup))
        if (claim.claimId !== own) await this.reassessOrReport(claim, fact);
    }
  }

  /**
   * The member streams of the batch's member facts whose member has a claim index: one look-up of
   * every index's revision (a period's 45,000 facts were 45,000 reads, competing with the
   * allocation that wrote them; bench/README.md "Profiling notes"). A claim lodged after this read
   * was assessed after the fact, so it saw it.
   */
  private async membersWithClaims(events: RecordedEvent[]): Promise<Set<string>> {
    const streams = [
      ...new Set(events.map((e) => e.streamId).filter((id) => id.startsWith(STREAM_PREFIX.member))),
    ];
    const indexOf = (streamId: string) => memberClaimsStreamId(streamId.slice(STREAM_PREFIX.member.length));
    const revisions = await this.store.streamRevisions(streams.map(indexOf));
    return new Set(streams.filter((streamId) => (revisions.get(indexOf(streamId)) ?? -1) >= 0));
  }

  /** A rule refusing (a member gone from the claim) holds back no other claim: it is logged, not retried. */
  private async reassessOrReport(claim: Claim, fact: LateFact): Promise<void> {
    try {
      await this.reassess(claim, fact);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      this.logger.warn(
        `claim ${claim.claimId} not re-assessed for ${fact.type} at ${fact.position}: ${e.code}`,
      );
    }
  }

  /** Re-assesses one claim for one fact; returns the events written (none when nothing changed). */
  async reassess(claim: Pick<Claim, 'claimId' | 'memberId'>, fact: LateFact): Promise<ClaimEvent[]> {
    const { events } = await runCommand<ClaimEvent, ClaimState>(
      this.store,
      claimStreamId(claim.claimId),
      storedClaimDecider,
      async ({ state }) => {
        if (!isClaim(state)) return { events: [] };
        const { context } = await this.claims.loadContext(state.memberId, basisClaimIdOf(state.request));
        const command = {
          type: 'ReassessClaim' as const,
          data: { fact, by: ACTOR, at: this.clock.now().toISOString(), today: this.clock.today(), context },
        };
        return { events: storedClaimDecider.decide(command, state) };
      },
      { actor: ACTOR, correlationId: fact.eventId, causationId: fact.eventId },
      // People act on the same claims: a lost race is decided again on fresh state.
      { retry: PROCESS_MANAGER_RETRY },
    );
    return events;
  }
}
