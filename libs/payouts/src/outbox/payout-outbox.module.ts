import { Module } from '@nestjs/common';
import { ClaimPayoutRecorderModule } from '@app/features/claims';
import { PayoutQueueModule } from '../payout-queue';
import { PayoutProcessManager } from '../process/payout-process-manager';
import { PayoutOutboxRelay } from './payout-outbox-relay';

/** The projector role's payout duties: the process manager and the outbox relay to BullMQ. */
@Module({
  imports: [PayoutQueueModule, ClaimPayoutRecorderModule],
  providers: [PayoutProcessManager, PayoutOutboxRelay],
  exports: [PayoutProcessManager, PayoutOutboxRelay],
})
export class PayoutOutboxModule {}
