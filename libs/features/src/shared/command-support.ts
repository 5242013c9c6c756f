import { Request } from 'express';
import {
  AppendContext,
  AppendResult,
  EventIdReusedError,
  EventStore,
  IdempotencyConflictError,
  NewEvent,
  RecordedEvent,
  StreamWrite,
  WrongExpectedVersionError,
} from '@app/event-store';
import { Decider, DomainError, DomainEvent, fold } from '@app/domain/shared';
import { Actor, conflictProblem, ProblemException, staleVersionProblem, versionOf } from '@app/platform';

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

export { versionOf };

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

/** A stale If-Match is a 412, checked before anything else about the command (docs/http-conventions.md). */
export function assertFresh(expected: number | undefined, actual: number): void {
  if (expected !== undefined && expected !== actual) throw staleVersionProblem(expected, actual);
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

/** A bounded retry with backoff, for a failure that trying again can cure. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Delay before the second attempt, doubled for each further one and spread by half at random. */
  backoffMs?: number;
  /** Which failures are worth another attempt; by default a lost race for a stream. */
  retryOn?: (e: unknown) => boolean;
}

/** Another writer won the stream (or wrote the same event id with other data). */
export const isWriteConflict = (e: unknown): boolean =>
  e instanceof WrongExpectedVersionError ||
  e instanceof IdempotencyConflictError ||
  e instanceof EventIdReusedError;

/** How the service's own process managers retry a lost race: decide again on fresh state. */
export const PROCESS_MANAGER_RETRY: RetryPolicy = { attempts: 6, backoffMs: 10 };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The one retry loop of the service: every bounded retry goes through here. */
export async function withRetry<T>(policy: RetryPolicy, run: (attempt: number) => Promise<T>): Promise<T> {
  const retryOn = policy.retryOn ?? isWriteConflict;
  let attempt = 1;
  for (;;) {
    try {
      return await run(attempt);
    } catch (e) {
      if (attempt >= policy.attempts || !retryOn(e)) throw e;
      const base = policy.backoffMs ?? 0;
      if (base > 0) await sleep(base * 2 ** (attempt - 1) * (0.5 + Math.random() / 2));
      attempt++;
    }
  }
}

/** What a command decided: the stream's new events, and writes to further streams after them. */
export interface Decision<E> {
  events: E[];
  /**
   * Appended in the same `appendMany`, after the stream's own events. PostgreSQL and PGlite write
   * them in one transaction; KurrentDB one by one in this order and not atomically, so only a
   * write whose absence after a crash a retry or a process completes belongs here
   * (docs/architecture.md "Writes that span streams").
   */
  further?: StreamWrite[];
}

export interface CommandOptions {
  /** The revision the client saw (`If-Match`): 412 before anything else when the stream moved on. */
  expected?: number;
  /** For the service's own processes: on a lost race, load and decide again (with backoff). */
  retry?: RetryPolicy;
  /** The error for a stream that does not exist; without it a command may create the stream. */
  notFound?: () => Error;
  /**
   * For a person's command sent without `If-Match`: the events of the service's own bookkeeping
   * that change nothing the person decides on (a claim's payout status). When only such events won
   * the race, the command is decided again on the current state, a bounded number of times
   * (`PERSON_DECIDE_AGAIN`); any other winner, or an `If-Match`, keeps the 409/412.
   */
  decideAgainPast?: (event: RecordedEvent) => boolean;
  /** Names the record in a 409/412 answer ("claim"). */
  what?: string;
  schemaVersions?: Record<string, number>;
}

export interface Decided<E, S> {
  state: S;
  events: E[];
  /** The stream's revision after the command (unchanged when nothing was decided). */
  revision: number;
  /** False when nothing was appended, or the store already held these very events. */
  written: boolean;
  /** One result per further write, in order. */
  further: AppendResult[];
}

/** Only a further stream moved: the stream the client saw is unchanged, so deciding again is safe. */
class FurtherStreamMoved extends Error {}

/** Only the service's bookkeeping moved the stream (`decideAgainPast`): decide again on fresh state. */
class OnlyBookkeepingMoved extends Error {
  constructor(readonly currentRevision: number) {
    super('only the service bookkeeping moved the stream');
  }
}

/**
 * How a person's command without `If-Match` is decided again past the service's own bookkeeping:
 * attempts in all, the first included, with a short backoff (the payout process writes a claim's
 * payout statuses in quick succession).
 */
export const PERSON_DECIDE_AGAIN: RetryPolicy = {
  attempts: 5,
  backoffMs: 5,
  retryOn: (e) => e instanceof FurtherStreamMoved || e instanceof OnlyBookkeepingMoved,
};

/**
 * The one command path (guarantee 1): load the stream, check `If-Match`, decide, append at the
 * revision read. A lost race is answered in one place: with `retry` the command is decided again;
 * else when the stream itself moved it is a 412 (If-Match sent) or 409 (`conflictProblem`), unless
 * no If-Match was sent and only the service's bookkeeping (`decideAgainPast`) moved it; that, and
 * a race where only a further stream moved, is decided again a bounded number of times.
 */
export async function runCommand<E extends DomainEvent, S>(
  store: EventStore,
  streamId: string,
  decider: Pick<Decider<unknown, E, S>, 'initialState' | 'evolve'>,
  decide: (loaded: Loaded<S>) => Decision<E> | Promise<Decision<E>>,
  ctx: AppendContext,
  options: CommandOptions = {},
): Promise<Decided<E, S>> {
  const once = async (): Promise<Decided<E, S>> => {
    const loaded = await loadStream(store, streamId, decider);
    if (options.notFound && loaded.revision < 0) throw options.notFound();
    assertFresh(options.expected, loaded.revision);
    const { events, further = [] } = await decide(loaded);
    if (events.length === 0 && further.length === 0)
      return { state: loaded.state, events, revision: loaded.revision, written: false, further: [] };
    const own: StreamWrite[] = events.length
      ? [
          {
            streamId,
            events: toNewEvents(events, options.schemaVersions),
            expected: loaded.revision < 0 ? 'no_stream' : loaded.revision,
          },
        ]
      : [];
    try {
      const results = await store.appendMany([...own, ...further], ctx);
      return {
        state: events.reduce(decider.evolve, loaded.state),
        events,
        revision: own.length ? results[0].nextRevision : loaded.revision,
        written: own.length ? results[0].written : false,
        further: results.slice(own.length),
      };
    } catch (e) {
      // A reused event id: another writer stored its own version of this event first.
      const moved = e instanceof WrongExpectedVersionError || e instanceof EventIdReusedError;
      if (!moved || options.retry) throw e;
      const since = await store.readStream(streamId, { fromRevision: loaded.revision + 1 });
      const now = since.length ? since[since.length - 1].revision : loaded.revision;
      if (now === loaded.revision) throw new FurtherStreamMoved();
      const decideAgainPast = options.decideAgainPast;
      if (options.expected === undefined && decideAgainPast && since.every((e) => decideAgainPast(e)))
        throw new OnlyBookkeepingMoved(now);
      throw conflictProblem({
        ifMatchSent: options.expected !== undefined,
        currentRevision: now,
        what: options.what,
      });
    }
  };
  try {
    return await withRetry(options.retry ?? PERSON_DECIDE_AGAIN, once);
  } catch (e) {
    if (e instanceof FurtherStreamMoved) throw conflictProblem({ ifMatchSent: false, what: options.what });
    if (e instanceof OnlyBookkeepingMoved)
      throw conflictProblem({ ifMatchSent: false, currentRevision: e.currentRevision, what: options.what });
    throw e;
  }
}

/** `runCommand` for a decider's own command, given or built from the state. */
export function decideAndAppend<C, E extends DomainEvent, S>(
  store: EventStore,
  streamId: string,
  decider: Decider<C, E, S>,
  command: C | ((state: S) => C),
  ctx: AppendContext,
  options: CommandOptions = {},
): Promise<Decided<E, S>> {
  return runCommand(
    store,
    streamId,
    decider,
    ({ state }) => ({
      events: decider.decide(
        typeof command === 'function' ? (command as (s: S) => C)(state) : command,
        state,
      ),
    }),
    ctx,
    options,
  );
}

/** The stream's last revision, -1 when it does not exist. */
export async function revisionOf(store: EventStore, streamId: string): Promise<number> {
  const [last] = await store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
  return last ? last.revision : -1;
}

export function notFound(what: string, id: string): DomainError {
  return new DomainError('not_found', 'NOT_FOUND', `${what} ${id} does not exist`);
}
