import 'reflect-metadata';
import '@app/platform/check-environment';
import { Module } from '@nestjs/common';
import { createHttpApp, listen, PlatformModule, runMain } from '@app/platform';
import { READ_MODEL_SCHEMAS } from '@app/read-models';
import { UPCASTERS } from '@app/features';
import { ApiModule } from './api.module';

@Module({
  imports: [
    PlatformModule.forRoot({ readModelSchemas: READ_MODEL_SCHEMAS, upcasters: UPCASTERS }),
    ApiModule,
  ],
})
class ApiRoot {}

async function main() {
  const app = await createHttpApp(ApiRoot, { title: 'BPU claims API' });
  await listen(app, 'api');
}
runMain(main);
