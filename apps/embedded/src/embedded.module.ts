import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, PlatformOptions } from '@app/platform';
import { ProjectorModule, READ_MODEL_SCHEMAS } from '@app/read-models';
import { FEATURE_MODULES, FEATURE_PROCESS_MODULES, UPCASTERS } from '@app/features';
import { OUTBOX_MODULES, WORKER_MODULES } from '@app/payouts';

/** api + projector + payout-worker in one process: the embedded default (`npm start`). */
@Module({})
export class EmbeddedModule {
  static forRoot(options: PlatformOptions = {}): DynamicModule {
    return {
      module: EmbeddedModule,
      imports: [
        PlatformModule.forRoot({ readModelSchemas: READ_MODEL_SCHEMAS, upcasters: UPCASTERS, ...options }),
        ...FEATURE_MODULES,
        ProjectorModule,
        ...FEATURE_PROCESS_MODULES,
        ...OUTBOX_MODULES,
        ...WORKER_MODULES,
      ],
    };
  }
}
