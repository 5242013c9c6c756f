import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppendContext } from '@app/event-store';
import { basisClaimIdOf } from '@app/domain/claims';
import { Actor, APP_CONFIG, AppConfig, Clock } from '@app/platform';
import { ClaimRepository, ClaimResponse } from '../claim-repository';
import { storedClaimDecider } from '../claim-streams';

/** docs/api.md "Corrections": the answer to filing an appeal. */
export interface AppealFiled {
  appealId: string;
  claimId: string;
  status: 'OPEN';
  filedOn: string;
  dueBy: string;
}

export class FileAppealCommand extends Command<AppealFiled> {
  constructor(
    readonly claimId: string,
    readonly grounds: string,
    readonly documents: { name: string; reference: string }[] | undefined,
    readonly actor: Actor,
    readonly ctx: AppendContext,
  ) {
    super();
  }
}

/** A claimant's appeal against a decision, within 90 days of it (docs/benefit-rules.md "Appeals"). */
@CommandHandler(FileAppealCommand)
export class FileAppealHandler implements ICommandHandler<FileAppealCommand, AppealFiled> {
  constructor(
    private readonly claims: ClaimRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ claimId, grounds, documents, actor, ctx }: FileAppealCommand): Promise<AppealFiled> {
    const appealId = randomUUID();
    const view = await this.claims.act(claimId, undefined, ctx, (state) => ({
      events: storedClaimDecider.decide(
        {
          type: 'FileAppeal',
          data: {
            by: actor.id,
            roles: actor.roles,
            at: this.clock.now().toISOString(),
            appealId,
            grounds,
            ...(documents ? { documents } : {}),
            today: this.clock.today(),
            holidays: this.config.holidays,
          },
        },
        state,
      ),
    }));
    const appeal = view.appeals.find((a) => a.appealId === appealId);
    if (!appeal) throw new RangeError(`Appeal ${appealId} was not recorded on claim ${claimId}`);
    return { appealId, claimId, status: 'OPEN', filedOn: appeal.filedOn, dueBy: appeal.dueBy };
  }
}

export class DecideAppealCommand extends Command<ClaimResponse> {
  constructor(
    readonly claimId: string,
    readonly appealId: string,
    readonly outcome: 'UPHELD' | 'OVERTURNED',
    readonly note: string,
    readonly actor: Actor,
    readonly expected: number | undefined,
    readonly ctx: AppendContext,
  ) {
    super();
  }
}

/** A supervisor who took no part in the decision decides the appeal; OVERTURNED reopens the claim. */
@CommandHandler(DecideAppealCommand)
export class DecideAppealHandler implements ICommandHandler<DecideAppealCommand, ClaimResponse> {
  constructor(
    private readonly claims: ClaimRepository,
    private readonly clock: Clock,
  ) {}

  execute({
    claimId,
    appealId,
    outcome,
    note,
    actor,
    expected,
    ctx,
  }: DecideAppealCommand): Promise<ClaimResponse> {
    return this.claims.act(claimId, expected, ctx, async (state) => {
      const { context } = await this.claims.loadContext(state.memberId, basisClaimIdOf(state.request));
      return {
        events: storedClaimDecider.decide(
          {
            type: 'DecideAppeal',
            data: {
              by: actor.id,
              roles: actor.roles,
              at: this.clock.now().toISOString(),
              appealId,
              outcome,
              note,
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
