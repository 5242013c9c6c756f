import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { AppendContext, EventStore, SqlClient, WrongExpectedVersionError } from '@app/event-store';
import {
  contributionPaymentDecider,
  ContributionPaymentState,
  validateContributionPayment,
} from '@app/domain/contributions';
import { DomainError } from '@app/domain/shared';
import { EVENT_STORE, problem, ProblemException, READ_DB } from '@app/platform';
import {
  memberIdsActiveInPeriod,
  memberRecordsByIds,
  membersProjection,
  waitForProjection,
} from '@app/read-models';
import { loadStream } from '../../shared/command-support';
import { memberStreamId } from '../../members/member-streams';
import { ContributionAllocator } from '../contribution-allocator';
import {
  paymentReferenceStreamId,
  paymentStreamId,
  reservedPaymentId,
  writeContributionPayment,
} from '../contribution-streams';

export interface ContributionPaymentInput {
  period: string;
  paidOn: string;
  reference: string;
  memberIds?: string[];
}

/** docs/api.md `POST /api/contribution-payments`: record the payment once, then allocate it. */
export class RecordContributionPaymentCommand extends Command<ContributionPaymentState> {
  constructor(
    readonly input: ContributionPaymentInput,
    readonly ctx: AppendContext,
  ) {
    super();
  }
}

/** How long "every active member" waits for the members read model to catch up. */
const READ_MODEL_WAIT_MS = 30_000;
/** How long ids missing from the members read model wait for it before the streams are read. */
const UNKNOWN_MEMBERS_WAIT_MS = 5_000;
/** Member streams read at once when the read model cannot answer. */
const STREAM_READ_BATCH = 50;
/** A 400 lists this many unknown ids (and counts them all): the answer stays small. */
export const LISTED_UNKNOWN_MEMBERS = 100;

@CommandHandler(RecordContributionPaymentCommand)
export class RecordContributionPaymentHandler implements ICommandHandler<RecordContributionPaymentCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_DB) private readonly db: SqlClient,
    private readonly allocator: ContributionAllocator,
  ) {}

  async execute({ input, ctx }: RecordContributionPaymentCommand): Promise<ContributionPaymentState> {
    const errors = validateContributionPayment(input);
    if (errors.length) throw DomainError.validation(errors);
    const reference = input.reference.trim();
    const referenceStream = paymentReferenceStreamId(reference);

    const usedBy = reservedPaymentId(await this.store.readStream(referenceStream, { maxCount: 1 }));
    // Set when completing an attempt that stopped: the payment stream's revision to write after.
    let after: number | undefined;
    if (usedBy !== undefined) {
      // A reservation whose payment stream holds no Recorded event (nothing, or only parts of a
      // long member list) outlived a crash: this request completes it.
      const payment = await loadStream(this.store, paymentStreamId(usedBy), contributionPaymentDecider);
      if (payment.state.exists) throw this.referenceUsed(usedBy);
      after = payment.revision;
    }
    const paymentId = usedBy ?? randomUUID();
    const memberIds = input.memberIds
      ? await this.knownMembers(input.memberIds)
      : await this.activeMembers(input);

    const events = contributionPaymentDecider.decide(
      {
        type: 'RecordContributionPayment',
        data: {
          paymentId,
          period: input.period,
          paidOn: input.paidOn,
          reference,
          memberIds,
          actor: ctx.actor,
        },
      },
      contributionPaymentDecider.initialState(),
    );
    try {
      await writeContributionPayment(this.store, { paymentId, reference, events, after }, ctx);
    } catch (e) {
      if (!(e instanceof WrongExpectedVersionError)) throw e;
      throw this.referenceUsed(
        reservedPaymentId(await this.store.readStream(referenceStream, { maxCount: 1 })) ?? paymentId,
      );
    }
    return this.allocator.allocate(paymentId);
  }

  private referenceUsed(paymentId: string): DomainError {
    return new DomainError(
      'conflict',
      'REFERENCE_ALREADY_USED',
      'This bank reference was already used by a payment',
      {
        paymentId,
      },
    );
  }

  /**
   * Explicit member ids: each must be enrolled, else 400. The members read model answers for
   * all of them in one query; ids it lacks are asked again once it has applied every member event
   * committed before this request. Only when it cannot catch up are the member streams read, a
   * batch at a time.
   */
  private async knownMembers(requested: string[]): Promise<string[]> {
    const memberIds = [...new Set(requested)];
    let unknown = await this.notInReadModel(memberIds);
    if (unknown.length > 0) {
      const caughtUp = await waitForProjection(
        this.store,
        this.db,
        membersProjection,
        UNKNOWN_MEMBERS_WAIT_MS,
      );
      unknown = caughtUp ? await this.notInReadModel(unknown) : await this.withoutStream(unknown);
    }
    if (unknown.length > 0) {
      const shown =
        unknown.slice(0, 20).join(', ') + (unknown.length > 20 ? ` and ${unknown.length - 20} more` : '');
      throw new DomainError(
        'validation',
        'UNKNOWN_MEMBERS',
        `${unknown.length} member id(s) are not enrolled; nothing was posted`,
        { unknownMemberIds: unknown.slice(0, LISTED_UNKNOWN_MEMBERS), unknownMemberCount: unknown.length },
        [{ field: 'memberIds', message: `unknown member ids: ${shown}` }],
      );
    }
    return memberIds;
  }

  private async notInReadModel(memberIds: string[]): Promise<string[]> {
    const projected = await memberRecordsByIds(this.db, memberIds);
    return memberIds.filter((id) => !projected.has(id));
  }

  private async withoutStream(memberIds: string[]): Promise<string[]> {
    const unknown: string[] = [];
    for (let i = 0; i < memberIds.length; i += STREAM_READ_BATCH) {
      const batch = memberIds.slice(i, i + STREAM_READ_BATCH);
      const found = await Promise.all(
        batch.map((id) => this.store.readStream(memberStreamId(id), { maxCount: 1 })),
      );
      batch.forEach((id, j) => found[j].length === 0 && unknown.push(id));
    }
    return unknown;
  }

  /**
   * "Every member whose membership is active in the period" is a question over all members, so it
   * is answered by the members read model, after waiting until it has applied every member event
   * committed before this request (members enrolled by then are included; later ones are not).
   */
  private async activeMembers(input: ContributionPaymentInput): Promise<string[]> {
    const caughtUp = await waitForProjection(this.store, this.db, membersProjection, READ_MODEL_WAIT_MS);
    if (!caughtUp) {
      throw new ProblemException(
        problem(503, 'The members read model is still catching up; try again shortly', {
          code: 'READ_MODEL_BEHIND',
        }),
      );
    }
    return memberIdsActiveInPeriod(this.db, input.period, input.paidOn);
  }
}
