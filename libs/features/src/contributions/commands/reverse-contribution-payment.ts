import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppendContext } from '@app/event-store';
import { ContributionReverser, ReversalInput, ReversalResult } from '../contribution-reverser';

/** docs/api.md `POST /api/contribution-payments/{id}/reversals`. */
export class ReverseContributionPaymentCommand extends Command<ReversalResult> {
  constructor(
    readonly paymentId: string,
    readonly input: ReversalInput,
    readonly ctx: AppendContext,
  ) {
    super();
  }
}

@CommandHandler(ReverseContributionPaymentCommand)
export class ReverseContributionPaymentHandler implements ICommandHandler<ReverseContributionPaymentCommand> {
  constructor(private readonly reverser: ContributionReverser) {}

  execute({ paymentId, input, ctx }: ReverseContributionPaymentCommand): Promise<ReversalResult> {
    return this.reverser.reverse(paymentId, input, ctx);
  }
}
