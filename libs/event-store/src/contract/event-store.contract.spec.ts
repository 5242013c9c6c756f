import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  CatchUpSubscription,
  EmptyAppendError,
  EsdbEventStore,
  EventIdReusedError,
  EventStore,
  IdempotencyConflictError,
  openSqlClient,
  ReadAllOptions,
  RecordedEvent,
  SqlEventStore,
  SqlEventStoreOptions,
  SubscriptionOptions,
  UpcasterRegistry,
  WrongExpectedVersionError,
} from '@app/event-store';
import { EsdbTestServer, freshSchema } from '@app/testing';

/**
 * One contract, every adapter: PGlite in a temp dir, PostgreSQL in a fresh schema, and
 * KurrentDB: the real server when ESDB_URL points at one, else the protocol-level test server
 * (libs/testing/src/esdb-test-server) the same client talks gRPC to.
 */
interface Harness {
  name: string;
  open(options?: SqlEventStoreOptions & { upcasters?: UpcasterRegistry }): Promise<EventStore>;
  /** Rewrites a stored event's data behind the store's back. */
  tamper?(store: EventStore, position: number, data: unknown): Promise<void>;
  concurrentTransactions: boolean;
  cleanup(): Promise<void>;
}

const ctx = { actor: 'contract-test', correlationId: 'corr-1' };

/**
 * readAll shows only what no running transaction can precede; on a shared PostgreSQL cluster
 * another session's open transaction briefly holds that horizon back, so reads retry.
 */
async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}
const ev = (type: string, data: unknown, id?: string) => ({ type, data, id });

function pgliteHarness(): Harness {
  const dirs: string[] = [];
  return {
    name: 'pglite',
    concurrentTransactions: false,
    async open(options) {
      const dir = mkdtempSync(join(tmpdir(), 'es-pglite-'));
      dirs.push(dir);
      return SqlEventStore.create(await openSqlClient(`pglite://${dir}`), options);
    },
    async tamper(store, position, data) {
      await (store as SqlEventStore).sql.query(
        'UPDATE es_events SET data = $2::jsonb WHERE global_position = $1',
        [position, JSON.stringify(data)],
      );
    },
    async cleanup() {
      dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
    },
  };
}

function postgresHarness(): Harness {
  const drops: Array<() => Promise<void>> = [];
  return {
    name: 'postgres',
    concurrentTransactions: true,
    async open(options) {
      const { url, drop } = await freshSchema('es');
      drops.push(drop);
      return SqlEventStore.create(await openSqlClient(url), { pollMs: 50, ...options });
    },
    async tamper(store, position, data) {
      await (store as SqlEventStore).sql.query(
        'UPDATE es_events SET data = $2::jsonb WHERE global_position = $1',
        [position, JSON.stringify(data)],
      );
    },
    async cleanup() {
      for (const d of drops) await d();
    },
  };
}

function esdbHarness(url: string | undefined): Harness {
  let server: EsdbTestServer | undefined;
  return {
    name: url ? 'esdb' : 'esdb (test server)',
    concurrentTransactions: true,
    async open(options) {
      if (!url && !server) server = await EsdbTestServer.start();
      return EsdbEventStore.connect(url ?? server!.url, options);
    },
    ...(url
      ? {}
      : {
          async tamper(_store: EventStore, position: number, data: unknown) {
            server!.rewriteData(position, data);
          },
        }),
    async cleanup() {
      await server?.stop();
    },
  };
}

const harnesses: Array<Harness | { name: string; skip: string }> = [
  pgliteHarness(),
  postgresHarness(),
  esdbHarness(process.env.ESDB_URL),
];

for (const entry of harnesses) {
  if ('skip' in entry) {
    const h = entry;
    describe(`event store contract: ${h.name}`, () => {
      it.skip(`skipped: ${h.skip}`, () => undefined);
    });
    continue;
  }
  const h: Harness = entry;

  describe(`event store contract: ${h.name}`, () => {
    let store: EventStore;
    // Stream names are unique per test, so one store (and one ESDB server) serves every case.
    const stream = (name: string) => `${name}-${randomUUID()}`;

    beforeAll(async () => {
      store = await h.open();
    });
    afterAll(async () => {
      await store.close();
      await h.cleanup();
    });

    it('appends with metadata and reads a stream forwards and backwards', async () => {
      const s = stream('order');
      const r = await store.append(
        s,
        [ev('Opened', { n: 1 }), ev('Noted', { n: 2 }), ev('Closed', { n: 3 })],
        'no_stream',
        {
          ...ctx,
          causationId: 'cause-9',
        },
      );
      expect(r).toMatchObject({ nextRevision: 2, written: true });
      const fwd = await store.readStream(s);
      expect(fwd.map((e) => [e.revision, e.type])).toEqual([
        [0, 'Opened'],
        [1, 'Noted'],
        [2, 'Closed'],
      ]);
      expect(fwd[0].metadata).toMatchObject({
        actor: 'contract-test',
        correlationId: 'corr-1',
        causationId: 'cause-9',
        schemaVersion: 1,
      });
      expect(new Date(fwd[0].metadata.recordedAt).toISOString()).toBe(fwd[0].metadata.recordedAt);
      expect(fwd[0].hash).toMatch(/^[0-9a-f]{64}$/);
      expect(fwd[1].prevHash).toBe(fwd[0].hash);
      const back = await store.readStream(s, { direction: 'backwards', maxCount: 2 });
      expect(back.map((e) => e.revision)).toEqual([2, 1]);
      const from1 = await store.readStream(s, { fromRevision: 1 });
      expect(from1.map((e) => e.revision)).toEqual([1, 2]);
      expect(await store.readStream(stream('missing'))).toEqual([]);
    });

    it('20 concurrent creators with no_stream: exactly one wins, the rest get wrong-expected-version', async () => {
      const s = stream('race');
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => store.append(s, [ev('Created', { by: i })], 'no_stream', ctx)),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(19);
      lost.forEach((l) => expect(l.reason).toBeInstanceOf(WrongExpectedVersionError));
      expect(await store.readStream(s)).toHaveLength(1);
    });

    it('refuses a stale revision and stream_exists on a missing stream', async () => {
      const s = stream('stale');
      await store.append(s, [ev('A', {})], 'no_stream', ctx);
      await store.append(s, [ev('B', {})], 0, ctx);
      await expect(store.append(s, [ev('C', {})], 0, ctx)).rejects.toBeInstanceOf(WrongExpectedVersionError);
      await expect(
        store.append(stream('nothing'), [ev('A', {})], 'stream_exists', ctx),
      ).rejects.toBeInstanceOf(WrongExpectedVersionError);
      await expect(store.append(s, [ev('C', {})], 'no_stream', ctx)).rejects.toBeInstanceOf(
        WrongExpectedVersionError,
      );
      const ok = await store.append(s, [ev('C', {})], 'stream_exists', ctx);
      expect(ok.nextRevision).toBe(2);
      const any = await store.append(s, [ev('D', {})], 'any', ctx);
      expect(any.nextRevision).toBe(3);
    });

    it('a retried append with the same event ids writes nothing twice', async () => {
      const s = stream('idem');
      const ids = [randomUUID(), randomUUID()];
      const first = await store.append(
        s,
        [ev('A', { x: 1 }, ids[0]), ev('B', { x: 2 }, ids[1])],
        'no_stream',
        ctx,
      );
      const retry = await store.append(
        s,
        [ev('A', { x: 1 }, ids[0]), ev('B', { x: 2 }, ids[1])],
        'no_stream',
        ctx,
      );
      expect(first.written).toBe(true);
      expect(retry).toEqual({ ...first, written: false });
      const concurrent = await Promise.all(
        [1, 2, 3].map(() =>
          store.append(s, [ev('C', {}, '00000000-0000-4000-8000-' + s.slice(-12))], 1, ctx),
        ),
      );
      expect(concurrent.filter((r) => r.written)).toHaveLength(1);
      expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
      await expect(
        store.append(s, [ev('A', { x: 1 }, ids[0]), ev('Z', {})], 'any', ctx),
      ).rejects.toBeInstanceOf(IdempotencyConflictError);
    });

    it('appendStreams: a batch of streams, each at its own revision; a conflict refuses that stream alone; a retry writes nothing twice', async () => {
      const [a, b, c] = [stream('batch-a'), stream('batch-b'), stream('batch-new')];
      await store.append(a, [ev('A0', {})], 'no_stream', ctx);
      await store.append(b, [ev('B0', {}), ev('B1', {})], 'no_stream', ctx);
      const writes = [
        { streamId: a, events: [ev('A1', { n: 1 }, randomUUID())], expected: 0 },
        {
          streamId: b,
          events: [ev('B2', { n: 2 }, randomUUID()), ev('B3', { n: 3 }, randomUUID())],
          expected: 1,
        },
        { streamId: c, events: [ev('C0', { n: 4 }, randomUUID())], expected: 'no_stream' as const },
      ];
      const first = await store.appendStreams(writes, ctx);
      expect(first.map((o) => o.ok && o.result.nextRevision)).toEqual([1, 3, 0]);
      expect(first.map((o) => o.ok && o.result.written)).toEqual([true, true, true]);
      const positions = first.map((o) => (o.ok ? o.result.position : 0));
      expect(new Set(positions).size).toBe(3);
      // Positions name the streams' last events.
      for (const [k, id] of [a, b, c].entries()) {
        const events = await store.readStream(id);
        expect(events[events.length - 1].position).toBe(positions[k]);
        // Hash chain: each event links to the one before it in its stream, across the batch.
        events.forEach((e, i) => expect(e.prevHash).toBe(i === 0 ? null : events[i - 1].hash));
        expect((await store.verify({ streamId: id })).ok).toBe(true);
      }

      // The same batch again (a retried or replayed posting): nothing written twice.
      const retry = await store.appendStreams(writes, ctx);
      expect(retry).toEqual(first.map((o) => (o.ok ? { ...o, result: { ...o.result, written: false } } : o)));
      expect((await store.readStream(b)).map((e) => e.type)).toEqual(['B0', 'B1', 'B2', 'B3']);

      // One stale revision among new writes: that stream is refused with its revision, the rest written.
      const [d, e2] = [stream('batch-d'), stream('batch-e')];
      const d0 = randomUUID();
      const next = await store.appendStreams(
        [
          { streamId: a, events: [ev('A2', {})], expected: 1 },
          { streamId: b, events: [ev('B-late', {})], expected: 1 },
          { streamId: d, events: [ev('D0', {}, d0)], expected: 'no_stream' },
          { streamId: c, events: [ev('C-again', {})], expected: 'no_stream' },
          { streamId: e2, events: [ev('E0', {})], expected: 'stream_exists' },
        ],
        ctx,
      );
      expect(next.map((o) => o.streamId)).toEqual([a, b, d, c, e2]);
      expect(next.map((o) => o.ok)).toEqual([true, false, true, false, false]);
      const refusedB = next[1];
      expect(!refusedB.ok && refusedB.error).toBeInstanceOf(WrongExpectedVersionError);
      expect(!refusedB.ok && (refusedB.error as WrongExpectedVersionError).actual).toBe(3);
      const refusedC = next[3];
      expect(!refusedC.ok && (refusedC.error as WrongExpectedVersionError).actual).toBe(0);
      expect((await store.readStream(b)).map((e) => e.type)).toEqual(['B0', 'B1', 'B2', 'B3']);
      expect((await store.readStream(c)).map((e) => e.type)).toEqual(['C0']);
      expect(await store.readStream(e2)).toEqual([]);
      expect((await store.readStream(a)).map((e) => e.type)).toEqual(['A0', 'A1', 'A2']);
      expect((await store.readStream(d)).map((e) => e.type)).toEqual(['D0']);
      // The chain goes on from the batch's heads, by append or by batch.
      await store.append(a, [ev('A3', {})], 2, ctx);
      await store.appendStreams([{ streamId: a, events: [ev('A4', {})], expected: 3 }], ctx);
      expect((await store.verify({ streamId: a })).ok).toBe(true);

      // An event id already stored as something else is that write's refusal.
      const reused = await store.appendStreams(
        [
          { streamId: d, events: [ev('Other', { n: 9 }, d0)], expected: 'no_stream' },
          { streamId: e2, events: [ev('E0', {})], expected: 'no_stream' },
        ],
        ctx,
      );
      expect(reused.map((o) => o.ok)).toEqual([false, true]);
      expect(!reused[0].ok && reused[0].error).toBeInstanceOf(IdempotencyConflictError);
      expect((await store.readStream(d)).map((e) => e.type)).toEqual(['D0']);

      const none = stream('none');
      expect(await store.streamRevisions([a, b, c, none])).toEqual(
        new Map([
          [a, 4],
          [b, 3],
          [c, 0],
          [none, -1],
        ]),
      );
    });

    it('appendStreams: data with quotes, backslashes, non-ASCII text, nesting and numbers reads back equal and verifies', async () => {
      const id = stream('batch-text');
      const data = {
        name: 'Siti "Ani" Rahayu \\ O\'Neil',
        village: 'Sukarami — Palembang, 📍',
        tab: 'a\tb\nc',
        nested: { list: [1, 2.5, -3, { deep: [null, true, false, ''] }], empty: {} },
        big: 9_007_199_254_740_991,
        amount: 16_800,
      };
      const [outcome] = await store.appendStreams(
        [{ streamId: id, events: [ev('Text', data)], expected: 'no_stream' }],
        ctx,
      );
      expect(outcome.ok).toBe(true);
      const [read] = await store.readStream(id);
      expect(read.data).toEqual(data);
      expect(read.metadata.actor).toBe(ctx.actor);
      expect((await store.verify({ streamId: id })).ok).toBe(true);
      // A JSON null as the data is stored as such, as append stores it.
      const nil = stream('batch-null');
      const [nulled] = await store.appendStreams(
        [
          {
            streamId: nil,
            events: [ev('Null', null as unknown as Record<string, unknown>)],
            expected: 'no_stream',
          },
        ],
        ctx,
      );
      expect(nulled.ok).toBe(true);
      expect((await store.readStream(nil))[0].data).toBeNull();
      expect((await store.verify({ streamId: nil })).ok).toBe(true);
    });

    it("appendStreams: a write carrying its own actor and causation is recorded with them, the others with the call's", async () => {
      const [a, b] = [stream('ctx-a'), stream('ctx-b')];
      const own = { actor: 'payout-worker', correlationId: randomUUID(), causationId: randomUUID() };
      const outcomes = await store.appendStreams(
        [
          { streamId: a, events: [ev('A0', {})], expected: 'no_stream', ctx: own },
          { streamId: b, events: [ev('B0', {})], expected: 'no_stream' },
        ],
        ctx,
      );
      expect(outcomes.map((o) => o.ok)).toEqual([true, true]);
      const [ea] = await store.readStream(a);
      const [eb] = await store.readStream(b);
      expect(ea.metadata).toMatchObject({
        actor: own.actor,
        correlationId: own.correlationId,
        causationId: own.causationId,
      });
      expect(eb.metadata).toMatchObject({ actor: ctx.actor, correlationId: ctx.correlationId });
    });

    it('appendStreams: concurrent batches over the same streams (in opposite orders) write each stream once', async () => {
      const ids = Array.from({ length: 20 }, (_, i) => stream(`race-${i}`));
      for (const id of ids) await store.append(id, [ev('Opened', {})], 'no_stream', ctx);
      const batch = (order: string[], tag: string) =>
        store.appendStreams(
          order.map((streamId) => ({ streamId, events: [ev('Paid', { tag })], expected: 0 })),
          ctx,
        );
      const results = await Promise.all([
        batch(ids, 'a'),
        batch([...ids].reverse(), 'b'),
        batch(
          ids.filter((_, i) => i % 2 === 0),
          'c',
        ),
      ]);
      const wins = new Map<string, number>();
      for (const outcomes of results)
        for (const o of outcomes) {
          if (o.ok) wins.set(o.streamId, (wins.get(o.streamId) ?? 0) + 1);
          else expect(o.error).toBeInstanceOf(WrongExpectedVersionError);
        }
      for (const id of ids) {
        expect(wins.get(id)).toBe(1);
        expect((await store.readStream(id)).map((e) => e.type)).toEqual(['Opened', 'Paid']);
        expect((await store.verify({ streamId: id })).ok).toBe(true);
      }
    });

    it('an event id retried as another event (type, data, stream, or a revision its writer cannot have read) is an idempotency conflict, and nothing is written', async () => {
      const s = stream('reused');
      const id = randomUUID();
      await store.append(s, [ev('A', { x: 1 })], 'no_stream', ctx);
      const first = await store.append(s, [ev('Paid', { amount: 100 }, id)], 0, ctx);
      // The exact repeat is a no-op, whatever the key order of its data.
      expect(await store.append(s, [{ ...ev('Paid', { amount: 100 }, id) }], 0, ctx)).toEqual({
        ...first,
        written: false,
      });
      const attempts: Array<[string, () => Promise<unknown>]> = [
        ['another type', () => store.append(s, [ev('Refunded', { amount: 100 }, id)], 0, ctx)],
        ['other data', () => store.append(s, [ev('Paid', { amount: 999 }, id)], 0, ctx)],
        ['other data, any revision', () => store.append(s, [ev('Paid', { amount: 999 }, id)], 'any', ctx)],
        ['another expected revision', () => store.append(s, [ev('Paid', { amount: 100 }, id)], 5, ctx)],
        ['as a new stream', () => store.append(s, [ev('Paid', { amount: 100 }, id)], 'no_stream', ctx)],
        // KurrentDB has no lookup by event id: an id reused in another stream is not seen there
        // (docs/event-store.md, "Idempotency on KurrentDB").
        ...(h.name.startsWith('esdb')
          ? []
          : ([
              [
                'in another stream',
                () => store.append(stream('other'), [ev('Paid', { amount: 100 }, id)], 'any', ctx),
              ],
            ] as Array<[string, () => Promise<unknown>]>)),
      ];
      for (const [what, attempt] of attempts) {
        const outcome = await attempt().then(
          () => 'accepted',
          (e: unknown) => (e instanceof EventIdReusedError ? 'conflict' : String(e)),
        );
        expect({ what, outcome }).toEqual({ what, outcome: 'conflict' });
      }
      // A decision replayed after the stream moved on (a process manager re-reading history) is
      // the same event where the stream it read already holds it: a no-op.
      const later = await store.append(s, [ev('Noted', {})], 1, ctx);
      expect(await store.append(s, [ev('Paid', { amount: 100 }, id)], later.nextRevision, ctx)).toEqual({
        ...first,
        written: false,
      });
      // Stored after the revision the writer read: it had not seen it, so it must reload.
      const raced = randomUUID();
      await store.append(s, [ev('Raced', { by: 'first' }, raced)], later.nextRevision, ctx);
      await expect(
        store.append(s, [ev('Raced', { by: 'first' }, raced)], later.nextRevision - 1, ctx),
      ).rejects.toBeInstanceOf(EventIdReusedError);
      const stored = await store.readStream(s);
      expect(stored.map((e) => [e.type, e.data])).toEqual([
        ['A', { x: 1 }],
        ['Paid', { amount: 100 }],
        ['Noted', {}],
        ['Raced', { by: 'first' }],
      ]);
    });

    it('an empty append is refused, and the stream stays free for its creator', async () => {
      const s = stream('empty');
      for (const expected of ['no_stream', 'any', 'stream_exists', 0] as const)
        await expect(store.append(s, [], expected, ctx)).rejects.toBeInstanceOf(EmptyAppendError);
      const other = stream('empty-many');
      await expect(
        store.appendMany(
          [
            { streamId: other, events: [ev('A', {})], expected: 'no_stream' },
            { streamId: s, events: [], expected: 'no_stream' },
          ],
          ctx,
        ),
      ).rejects.toBeInstanceOf(EmptyAppendError);
      expect(await store.readStream(other)).toEqual([]);
      const created = await store.append(s, [ev('Created', {})], 'no_stream', ctx);
      expect(created).toMatchObject({ nextRevision: 0, written: true });
      await expect(store.append(s, [], 0, ctx)).rejects.toBeInstanceOf(EmptyAppendError);
      expect((await store.readStream(s)).map((e) => e.type)).toEqual(['Created']);
    });

    it('reads all events in global order, filtered by stream prefix or event type', async () => {
      const tag = randomUUID().slice(0, 8);
      const head = await store.headPosition();
      await store.append(`alpha${tag}-1`, [ev('Planted', { i: 1 })], 'no_stream', ctx);
      await store.append(`beta${tag}-1`, [ev('Harvested', { i: 2 })], 'no_stream', ctx);
      await store.append(`alpha${tag}-2`, [ev('Harvested', { i: 3 })], 'no_stream', ctx);
      const all = await eventually(
        () => store.readAll({ after: head, limit: 100 }),
        (events) => events.filter((e) => e.streamId.includes(tag)).length >= 3,
      );
      const mine = all.filter((e) => e.streamId.includes(tag));
      expect(mine.map((e) => (e.data as { i: number }).i)).toEqual([1, 2, 3]);
      const positions = mine.map((e) => e.position);
      expect(new Set(positions).size).toBe(3);
      const alpha = await store.readAll({ after: head, streamPrefixes: [`alpha${tag}`] });
      expect(alpha.map((e) => (e.data as { i: number }).i)).toEqual([1, 3]);
      const harvested = (await store.readAll({ after: head, types: ['Harvested'] })).filter((e) =>
        e.streamId.includes(tag),
      );
      expect(harvested.map((e) => (e.data as { i: number }).i)).toEqual([2, 3]);
      const page = await store.readAll({ after: head, limit: 1 });
      expect(page).toHaveLength(1);
      const next = await store.readAll({ after: page[0].position, limit: 100 });
      expect(next.find((e) => e.eventId === page[0].eventId)).toBeUndefined();
    });

    it('a filtered subscription whose events are rare reads on from where its last read looked, not from its last match', async () => {
      const tag = `r${randomUUID().slice(0, 8)}`;
      const reads: Array<number | undefined> = [];
      const seen: string[] = [];
      await store.append(`${tag}-match-1`, [ev('Rare', {})], 'no_stream', ctx);
      const spy = store as EventStore & { readAllWithHorizon?: (o: ReadAllOptions) => Promise<unknown> };
      const original = spy.readAllWithHorizon?.bind(store);
      if (original) {
        spy.readAllWithHorizon = (o: ReadAllOptions) => {
          if (o.streamPrefixes?.[0] === `${tag}-match`) reads.push(o.after);
          return original(o);
        };
      }
      try {
        const sub = store.subscribe({
          streamPrefixes: [`${tag}-match`],
          handler: async (events) => {
            seen.push(...events.map((e) => e.streamId));
          },
        });
        await sub.caughtUp();
        const firstMatch = sub.position;
        for (let i = 0; i < 20; i++)
          await store.append(`${tag}-other-${i}`, [ev('Common', { i })], 'no_stream', ctx);
        const head = await store.headPosition();
        await sub.caughtUp();
        await store.append(`${tag}-match-2`, [ev('Rare', {})], 'no_stream', ctx);
        await sub.caughtUp();
        await sub.stop();
        expect(seen).toEqual([`${tag}-match-1`, `${tag}-match-2`]);
        if (original) {
          // After the 20 others, reads start at (or past) the head, never again at the first match.
          const afterOthers = reads.slice(reads.lastIndexOf(firstMatch) + 1);
          expect(afterOthers.length).toBeGreaterThan(0);
          expect(afterOthers.every((a) => a !== undefined && a >= head)).toBe(true);
        }
      } finally {
        if (original) spy.readAllWithHorizon = original;
      }
    });

    it('10 concurrent writers while a subscriber reads from 0: every event exactly once, in one consistent order', async () => {
      const tag = `w${randomUUID().slice(0, 8)}`;
      const seen: RecordedEvent[] = [];
      const sub = store.subscribe({
        streamPrefixes: [tag],
        batchSize: 7,
        handler: async (events) => {
          seen.push(...events);
        },
      });
      const perWriter = 25;
      await Promise.all(
        Array.from({ length: 10 }, async (_, w) => {
          let rev: number | 'no_stream' = 'no_stream';
          for (let i = 0; i < perWriter; i++) {
            const r = await store.append(`${tag}-${w}`, [ev('Tick', { w, i })], rev, ctx);
            rev = r.nextRevision;
          }
        }),
      );
      await sub.caughtUp();
      await sub.stop();
      expect(seen).toHaveLength(10 * perWriter);
      expect(new Set(seen.map((e) => e.eventId)).size).toBe(10 * perWriter);
      for (let w = 0; w < 10; w++) {
        const mine = seen.filter((e) => e.streamId === `${tag}-${w}`).map((e) => e.revision);
        expect(mine).toEqual(Array.from({ length: perWriter }, (_, i) => i));
      }
      // The same order a fresh reader gets: one consistent global order.
      const replay = await store.readAll({ streamPrefixes: [tag], limit: 10_000 });
      expect(replay.map((e) => e.eventId)).toEqual(seen.map((e) => e.eventId));
    });

    // Reads may return fewer events than asked (on PostgreSQL a running transaction holds the
    // horizon back): the second variant cuts every other read short, as such reads would.
    for (const shortReads of [false, true]) {
      it(`a subscription restarted from its checkpoint continues without loss or repeats${shortReads ? ', with reads cut short' : ''}`, async () => {
        const tag = `c${randomUUID().slice(0, 8)}`;
        for (let i = 0; i < 30; i++) await store.append(`${tag}-${i % 3}`, [ev('N', { i })], 'any', ctx);
        // A batch counts only once its handler returns: then, and only then, its checkpoint moves.
        const handled: number[] = [];
        let checkpoint: number | undefined;
        let crashes = 0;
        let reads = 0;
        const options: SubscriptionOptions = {
          streamPrefixes: [tag],
          batchSize: 4,
          handler: async (events) => {
            // The batch that would take the count past 12 fails, on every attempt, wherever the
            // reads happened to cut the batches before it.
            if (handled.length + events.length > 12) throw new Error('crash mid-batch');
            handled.push(...events.map((e) => (e.data as { i: number }).i));
            checkpoint = events[events.length - 1].position;
          },
          onError: () => (crashes += 1),
        };
        const first = shortReads
          ? new CatchUpSubscription(
              { readAll: (o) => store.readAll({ ...o, limit: reads++ % 2 ? 3 : o.limit }) },
              options,
              20,
            )
          : store.subscribe(options);
        await eventually(
          async () => crashes,
          (n) => n > 0,
        );
        await first.stop();
        expect(handled.length).toBeGreaterThanOrEqual(9);
        expect(handled.length).toBeLessThanOrEqual(12);
        expect(handled).toEqual(Array.from({ length: handled.length }, (_, i) => i));
        for (let i = 30; i < 40; i++) await store.append(`${tag}-${i % 3}`, [ev('N', { i })], 'any', ctx);
        const resumed: number[] = [];
        const second = store.subscribe({
          streamPrefixes: [tag],
          after: checkpoint,
          handler: async (events) => {
            resumed.push(...events.map((e) => (e.data as { i: number }).i));
          },
        });
        await second.caughtUp();
        await second.stop();
        expect([...handled, ...resumed]).toEqual(Array.from({ length: 40 }, (_, i) => i));
      });
    }

    it('verification during concurrent appends reports an intact log (one consistent snapshot)', async () => {
      const tag = `v${randomUUID().slice(0, 8)}`;
      // More than one page of events, so a verification reads several pages.
      for (let chunk = 0; chunk < 6; chunk++) {
        await store.appendMany(
          Array.from({ length: 20 }, (_, k) => ({
            streamId: `${tag}-${k}`,
            events: Array.from({ length: 50 }, (_, i) => ev('Seeded', { chunk, i })),
            expected: chunk === 0 ? ('no_stream' as const) : chunk * 50 - 1,
          })),
          ctx,
        );
      }
      let appending = true;
      let appended = 0;
      const writers = Array.from({ length: 4 }, async (_, w) => {
        while (appending) {
          await store.append(`${tag}-${(appended + w) % 20}`, [ev('Live', { w })], 'any', ctx);
          appended += 1;
        }
      });
      const results = [];
      try {
        for (let run = 0; run < 3; run++) results.push(await store.verify());
      } finally {
        appending = false;
        await Promise.all(writers);
      }
      expect(appended).toBeGreaterThan(0);
      for (const r of results) expect({ ok: r.ok, firstMismatch: r.firstMismatch }).toEqual({ ok: true });
      // Three full reads of 6,000+ events: protobuf-bound over the in-process KurrentDB test server,
      // 20-30 s beside one other test run, past a minute on a machine loaded further.
    }, 180_000);

    if (h.tamper) {
      it('altering a stored event is detected by hash verification', async () => {
        const s = stream('tamper');
        await store.append(s, [ev('A', { amount: 100 }), ev('B', { amount: 200 })], 'no_stream', ctx);
        const before = await store.verify();
        expect(before.ok).toBe(true);
        expect(before.eventsChecked).toBeGreaterThanOrEqual(2);
        const [, second] = await store.readStream(s);
        await h.tamper!(store, second.position, { amount: 999_999 });
        const after = await store.verify();
        expect(after.ok).toBe(false);
        expect(after.firstMismatch).toMatchObject({ streamId: s, revision: 1, position: second.position });
        // Restore, so later cases in this store verify cleanly.
        await h.tamper!(store, second.position, { amount: 200 });
        expect((await store.verify()).ok).toBe(true);
      });
    }

    if (h.tamper && !h.name.startsWith('esdb')) {
      it("removing a stream's last event is detected (the chain no longer ends at the stream head)", async () => {
        const s = stream('truncate');
        await store.append(s, [ev('A', { amount: 1 }), ev('B', { amount: 2 })], 'no_stream', ctx);
        const [, last] = await store.readStream(s);
        await (store as SqlEventStore).sql.query('DELETE FROM es_events WHERE global_position = $1', [
          last.position,
        ]);
        const result = await store.verify();
        expect(result.ok).toBe(false);
        expect(result.firstMismatch).toMatchObject({ streamId: s, revision: 0 });
        expect(result.firstMismatch!.reason).toMatch(/removed or rewritten/);
        await (store as SqlEventStore).sql.query('DELETE FROM es_streams WHERE stream_id = $1', [s]);
        await (store as SqlEventStore).sql.query('DELETE FROM es_events WHERE stream_id = $1', [s]);
      });
    }

    it('upcasts old schema versions on read and never rewrites stored events', async () => {
      const s = stream('upcast');
      await store.append(
        s,
        [{ type: 'MemberNamed', data: { name: 'Siti Aminah' }, schemaVersion: 1 }],
        'no_stream',
        ctx,
      );
      const registry = new UpcasterRegistry().register({
        type: 'MemberNamed',
        fromVersion: 1,
        upcast: (d) => {
          const [given, ...family] = (d as { name: string }).name.split(' ');
          return { givenName: given, familyName: family.join(' ') };
        },
      });
      const upcasting = h.name.startsWith('esdb') ? await h.open({ upcasters: registry }) : null;
      const reader =
        upcasting ?? (await SqlEventStore.create((store as SqlEventStore).sql, { upcasters: registry }));
      const [read] = await reader.readStream(s);
      expect(read.data).toEqual({ givenName: 'Siti', familyName: 'Aminah' });
      expect(read.metadata.schemaVersion).toBe(2);
      const [raw] = await store.readStream(s);
      expect(raw.data).toEqual({ name: 'Siti Aminah' });
      expect((await store.verify({ streamId: s })).ok).toBe(true);
      if (upcasting) await upcasting.close();
    });

    // SQL only: a row of the SQL stores' streams table.
    if (h.tamper && !h.name.startsWith('esdb')) {
      it('a stream row left at revision -1 by an empty append of an older version does not block its creator', async () => {
        const s = stream('blocked');
        await (store as SqlEventStore).sql.query(
          'INSERT INTO es_streams (stream_id, revision, last_hash) VALUES ($1, -1, NULL)',
          [s],
        );
        const results = await Promise.allSettled(
          [1, 2, 3].map((n) => store.append(s, [ev('Created', { n })], 'no_stream', ctx)),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        expect(await store.readStream(s)).toHaveLength(1);
        expect((await store.verify({ streamId: s })).ok).toBe(true);
      });
    }

    if (!h.name.startsWith('esdb')) {
      it('appendMany writes several streams all or nothing', async () => {
        const a = stream('many-a');
        const b = stream('many-b');
        await store.append(b, [ev('Exists', {})], 'no_stream', ctx);
        await expect(
          store.appendMany(
            [
              { streamId: a, events: [ev('A', {})], expected: 'no_stream' },
              { streamId: b, events: [ev('B', {})], expected: 'no_stream' },
            ],
            ctx,
          ),
        ).rejects.toBeInstanceOf(WrongExpectedVersionError);
        expect(await store.readStream(a)).toEqual([]);
        const ok = await store.appendMany(
          [
            { streamId: a, events: [ev('A', {})], expected: 'no_stream' },
            { streamId: b, events: [ev('B', {})], expected: 0 },
          ],
          ctx,
        );
        expect(ok.map((r) => r.nextRevision)).toEqual([0, 1]);
      });
    }

    if (h.concurrentTransactions && h.name === 'postgres') {
      describe('guarantee 3: a transaction that takes its position first and commits last is not skipped', () => {
        async function scenario(
          unsafe: boolean,
        ): Promise<{ delivered: string[]; slow: string; fast: string }> {
          let release!: () => void;
          const gate = new Promise<void>((r) => (release = r));
          let entered!: () => void;
          const inSlow = new Promise<void>((r) => (entered = r));
          const tag = `g${randomUUID().slice(0, 8)}`;
          const slowStore = await h.open({
            unsafeIgnoreTransactionOrder: unsafe,
            pollMs: 20,
            beforeCommit: async (streams) => {
              if (streams[0] === `${tag}-slow`) {
                entered();
                await gate;
              }
            },
          });
          const delivered: string[] = [];
          const sub = slowStore.subscribe({
            streamPrefixes: [tag],
            handler: async (events) => {
              delivered.push(...events.map((e) => e.streamId));
            },
          });
          const slow = slowStore.append(`${tag}-slow`, [ev('Slow', {})], 'no_stream', ctx);
          await inSlow; // the slow transaction holds the lower position and is still open
          await slowStore.append(`${tag}-fast`, [ev('Fast', {})], 'no_stream', ctx);
          // An event the filter does not select, committed after both: a reader that moved its
          // start past skipped events (scannedTo) must still not move past the open transaction.
          await slowStore.append(`other-${tag}`, [ev('Other', {})], 'no_stream', ctx);
          // The subscriber polls (woken by NOTIFY) while the slow one is uncommitted. caughtUp()
          // would rightly wait for it: the fast event is committed but must not be read before it.
          await new Promise((r) => setTimeout(r, 400));
          release();
          await slow;
          await sub.caughtUp();
          await sub.stop();
          await slowStore.close();
          return { delivered, slow: `${tag}-slow`, fast: `${tag}-fast` };
        }

        it('with the transaction-order rule: both events are delivered, in commit order', async () => {
          const r = await scenario(false);
          expect(r.delivered.sort()).toEqual([r.fast, r.slow].sort());
        });

        it('with the rule removed (plain position order): the late committer is skipped', async () => {
          const r = await scenario(true);
          expect(r.delivered).toEqual([r.fast]);
        });
      });
    }
  });
}
