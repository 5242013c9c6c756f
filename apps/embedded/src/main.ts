import 'reflect-metadata';
import '@app/platform/check-environment';
import { createHttpApp, listen, runMain } from '@app/platform';
import { EmbeddedModule } from './embedded.module';

async function main() {
  const app = await createHttpApp(EmbeddedModule.forRoot(), { title: 'BPU claims API (embedded)' });
  await listen(app, 'embedded');
}
runMain(main);
