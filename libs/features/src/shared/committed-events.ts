import { EventFilter, EventStore, RecordedEvent } from '@app/event-store';

/**
 * Hands every event the filter selects that was committed before the call, page by page in global
 * order. readAll alone is not enough for a sweep: on PostgreSQL it stops short of events that any
 * session's running transaction could still precede (docs/architecture.md, guarantee 3), so a
 * sweep would miss what was committed just before it. A subscription's caughtUp waits until
 * everything committed by now has been handed over. The first error ends the read and is thrown.
 */
export async function forEachCommitted(
  store: EventStore,
  filter: EventFilter & { name: string; pageSize?: number },
  handle: (page: RecordedEvent[]) => Promise<void> | void,
): Promise<void> {
  let failed!: (error: unknown) => void;
  const failure = new Promise<never>((_, reject) => (failed = reject));
  const subscription = store.subscribe({
    name: filter.name,
    types: filter.types,
    streamPrefixes: filter.streamPrefixes,
    batchSize: filter.pageSize ?? 1000,
    handler: async (page) => handle(page),
    onError: (error) => failed(error),
  });
  try {
    await Promise.race([subscription.caughtUp(), failure]);
  } finally {
    await subscription.stop();
  }
}
