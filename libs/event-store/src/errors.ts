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

export class UnknownPositionError extends Error {
  constructor(readonly position: number) {
    super(`No event at position ${position}`);
    this.name = 'UnknownPositionError';
  }
}
