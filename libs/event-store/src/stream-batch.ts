import { EmptyAppendError, IdempotencyConflictError, WrongExpectedVersionError } from './errors';
import { AppendContext, EventStore, StreamWrite, StreamWriteOutcome } from './types';

/** appendStreams' preconditions on every adapter: no empty write, one write per stream. */
export function checkStreamBatch(writes: StreamWrite[]): void {
  const empty = writes.find((w) => w.events.length === 0);
  if (empty) throw new EmptyAppendError(empty.streamId);
  if (new Set(writes.map((w) => w.streamId)).size !== writes.length)
    throw new Error('appendStreams: one write per stream');
}

/** One write through `append`, a refusal by revision or event id as its outcome. */
export async function appendAsOutcome(
  store: Pick<EventStore, 'append'>,
  w: StreamWrite,
  ctx: AppendContext,
): Promise<StreamWriteOutcome> {
  try {
    return {
      streamId: w.streamId,
      ok: true,
      result: await store.append(w.streamId, w.events, w.expected, w.ctx ?? ctx),
    };
  } catch (e) {
    if (e instanceof WrongExpectedVersionError || e instanceof IdempotencyConflictError)
      return { streamId: w.streamId, ok: false, error: e };
    throw e;
  }
}
