import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { AppendContext, EventStore } from '@app/event-store';
import { EnrollmentInput, MemberStatus, memberStatusOn, membershipPolicyOn } from '@app/domain/members';
import { Clock, EVENT_STORE, MetricsService } from '@app/platform';
import { enrollPerson } from '../enrollment';
import { NikKey } from '../nik-key';

export interface EnrollmentResult {
  memberId: string;
  nik: string;
  /** The member's status now (API.md), by DOMAIN.md 2: a coverage start long past may already be lapsed. */
  status: MemberStatus;
  reEnrolled: boolean;
}

/** API.md `POST /api/members`: enroll, or re-enroll a LAPSED member under the same member id. */
export class EnrollMemberCommand extends Command<EnrollmentResult> {
  constructor(
    readonly input: EnrollmentInput,
    readonly ctx: AppendContext,
  ) {
    super();
  }
}

@CommandHandler(EnrollMemberCommand)
export class EnrollMemberHandler implements ICommandHandler<EnrollMemberCommand, EnrollmentResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
    private readonly nikKey: NikKey,
  ) {}

  async execute({ input, ctx }: EnrollMemberCommand): Promise<EnrollmentResult> {
    const today = this.clock.today();
    // Heir ids are the service's choice (the decider stays pure and a retry replays them).
    const heirs = (input.heirs ?? []).map((h) => ({ ...h, heirId: randomUUID() }));
    const outcome = await enrollPerson(
      this.store,
      { input: { ...input, heirs }, today, reEnrollLapsed: true, nikKey: this.nikKey },
      ctx,
    );
    if (outcome.outcome === 'ALREADY_ENROLLED')
      throw new Error('unreachable: HTTP enrollment re-enrolls or refuses');
    this.metrics.eventsAppended.inc({
      type: outcome.outcome === 'ENROLLED' ? 'MemberEnrolled' : 'MemberReEnrolled',
    });
    const { lapseMonths } = membershipPolicyOn(outcome.state.coverageStart);
    return {
      memberId: outcome.memberId,
      nik: outcome.state.nik,
      status: memberStatusOn(outcome.state, today, lapseMonths).status,
      reEnrolled: outcome.outcome === 'RE_ENROLLED',
    };
  }
}
