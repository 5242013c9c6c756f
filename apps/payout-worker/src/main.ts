import 'reflect-metadata';
import '@app/platform/check-environment';
import { Module } from '@nestjs/common';
import { createHttpApp, listen, PlatformModule, runMain } from '@app/platform';
import { READ_MODEL_SCHEMAS } from '@app/read-models';
import { UPCASTERS } from '@app/features';
import { WORKER_MODULES } from '@app/payouts';

/** The payout-worker role: BullMQ consumers that pay through the disbursement gateway. */
@Module({
  imports: [
    PlatformModule.forRoot({ readModelSchemas: READ_MODEL_SCHEMAS, upcasters: UPCASTERS }),
    ...WORKER_MODULES,
  ],
})
class PayoutWorkerRoot {}

async function main() {
  const app = await createHttpApp(PayoutWorkerRoot, { docs: false });
  await listen(app, 'payout-worker');
}
runMain(main);
