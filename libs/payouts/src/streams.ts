import {
  AppendContext,
  EventIdReusedError,
  EventStore,
  NewEvent,
  RecordedEvent,
  WrongExpectedVersionError,
} from '@app/event-store';
import { Decider, DomainEvent, fold } from '@app/domain/shared';
import { nameBasedUuid } from '@app/features/shared/ids';
import { PayoutEvent, PayoutState, payoutDecider, payoutStreamId } from '@app/domain/payouts';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * Deciders name retry-safe events (`<payoutId>:attempt:2`); the stores key events by UUID, so the
 * name becomes the same name-based UUID the other features use: a repeated append is a no-op.
 */
export function eventUuid(name: string): string {
  return UUID_RE.test(name) ? name.toLowerCase() : nameBasedUuid('event', name);
}

export function toStoreEvents(events: DomainEvent[]): NewEvent[] {
  return events.map((e) => ({
    ...(e.id ? { id: eventUuid(e.id) } : {}),
    type: e.type,
    data: e.data,
    schemaVersion: 1,
  }));
}

export interface LoadedStream<S> {
  state: S;
  /** -1 when the stream does not exist. */
  revision: number;
}

export async function loadFolded<E extends DomainEvent, S>(
  store: EventStore,
  streamId: string,
  decider: Pick<Decider<unknown, E, S>, 'initialState' | 'evolve'>,
): Promise<LoadedStream<S>> {
  const events: RecordedEvent[] = await store.readStream(streamId);
  const state = fold(
    decider,
    events.map((e) => ({ type: e.type, data: e.data }) as E),
  );
  return { state, revision: events.length ? events[events.length - 1].revision : -1 };
}

export interface Decided<E, S> {
  events: E[];
  state: S;
  /** False when nothing new was stored (the decider had nothing to say, or the ids were stored already). */
  written: boolean;
  revision: number;
}

/**
 * Load → decide → append with the revision read (guarantee 1). A conflict means another
 * process moved the stream: reload and decide again, a bounded number of times.
 */
export async function decideOnStream<C, E extends DomainEvent, S>(
  store: EventStore,
  streamId: string,
  decider: Decider<C, E, S>,
  command: C | ((state: S) => C | undefined),
  ctx: AppendContext,
  retries = 5,
): Promise<Decided<E, S>> {
  for (let attempt = 0; ; attempt++) {
    const loaded = await loadFolded(store, streamId, decider);
    const cmd = typeof command === 'function' ? (command as (s: S) => C | undefined)(loaded.state) : command;
    if (cmd === undefined)
      return { events: [], state: loaded.state, written: false, revision: loaded.revision };
    const events = decider.decide(cmd, loaded.state);
    if (events.length === 0)
      return { events, state: loaded.state, written: false, revision: loaded.revision };
    try {
      const r = await store.append(
        streamId,
        toStoreEvents(events),
        loaded.revision < 0 ? 'no_stream' : loaded.revision,
        ctx,
      );
      return {
        events,
        state: events.reduce(decider.evolve, loaded.state),
        written: r.written,
        revision: r.nextRevision,
      };
    } catch (e) {
      // Another writer stored this event id first (its own data): the stream moved, decide again.
      const moved = e instanceof WrongExpectedVersionError || e instanceof EventIdReusedError;
      if (moved && attempt < retries) continue;
      throw e;
    }
  }
}

export const loadPayout = (store: EventStore, payoutId: string): Promise<LoadedStream<PayoutState>> =>
  loadFolded<PayoutEvent, PayoutState>(store, payoutStreamId(payoutId), payoutDecider);

/** The service's own processes act as `system:<role>`; people act as their JWT `sub`. */
export function systemContext(process: string, causationId?: string): AppendContext {
  return {
    actor: `system:${process}`,
    correlationId: causationId ?? process,
    causationId: causationId ?? null,
  };
}
