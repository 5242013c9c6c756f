import { Module } from '@nestjs/common';
import { ClaimPayoutRecorderModule } from '@app/features/claims/claims.module';
import { PayoutQueueModule } from '../payout-queue';
import { PayoutProcessManager } from '../process/payout-process-manager';
import { PayoutOutboxRelay } from './payout-outbox-relay';
import { PayoutSweeper } from './payout-sweeper';

/** The projector role's payout duties: the process manager, the outbox relay to BullMQ and its sweeper. */
@Module({
  imports: [PayoutQueueModule, ClaimPayoutRecorderModule],
  providers: [PayoutProcessManager, PayoutOutboxRelay, PayoutSweeper],
  exports: [PayoutProcessManager, PayoutOutboxRelay, PayoutSweeper],
})
export class PayoutOutboxModule {}
