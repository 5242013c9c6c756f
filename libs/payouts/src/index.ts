import { Type } from '@nestjs/common';
import { PayoutOutboxModule } from './outbox/payout-outbox.module';
import { PayoutWorkerModule } from './worker/payout-worker.module';

export * from './payout-queue';
export * from './payout-settings';
export * from './streams';
export * from './checkpointed-loop';
export * from './gateway/disbursement-gateway';
export * from './gateway/http-disbursement-gateway';
export * from './sandbox/sandbox-bank';
export * from './sandbox/sandbox-ledger';
export * from './sandbox/sandbox-bank.service';
export * from './process/payout-process-manager';
export * from './outbox/payout-outbox-relay';
export * from './outbox/payout-sweeper';
export * from './outbox/payout-outbox.module';
export * from './worker/payout-payer';
export * from './worker/payout.processor';
export * from './worker/payout-worker.module';
export * from './api/payouts-api.module';
export * from './reconcile/reconcile';

/** Modules of the projector role that relay the payout outbox to BullMQ. */
export const OUTBOX_MODULES: Type<unknown>[] = [PayoutOutboxModule];
/** Modules of the payout-worker role. */
export const WORKER_MODULES: Type<unknown>[] = [PayoutWorkerModule];
export * from './returns/payout-returns';
