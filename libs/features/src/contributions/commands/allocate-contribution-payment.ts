import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ContributionPaymentState } from '@app/domain/contributions';
import { ContributionAllocator } from '../contribution-allocator';

/** On demand: finish a payment's allocation (idempotent; a finished one is returned as is). */
export class AllocateContributionPaymentCommand extends Command<ContributionPaymentState> {
  constructor(readonly paymentId: string) {
    super();
  }
}

@CommandHandler(AllocateContributionPaymentCommand)
export class AllocateContributionPaymentHandler implements ICommandHandler<AllocateContributionPaymentCommand> {
  constructor(private readonly allocator: ContributionAllocator) {}

  execute({ paymentId }: AllocateContributionPaymentCommand): Promise<ContributionPaymentState> {
    return this.allocator.allocate(paymentId);
  }
}
