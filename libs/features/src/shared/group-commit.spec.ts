import { openSqlClient, SqlClient, SqlEventStore, WrongExpectedVersionError } from '@app/event-store';
import { freshSchema } from '@app/testing';
import { GroupCommitStore } from './group-commit';

const ctx = (actor: string) => ({ actor, correlationId: actor, causationId: `${actor}-cause` });
const ev = (type: string, id?: string) => ({ ...(id ? { id } : {}), type, data: { type } });

/**
 * The payout path's group commit (docs/architecture.md "Payout throughput"): appends made together
 * share one statement, yet each keeps its expected revision, its actor and its own answer.
 */
describe.each(['postgres', 'pglite'] as const)('GroupCommitStore (%s)', (kind) => {
  let db: SqlClient;
  let store: SqlEventStore;
  let drop: () => Promise<void> = async () => undefined;

  beforeEach(async () => {
    if (kind === 'postgres') {
      const schema = await freshSchema('group');
      drop = schema.drop;
      db = await openSqlClient(schema.url);
    } else db = await openSqlClient('pglite://memory');
    store = await SqlEventStore.create(db, { pollMs: 50 });
  });
  afterEach(async () => {
    await store.close();
    await drop();
  });

  it('writes appends made together in one statement, each stream with its own actor and causation', async () => {
    const g = new GroupCommitStore(store);
    const spy = jest.spyOn(store, 'appendStreams');
    const results = await Promise.all(
      ['a', 'b', 'c'].map((s) => g.append(`s-${s}`, [ev('Made')], 'no_stream', ctx(`actor-${s}`))),
    );
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy.mock.calls[0][0]).toHaveLength(3);
    expect(results.map((r) => [r.nextRevision, r.written])).toEqual([
      [0, true],
      [0, true],
      [0, true],
    ]);
    for (const s of ['a', 'b', 'c']) {
      const [e] = await store.readStream(`s-${s}`);
      expect(e.metadata).toMatchObject({ actor: `actor-${s}`, causationId: `actor-${s}-cause` });
    }
    expect((await store.verify()).ok).toBe(true);
  });

  it('a lost race fails only its own append; the others of the group are written', async () => {
    await store.append('s-moved', [ev('First')], 'no_stream', ctx('setup'));
    const g = new GroupCommitStore(store);
    const [stale, fresh, other] = await Promise.allSettled([
      g.append('s-moved', [ev('Late')], 'no_stream', ctx('late')),
      g.append('s-fresh', [ev('Made')], 'no_stream', ctx('fresh')),
      g.append('s-moved-2', [ev('Made')], 'no_stream', ctx('other')),
    ]);
    expect(stale.status).toBe('rejected');
    expect((stale as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedVersionError);
    expect(fresh.status).toBe('fulfilled');
    expect(other.status).toBe('fulfilled');
    expect((await store.readStream('s-moved')).map((e) => e.type)).toEqual(['First']);
    expect(await store.readStream('s-fresh')).toHaveLength(1);
  });

  it('two appends to one stream made together go one after the other, the second at its own revision', async () => {
    const g = new GroupCommitStore(store);
    const [first, second] = await Promise.allSettled([
      g.append('s-one', [ev('A')], 'no_stream', ctx('a')),
      g.append('s-one', [ev('B')], 0, ctx('b')),
    ]);
    expect(first.status).toBe('fulfilled');
    expect(second.status).toBe('fulfilled');
    expect((await store.readStream('s-one')).map((e) => e.type)).toEqual(['A', 'B']);
  });

  it('an append sent again with its fixed ids is a no-op (guarantee 2)', async () => {
    const g = new GroupCommitStore(store);
    const id = '7d0b8f7e-1c1f-4c55-9b59-2a3c0d4e5f60';
    await Promise.all([
      g.append('s-id', [ev('Once', id)], 'no_stream', ctx('a')),
      g.append('s-other', [ev('Made')], 'no_stream', ctx('b')),
    ]);
    const again = await Promise.all([
      g.append('s-id', [ev('Once', id)], 'no_stream', ctx('a')),
      g.append('s-third', [ev('Made')], 'no_stream', ctx('c')),
    ]);
    expect(again[0].written).toBe(false);
    expect(again[1].written).toBe(true);
    expect(await store.readStream('s-id')).toHaveLength(1);
  });

  it('reads made together are one statement and each returns its stream as readStream does', async () => {
    await store.append('r-a', [ev('A1'), ev('A2')], 'no_stream', ctx('a'));
    await store.append('r-b', [ev('B1')], 'no_stream', ctx('b'));
    const g = new GroupCommitStore(store);
    const spy = jest.spyOn(store, 'readStreams');
    const [a, b, none, a2] = await Promise.all([
      g.readStream('r-a'),
      g.readStream('r-b'),
      g.readStream('r-none'),
      g.readStream('r-a'),
    ]);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(a).toEqual(await store.readStream('r-a'));
    expect(b).toEqual(await store.readStream('r-b'));
    expect(none).toEqual([]);
    expect(a2).toEqual(a);
    expect(a2).not.toBe(a);
  });
});
