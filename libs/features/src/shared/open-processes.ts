import { EventStore } from '@app/event-store';
import { forEachCommitted } from './committed-events';

/**
 * Ids of the long-running processes (imports, payment allocations) that were opened and never
 * closed, e.g. because the process running them died: found from two small event types, in
 * global order, so a resume on start finds every one committed before it.
 */
export async function unfinishedProcessIds(
  store: EventStore,
  o: { opened: string; closed: string; key: string },
): Promise<string[]> {
  const open = new Set<string>();
  await forEachCommitted(store, { name: `unfinished:${o.opened}`, types: [o.opened, o.closed] }, (page) => {
    for (const e of page) {
      const id = String((e.data as Record<string, unknown>)[o.key]);
      if (e.type === o.opened) open.add(id);
      else open.delete(id);
    }
  });
  return [...open];
}
