import { ExpectedRevision } from './types';

export class WrongExpectedVersionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`Wrong expected version on ${streamId}: expected ${expected}, actual ${actual}`);
    this.name = 'WrongExpectedVersionError';
  }
}

/** Some but not all event ids of an append were already stored, or stored on another stream. */
export class IdempotencyConflictError extends Error {
  constructor(
    readonly streamId: string,
    readonly eventIds: string[],
  ) {
    super(`Events ${eventIds.join(', ')} already stored with different placement (stream ${streamId})`);
    this.name = 'IdempotencyConflictError';
  }
}

/**
 * An event id already stored as another event: another type, data or schema version, or at
 * another place (stream or revision) than this append's. A retry is a no-op only when it
 * repeats the stored event exactly; anything else would let the caller fold an event that was
 * never stored.
 */
export class EventIdReusedError extends IdempotencyConflictError {
  constructor(
    streamId: string,
    readonly eventId: string,
    readonly reason: string,
  ) {
    super(streamId, [eventId]);
    this.message = `Event ${eventId} is already stored as a different event (${reason}); a retry must repeat it exactly`;
    this.name = 'EventIdReusedError';
  }
}

/** An append of no events: it would record nothing, yet `no_stream` would claim the stream. */
export class EmptyAppendError extends Error {
  constructor(readonly streamId: string) {
    super(`Append to ${streamId} has no events`);
    this.name = 'EmptyAppendError';
  }
}

export class UnknownPositionError extends Error {
  constructor(readonly position: number) {
    super(`No event at position ${position}`);
    this.name = 'UnknownPositionError';
  }
}

/** An embedded (PGlite) data directory another live process has open: two writers corrupt it. */
export class DataDirectoryLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
    readonly lockFile: string,
  ) {
    super(
      `The PGlite data directory ${dataDir} is in use by process ${pid} (lock file ${lockFile}). ` +
        'PGlite is one process: stop that process first (a CLI command cannot run beside the embedded ' +
        'service on the same directory). If no such process runs, delete the lock file.',
    );
    this.name = 'DataDirectoryLockedError';
  }
}
