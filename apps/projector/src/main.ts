import 'reflect-metadata';
import '@app/platform/check-environment';
import { Module } from '@nestjs/common';
import { createHttpApp, listen, PlatformModule, runMain } from '@app/platform';
import { ProjectorModule, READ_MODEL_SCHEMAS } from '@app/read-models';
import { FEATURE_PROCESS_MODULES, UPCASTERS } from '@app/features';
import { OUTBOX_MODULES } from '@app/payouts';

/** The projector role: read models, the late-facts process and the payout outbox relay; serves /health and /metrics. */
@Module({
  imports: [
    PlatformModule.forRoot({ readModelSchemas: READ_MODEL_SCHEMAS, upcasters: UPCASTERS }),
    ProjectorModule,
    ...FEATURE_PROCESS_MODULES,
    ...OUTBOX_MODULES,
  ],
})
class ProjectorRoot {}

async function main() {
  const app = await createHttpApp(ProjectorRoot, { docs: false });
  await listen(app, 'projector');
}
runMain(main);
