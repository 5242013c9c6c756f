import { Type } from '@nestjs/common';

/** Modules of the projector role that relay the payout outbox to BullMQ. */
export const OUTBOX_MODULES: Type<unknown>[] = [];
/** Modules of the payout-worker role. */
export const WORKER_MODULES: Type<unknown>[] = [];
