import { randomUUID } from 'node:crypto';
import { EsdbTestServer } from '@app/testing';
import { MaxAppendSizeExceededError } from '@eventstore/db-client';
import { EmptyAppendError, EventIdReusedError, WrongExpectedVersionError } from '../errors';
import { RecordedEvent } from '../types';
import { EsdbEventStore } from './esdb-event-store';

/**
 * The KurrentDB adapter against the protocol-level test server: what the contract suite does not
 * single out (paging, read failures, durable idempotency, the append size limit, dropped
 * connections).
 */
describe('EsdbEventStore on the KurrentDB test server', () => {
  let server: EsdbTestServer;
  let store: EsdbEventStore;
  const ctx = { actor: 'esdb-spec', correlationId: 'corr-esdb' };
  const ev = (type: string, data: unknown, id?: string) => ({ type, data, id });

  beforeAll(async () => {
    server = await EsdbTestServer.start();
    store = EsdbEventStore.connect(server.url);
  });
  afterAll(async () => {
    await store.close();
    await server.stop();
  });

  it('pages $all from after the last event read: a filtered read across pages has no duplicates', async () => {
    const tag = randomUUID().slice(0, 8);
    const head = await store.headPosition();
    // Alternating streams, the wanted ones at even places: pages of the log end on wanted events.
    for (let i = 0; i < 60; i++)
      await store.append(`${i % 2 ? 'a' : 'b'}${tag}`, [ev('N', { i })], 'any', ctx);
    const paging = EsdbEventStore.connect(server.url, { allPageSize: 4 });
    const wanted = await paging.readAll({ after: head, streamPrefixes: [`b${tag}`], limit: 20 });
    await paging.close();
    expect(wanted.map((e) => (e.data as { i: number }).i)).toEqual(
      Array.from({ length: 20 }, (_, k) => 2 * k),
    );
    // A limit of 1 walks the log one event at a time: each next read starts after the last one.
    const walked: RecordedEvent[] = [];
    let after = head;
    for (let k = 0; k < 20; k++) {
      const [next] = await store.readAll({ after, limit: 1 });
      walked.push(next);
      after = next.position;
    }
    expect(new Set(walked.map((e) => e.eventId)).size).toBe(20);
    expect(walked.map((e) => (e.data as { i: number }).i)).toEqual(Array.from({ length: 20 }, (_, k) => k));
  });

  it('verify pages through more than one page of the log and finds an untouched log intact', async () => {
    const s = `long-${randomUUID()}`;
    for (let k = 0; k < 3; k++)
      await store.append(
        s,
        Array.from({ length: 700 }, (_, i) => ev('Tick', { k, i })),
        k === 0 ? 'no_stream' : k * 700 - 1,
        ctx,
      );
    const result = await store.verify();
    expect(result).toMatchObject({ ok: true });
    expect(result.eventsChecked).toBeGreaterThanOrEqual(2_100);
    expect(result.eventsChecked).toBe(
      new Set((await store.readAll({ limit: 100_000 })).map((e) => e.eventId)).size,
    );
  });

  it('a sparse filter with limit 1 reads the log in large pages, not one call per event', async () => {
    const tag = randomUUID().slice(0, 8);
    const head = await store.headPosition();
    await store.append(
      `s${tag}`,
      Array.from({ length: 1000 }, (_, i) => ev('Common', { i })),
      'no_stream',
      ctx,
    );
    await store.append(`s${tag}`, [ev('Rare', {})], 999, ctx);
    const client = (store as unknown as { client: { readAll: (...a: unknown[]) => unknown } }).client;
    const spy = jest.spyOn(client, 'readAll');
    const [rare] = await store.readAll({ after: head, types: ['Rare'], limit: 1 });
    expect(rare.type).toBe('Rare');
    expect(spy.mock.calls.length).toBeLessThanOrEqual(3);
    spy.mockRestore();
  });

  it('a failed read surfaces as an error: never taken for an empty stream', async () => {
    const s = `read-${randomUUID()}`;
    await store.append(s, [ev('A', {})], 'no_stream', ctx);
    server.failReads((id) => id === s);
    const failed = store.append(s, [ev('B', {})], 0, ctx);
    await expect(failed).rejects.toThrow(/injected failure/);
    await expect(failed).rejects.not.toBeInstanceOf(WrongExpectedVersionError);
    server.failReads((id) => id === s);
    await expect(store.readStream(s)).rejects.toThrow(/injected failure/);
    expect((await store.append(s, [ev('B', {})], 0, ctx)).nextRevision).toBe(1);
  });

  it('a lost race reports the revision the server saw (a number, never NaN)', async () => {
    const s = `race-${randomUUID()}`;
    await store.append(s, [ev('A', {})], 'no_stream', ctx);
    const results = await Promise.allSettled([1, 2, 3].map((i) => store.append(s, [ev('B', { i })], 0, ctx)));
    const lost = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(lost).toHaveLength(2);
    lost.forEach((l) => {
      expect(l.reason).toBeInstanceOf(WrongExpectedVersionError);
      expect((l.reason as WrongExpectedVersionError).actual).toBe(1);
    });
  });

  it('a retry at the same expected revision is idempotent however far the stream has moved on', async () => {
    const s = `durable-${randomUUID()}`;
    const ids = [randomUUID(), randomUUID()];
    const first = await store.append(s, [ev('A', {}, ids[0]), ev('B', {}, ids[1])], 'no_stream', ctx);
    for (let i = 0; i < 100; i++) await store.append(s, [ev('Later', { i })], 'any', ctx);
    const retry = await store.append(s, [ev('A', {}, ids[0]), ev('B', {}, ids[1])], 'no_stream', ctx);
    expect(retry).toEqual({ ...first, written: false });
    const middle = (await store.readStream(s, { fromRevision: 50, maxCount: 1 }))[0];
    const again = await store.append(s, [ev('Later', { i: 48 }, middle.eventId)], 49, ctx);
    expect(again).toMatchObject({ nextRevision: 50, written: false });
    expect(await store.readStream(s)).toHaveLength(102);
    expect((await store.verify({ streamId: s })).ok).toBe(true);
  });

  it('an event id retried as another event (data, type, revision) is a conflict, not a silent no-op', async () => {
    const s = `reused-${randomUUID()}`;
    const id = randomUUID();
    await store.append(s, [ev('A', {})], 'no_stream', ctx);
    const first = await store.append(s, [ev('Paid', { amount: 100, to: 'x' }, id)], 0, ctx);
    expect(await store.append(s, [ev('Paid', { to: 'x', amount: 100 }, id)], 0, ctx)).toEqual({
      ...first,
      written: false,
    });
    for (const attempt of [
      () => store.append(s, [ev('Paid', { amount: 999, to: 'x' }, id)], 0, ctx),
      () => store.append(s, [ev('Refunded', { amount: 100, to: 'x' }, id)], 0, ctx),
      () => store.append(s, [ev('Paid', { amount: 999, to: 'x' }, id)], 'any', ctx),
      () => store.append(s, [ev('Paid', { amount: 100, to: 'x' }, id)], 5, ctx),
      () => store.append(s, [ev('Paid', { amount: 100, to: 'x' }, id)], 'no_stream', ctx),
    ])
      await expect(attempt()).rejects.toBeInstanceOf(EventIdReusedError);
    expect((await store.readStream(s)).map((e) => e.data)).toEqual([{}, { amount: 100, to: 'x' }]);
  });

  it('an empty append is refused before anything is written', async () => {
    const s = `empty-${randomUUID()}`;
    await expect(store.append(s, [], 'no_stream', ctx)).rejects.toBeInstanceOf(EmptyAppendError);
    await expect(
      store.appendMany(
        [
          { streamId: `${s}-a`, events: [ev('A', {})], expected: 'no_stream' },
          { streamId: s, events: [], expected: 'no_stream' },
        ],
        ctx,
      ),
    ).rejects.toBeInstanceOf(EmptyAppendError);
    expect(await store.readStream(`${s}-a`)).toEqual([]);
  });

  it('refuses an append over the 1 MiB maximum append size, and writes nothing', async () => {
    const s = `big-${randomUUID()}`;
    const big = { memberIds: Array.from({ length: 30_000 }, () => randomUUID()) };
    await expect(store.append(s, [ev('Big', big)], 'no_stream', ctx)).rejects.toBeInstanceOf(
      MaxAppendSizeExceededError,
    );
    expect(await store.readStream(s)).toEqual([]);
  });

  it('a subscription resumes from its checkpoint after the server drops every connection', async () => {
    const tag = `drop${randomUUID().slice(0, 8)}`;
    const seen: number[] = [];
    const errors: unknown[] = [];
    const sub = store.subscribe({
      streamPrefixes: [tag],
      batchSize: 5,
      handler: async (events) => {
        seen.push(...events.map((e) => (e.data as { i: number }).i));
      },
      onError: (e) => errors.push(e),
    });
    for (let i = 0; i < 10; i++) await store.append(`${tag}-1`, [ev('N', { i })], 'any', ctx);
    await sub.caughtUp();
    await server.dropConnections(300);
    for (let i = 10; i < 20; i++) await store.append(`${tag}-1`, [ev('N', { i })], 'any', ctx);
    await sub.caughtUp();
    await sub.stop();
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});
