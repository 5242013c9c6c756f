import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirectoryLockedError } from '@app/event-store';
import { openInAnotherProcess, PgliteProcess } from '@app/testing/pglite-process';
import { main as audit } from './audit';
import { main as rebuild } from './projections-rebuild';
import { main as reconcile } from './payouts-reconcile';

/** Run beside the embedded service on its directory, every CLI command refuses, naming the service's pid. */
describe('CLI commands on a PGlite directory another process holds', () => {
  let dir: string;
  let service: PgliteProcess;
  const saved = { ...process.env };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cli-lock-'));
    service = await openInAnotherProcess(dir);
    expect(service.outcome).toEqual({ opened: true });
    process.env.EVENT_STORE_URL = `pglite://${dir}`;
    process.env.READ_MODEL_URL = `pglite://${dir}`;
  });
  afterAll(async () => {
    process.env = saved;
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['audit verify', () => audit(['verify'])],
    ['audit export --out (a bundle)', () => audit(['export', '--out', join(dir, 'bundle')])],
    ['projections:rebuild --all', () => rebuild(['--all'])],
    ['payouts:reconcile', () => reconcile([])],
  ])('%s refuses with the lock message', async (_, run) => {
    const error = await run().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DataDirectoryLockedError);
    expect((error as Error).message).toContain(dir);
    expect((error as Error).message).toContain(`process ${service.pid}`);
    // Refused before anything is written.
    expect(existsSync(join(dir, 'bundle'))).toBe(false);
  });
});
