import { Request } from 'express';
import {
  AppendContext,
  EventIdReusedError,
  EventStore,
  ExpectedRevision,
  NewEvent,
  RecordedEvent,
  WrongExpectedVersionError,
} from '@app/event-store';
import { Decider, DomainError, DomainEvent, fold } from '@app/domain/shared';
import { Actor, problem, ProblemException } from '@app/platform';

/** A stream folded into state, with the revision to pass back as the expected revision. */
export interface Loaded<S> {
  state: S;
  /** -1 when the stream does not exist. */
  revision: number;
  events: RecordedEvent[];
}

export async function loadStream<E extends DomainEvent, S>(
  store: EventStore,
  streamId: string,
  decider: Pick<Decider<unknown, E, S>, 'initialState' | 'evolve'>,
): Promise<Loaded<S>> {
  const events = await store.readStream(streamId);
  const state = fold(
    decider,
    events.map((e) => ({ type: e.type, data: e.data }) as E),
  );
  return { state, revision: events.length ? events[events.length - 1].revision : -1, events };
}

/** The version clients see (ETag, `version`): the number of events in the stream. */
export const versionOf = (revision: number): number => revision + 1;

/** `If-Match: "<version>"` → the expected revision; absent → undefined (no precondition). */
export function expectedFromIfMatch(req: Request): number | undefined {
  const header = req.header('if-match');
  if (!header || header.trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(header);
  if (!m)
    throw ProblemException.validation([
      { field: 'If-Match', message: 'must be "<version>" as returned in the ETag' },
    ]);
  return Number(m[1]) - 1;
}

/** A stale If-Match is a 412, checked before anything else about the command (API.md). */
export function assertFresh(expected: number | undefined, actual: number): void {
  if (expected !== undefined && expected !== actual) {
    throw new ProblemException(
      problem(
        412,
        `The record is at version ${versionOf(actual)}, not ${versionOf(expected)}; reload it and try again`,
        {
          code: 'STALE_VERSION',
          currentVersion: versionOf(actual),
        },
      ),
    );
  }
}

/** Who and why, for every event (guarantee: every event records its actor). */
export function appendContext(
  actor: Actor | { id: string },
  req?: Request,
  causationId?: string,
): AppendContext {
  const reqId = (req as (Request & { id?: string }) | undefined)?.id;
  return {
    actor: actor.id,
    correlationId: String(reqId ?? causationId ?? 'system'),
    causationId: causationId ?? (reqId ? `request:${reqId}` : null),
  };
}

export function toNewEvents(events: DomainEvent[], schemaVersions: Record<string, number> = {}): NewEvent[] {
  return events.map((e) => ({
    id: e.id,
    type: e.type,
    data: e.data,
    schemaVersion: schemaVersions[e.type] ?? 1,
  }));
}

/**
 * Load → decide → append with the revision read (guarantee 1). A concurrent writer makes the
 * append fail; a person's command then surfaces as 409/412, while the service's own process
 * managers retry a bounded number of times with `retries`.
 */
export async function decideAndAppend<C, E extends DomainEvent, S>(
  store: EventStore,
  streamId: string,
  decider: Decider<C, E, S>,
  command: C | ((state: S) => C),
  ctx: AppendContext,
  options: { expected?: number; retries?: number; schemaVersions?: Record<string, number> } = {},
): Promise<{ state: S; events: E[]; revision: number }> {
  for (let attempt = 0; ; attempt++) {
    const loaded = await loadStream(store, streamId, decider);
    assertFresh(options.expected, loaded.revision);
    const cmd = typeof command === 'function' ? (command as (s: S) => C)(loaded.state) : command;
    const events = decider.decide(cmd, loaded.state);
    if (events.length === 0) return { state: loaded.state, events, revision: loaded.revision };
    const expected: ExpectedRevision = loaded.revision < 0 ? 'no_stream' : loaded.revision;
    try {
      const r = await store.append(streamId, toNewEvents(events, options.schemaVersions), expected, ctx);
      const state = events.reduce(decider.evolve, loaded.state);
      return { state, events, revision: r.nextRevision };
    } catch (e) {
      // A reused event id: another writer stored its own version of this event first.
      if (e instanceof WrongExpectedVersionError || e instanceof EventIdReusedError) {
        if (options.expected !== undefined) {
          throw new ProblemException(
            problem(412, 'The record changed while this command ran; reload and try again', {
              code: 'STALE_VERSION',
            }),
          );
        }
        if (attempt < (options.retries ?? 0)) continue;
      }
      throw e;
    }
  }
}

export function notFound(what: string, id: string): DomainError {
  return new DomainError('not_found', 'NOT_FOUND', `${what} ${id} does not exist`);
}
