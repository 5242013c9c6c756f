import { randomUUID } from 'node:crypto';
import {
  ANY,
  END,
  EventStoreDBClient,
  FORWARDS,
  jsonEvent,
  MaxAppendSizeExceededError,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { EsdbTestServer } from './esdb-test-server';

/** The test double's semantics, through the real client, on both append paths the client uses. */
describe.each([
  { batchAppend: true, path: 'BatchAppend' },
  { batchAppend: false, path: 'Append' },
])('KurrentDB test server, appends through $path', ({ batchAppend }) => {
  let server: EsdbTestServer;
  let client: EventStoreDBClient;
  const e = (id = randomUUID()) => jsonEvent({ id, type: 'Noted', data: { at: id } });

  beforeAll(async () => {
    server = await EsdbTestServer.start({ batchAppend });
    client = EventStoreDBClient.connectionString(server.url);
  });
  afterAll(async () => {
    await client.dispose();
    await server.stop();
  });

  it('expected revisions: no_stream, stream_exists, exact and any', async () => {
    const s = `s-${randomUUID()}`;
    await expect(client.appendToStream(s, e(), { expectedRevision: STREAM_EXISTS })).rejects.toBeInstanceOf(
      WrongExpectedVersionError,
    );
    expect((await client.appendToStream(s, e(), { expectedRevision: NO_STREAM })).nextExpectedRevision).toBe(
      0n,
    );
    await expect(client.appendToStream(s, e(), { expectedRevision: NO_STREAM })).rejects.toMatchObject({
      actualVersion: 0n,
    });
    await expect(client.appendToStream(s, e(), { expectedRevision: 5n })).rejects.toBeInstanceOf(
      WrongExpectedVersionError,
    );
    expect((await client.appendToStream(s, e(), { expectedRevision: 0n })).nextExpectedRevision).toBe(1n);
    expect(
      (await client.appendToStream(s, e(), { expectedRevision: STREAM_EXISTS })).nextExpectedRevision,
    ).toBe(2n);
    expect((await client.appendToStream(s, e(), { expectedRevision: ANY })).nextExpectedRevision).toBe(3n);
  });

  it('idempotent appends: the same ids at the same expected revision succeed without writing', async () => {
    const s = `i-${randomUUID()}`;
    const ids = [randomUUID(), randomUUID()];
    const first = await client.appendToStream(s, [e(ids[0]), e(ids[1])], { expectedRevision: NO_STREAM });
    await client.appendToStream(s, e(), { expectedRevision: 1n });
    const retry = await client.appendToStream(s, [e(ids[0]), e(ids[1])], { expectedRevision: NO_STREAM });
    expect(retry).toMatchObject({ nextExpectedRevision: 1n, position: first.position });
    const weak = await client.appendToStream(s, [e(ids[0]), e(ids[1])], { expectedRevision: ANY });
    expect(weak.nextExpectedRevision).toBe(1n);
    // Part of the ids stored, part not: refused.
    await expect(
      client.appendToStream(s, [e(ids[0]), e()], { expectedRevision: NO_STREAM }),
    ).rejects.toBeInstanceOf(WrongExpectedVersionError);
    let count = 0;
    for await (const _ of client.readStream(s)) count += 1;
    expect(count).toBe(3);
  });

  it('positions grow with the log; $all from a position includes that event; a missing stream is not found', async () => {
    const s = `p-${randomUUID()}`;
    const a = await client.appendToStream(s, e(), { expectedRevision: NO_STREAM });
    const b = await client.appendToStream(s, e(), { expectedRevision: 0n });
    expect(b.position!.commit).toBeGreaterThan(a.position!.commit);
    expect(a.position!.prepare).toBe(a.position!.commit);
    const read = [];
    for await (const r of client.readAll({ fromPosition: a.position!, direction: FORWARDS, maxCount: 2 }))
      read.push(r.event!.position!.commit);
    expect(read).toEqual([a.position!.commit, b.position!.commit]);
    const last = [];
    for await (const r of client.readAll({ fromPosition: END, direction: 'backwards', maxCount: 1 }))
      last.push(r.event!.position!.commit);
    expect(last).toEqual([b.position!.commit]);
    const first = [];
    for await (const r of client.readAll({ fromPosition: START, maxCount: 1 }))
      first.push(r.event!.position!.commit);
    expect(first[0]).toBeLessThan(a.position!.commit + 1n);
    const missing = async () => {
      for await (const _ of client.readStream(`none-${randomUUID()}`)) void _;
    };
    await expect(missing()).rejects.toBeInstanceOf(StreamNotFoundError);
  });

  it('refuses an append over 1 MiB (data + metadata + 2 x type per event), writing nothing', async () => {
    const s = `m-${randomUUID()}`;
    const big = (n: number) => jsonEvent({ type: 'Big', data: { pad: 'x'.repeat(n) } });
    await expect(
      client.appendToStream(s, [big(600_000), big(600_000)], { expectedRevision: NO_STREAM }),
    ).rejects.toBeInstanceOf(MaxAppendSizeExceededError);
    expect(server.eventCount).toBeGreaterThan(0);
    const missing = async () => {
      for await (const _ of client.readStream(s)) void _;
    };
    await expect(missing()).rejects.toBeInstanceOf(StreamNotFoundError);
    await client.appendToStream(s, big(1_000_000), { expectedRevision: NO_STREAM });
  });

  it('after dropped connections the client reconnects and nothing stored is lost', async () => {
    const s = `d-${randomUUID()}`;
    await client.appendToStream(s, e(), { expectedRevision: NO_STREAM });
    await server.dropConnections(100);
    const retry = async (): Promise<bigint> => {
      for (let i = 0; ; i++) {
        try {
          return (await client.appendToStream(s, e(), { expectedRevision: 0n })).nextExpectedRevision;
        } catch (err) {
          if (i > 20) throw err;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    };
    expect(await retry()).toBe(1n);
  });
});
