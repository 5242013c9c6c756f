import { Client } from 'pg';
import { PostgresClient } from '@app/event-store';

/**
 * A connection of its own, outside the pool, for session state that must outlive a query:
 * advisory locks held as leases. `scope` (database.schema) keeps two deployments that share a
 * database (tests, schemas per environment) from taking each other's locks.
 */
export async function openSessionConnection(db: PostgresClient): Promise<{ client: Client; scope: string }> {
  const client = new Client({
    connectionString: db.connectionString,
    options: db.schema ? `-c search_path=${db.schema}` : undefined,
    connectionTimeoutMillis: 10_000,
  });
  // Until the caller attaches its own handler, a dropped connection must not crash the process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rows } = await client.query<{ scope: string }>(
      "SELECT current_database() || '.' || current_schema() AS scope",
    );
    return { client, scope: rows[0].scope };
  } catch (e) {
    await client.end().catch(() => undefined);
    throw e;
  }
}
