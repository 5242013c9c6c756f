import { Module } from '@nestjs/common';
import { QueueBoardController, QueueBoardMount } from '../board/queue-board';
import { PayoutQueueModule } from '../payout-queue';
import { PayoutsController } from './payouts.controller';
import { BankCallbacksController } from './bank-callbacks.controller';

/** The api role's payout endpoints (docs/api.md "Payouts") and Bull Board for admins. */
@Module({
  imports: [PayoutQueueModule],
  controllers: [PayoutsController, BankCallbacksController, QueueBoardController],
  providers: [QueueBoardMount],
})
export class PayoutsApiModule {}
