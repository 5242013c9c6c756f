import { EsdbEventStore } from './esdb/esdb-event-store';
import { openSqlClient, SqlClient } from './sql/sql-client';
import { SqlEventStore, SqlEventStoreOptions } from './sql/sql-event-store';
import { EventStore } from './types';
import { UpcasterRegistry } from './upcasting';

export const DEFAULT_EVENT_STORE_URL = 'pglite://./data/eventstore';

/** Chooses the adapter from `EVENT_STORE_URL`: `pglite://dir`, `postgres://…`, `esdb://…` or `kurrentdb://…`. */
export async function openEventStore(
  url: string = DEFAULT_EVENT_STORE_URL,
  options: SqlEventStoreOptions & { upcasters?: UpcasterRegistry; poolSize?: number } = {},
): Promise<EventStore> {
  if (/^(esdb|kurrentdb)(\+discover)?:\/\//.test(url)) return EsdbEventStore.connect(url, options);
  const sql: SqlClient = await openSqlClient(url, { poolSize: options.poolSize });
  return SqlEventStore.create(sql, options);
}

export function describeStoreUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
