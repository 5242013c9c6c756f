import { EventStore, openEventStore, openSqlClient, SqlClient, UpcasterRegistry } from '@app/event-store';
import { AppConfig, loadConfig, migrateReadModels } from '@app/platform';
import { READ_MODEL_SCHEMAS } from '@app/read-models';

/**
 * The stores as the service opens them, from EVENT_STORE_URL / READ_MODEL_URL. The CLI signs no
 * tokens, so a missing AUTH_JWT_SECRET (required in production) is no reason to refuse to run.
 */
export function cliConfig(): AppConfig {
  return loadConfig({
    ...process.env,
    AUTH_JWT_SECRET: process.env.AUTH_JWT_SECRET || 'not-used-by-the-cli-which-signs-no-tokens',
  });
}

/** An embedded (PGlite) directory the service holds is refused with DataDirectoryLockedError. */
export async function openStore(config: AppConfig, upcasters?: UpcasterRegistry): Promise<EventStore> {
  return openEventStore(config.eventStoreUrl, upcasters ? { upcasters } : {});
}

export async function openReadModels(config: AppConfig): Promise<SqlClient> {
  const db = await openSqlClient(config.readModelUrl);
  await migrateReadModels(db, READ_MODEL_SCHEMAS);
  return db;
}

export function fail(command: string, error: unknown): void {
  process.stderr.write(`${command}: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}

// Piped into `head` and the like: a closed stdout ends the command quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
