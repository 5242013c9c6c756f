import { EventStore } from '@app/event-store';

/**
 * Ids of the long-running processes (imports, payment allocations) that were opened and never
 * closed, e.g. because the process running them died: found from two small event types, in
 * global order, so a resume on start finds every one.
 */
export async function unfinishedProcessIds(
  store: EventStore,
  o: { opened: string; closed: string; key: string },
): Promise<string[]> {
  const open = new Set<string>();
  let after = 0;
  for (;;) {
    const page = await store.readAll({ after, limit: 1000, types: [o.opened, o.closed] });
    if (page.length === 0) break;
    for (const e of page) {
      const id = String((e.data as Record<string, unknown>)[o.key]);
      if (e.type === o.opened) open.add(id);
      else open.delete(id);
    }
    after = page[page.length - 1].position;
  }
  return [...open];
}
