import request from 'supertest';
import { RecordedEvent } from '@app/event-store';
import { TestApp } from './app';

/** Streams to seed, each with its events in order (written as a new stream). */
export type Given = Record<string, { type: string; data: unknown }[]>;

export interface Then {
  status: number;
  /** Fields the response body must contain (toMatchObject). */
  body?: object;
  /**
   * The new events, per stream, by type in order; a stream prefix ending in `*` matches every
   * stream that starts with it. Only the streams named are checked; `[]` says none was written.
   */
  events?: Record<string, string[]>;
}

export interface Outcome {
  response: request.Response;
  /** The events the request wrote, in commit order, optionally only one stream's or prefix's. */
  newEvents(stream?: string): RecordedEvent[];
}

const inStream = (stream: string) => (e: RecordedEvent) =>
  stream.endsWith('*') ? e.streamId.startsWith(stream.slice(0, -1)) : e.streamId === stream;

/**
 * An API-level scenario: seed streams, send one request, check the answer and the events it wrote.
 * Reads as the rule it proves; the response and the new events are returned for further checks.
 */
export async function givenWhenThen(
  t: TestApp,
  scenario: {
    given?: Given;
    when: (http: TestApp['http']) => request.Test;
    then: Then;
  },
): Promise<Outcome> {
  for (const [streamId, events] of Object.entries(scenario.given ?? {}))
    await t.store.append(streamId, events, 'no_stream', { actor: 'test-given', correlationId: 'given' });
  // Named streams are read by revision: a global head read on PostgreSQL stops at the oldest
  // running transaction (any read-model write), so it may lie before events already committed.
  const named = Object.keys(scenario.then.events ?? {}).filter((s) => !s.endsWith('*'));
  const revisionBefore = new Map<string, number>();
  for (const stream of named) revisionBefore.set(stream, await lastRevision(t, stream));
  const before = await t.store.headPosition();
  const response = await scenario.when(t.http);
  const written = await t.store.readAll({ after: before });
  const byStream = new Map<string, RecordedEvent[]>();
  for (const stream of named)
    byStream.set(
      stream,
      await t.store.readStream(stream, { fromRevision: (revisionBefore.get(stream) ?? -1) + 1 }),
    );
  const outcome: Outcome = {
    response,
    newEvents: (stream) => (stream ? (byStream.get(stream) ?? written.filter(inStream(stream))) : written),
  };
  expect({ status: response.status, body: response.body }).toMatchObject({
    status: scenario.then.status,
    ...(scenario.then.body ? { body: scenario.then.body } : {}),
  });
  for (const [stream, types] of Object.entries(scenario.then.events ?? {}))
    expect({ stream, types: outcome.newEvents(stream).map((e) => e.type) }).toEqual({ stream, types });
  return outcome;
}

async function lastRevision(t: TestApp, stream: string): Promise<number> {
  const [last] = await t.store.readStream(stream, { direction: 'backwards', maxCount: 1 });
  return last?.revision ?? -1;
}
