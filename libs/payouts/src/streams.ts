import {
  AppendContext,
  EventIdReusedError,
  EventStore,
  NewEvent,
  RecordedEvent,
  WrongExpectedVersionError,
} from '@app/event-store';
import { Decider, DomainEvent, fold } from '@app/domain/shared';
import { nameBasedUuid, runCommand } from '@app/features/shared';
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
 * The service's one command path (`runCommand`) for the payout process: a conflict means another
 * process moved the stream, so load and decide again, a bounded number of times. `known`: the
 * stream as the caller already read it (or as its own last append left it): the first decision is
 * made on it and appended at its revision, so a run that just read or wrote the stream does not read
 * it again; a lost race falls back to loading (the revision check is the same either way).
 */
export async function decideOnStream<C, E extends DomainEvent, S>(
  store: EventStore,
  streamId: string,
  decider: Decider<C, E, S>,
  command: C | ((state: S) => C | undefined),
  ctx: AppendContext,
  retries = 5,
  known?: LoadedStream<S>,
): Promise<Decided<E, S>> {
  const commandFor = (state: S): C | undefined =>
    typeof command === 'function' ? (command as (s: S) => C | undefined)(state) : command;
  if (known) {
    const cmd = commandFor(known.state);
    const events = cmd === undefined ? [] : decider.decide(cmd, known.state);
    if (events.length === 0) return { events, state: known.state, written: false, revision: known.revision };
    try {
      const [r] = await store.appendMany(
        [
          {
            streamId,
            events: toStoreEvents(events),
            expected: known.revision < 0 ? 'no_stream' : known.revision,
          },
        ],
        ctx,
      );
      return {
        events: events.map((e) => (e.id ? { ...e, id: eventUuid(e.id) } : e)),
        state: events.reduce(decider.evolve, known.state),
        written: r.written,
        revision: r.nextRevision,
      };
    } catch (e) {
      if (!(e instanceof WrongExpectedVersionError || e instanceof EventIdReusedError)) throw e;
      // Moved since it was read: load it and decide again below (as a run without `known` would).
    }
  }
  const r = await runCommand(
    store,
    streamId,
    decider,
    ({ state }) => {
      const cmd = commandFor(state);
      const events = cmd === undefined ? [] : decider.decide(cmd, state);
      return { events: events.map((e) => (e.id ? { ...e, id: eventUuid(e.id) } : e)) };
    },
    ctx,
    { retry: { attempts: retries + 1 } },
  );
  return { events: r.events, state: r.state, written: r.written, revision: r.revision };
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
