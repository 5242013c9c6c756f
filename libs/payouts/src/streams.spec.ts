import { openSqlClient, SqlEventStore } from '@app/event-store';
import { payoutDecider, payoutStreamId } from '@app/domain/payouts';
import { decideOnStream, loadPayout, systemContext } from './streams';

/**
 * Two workers deciding from the same state name the same event (`<payoutId>:dead-letter:0`) with
 * their own data. The store refuses the second as a reused event id; the loser must read the
 * winner's event and decide again, not fail and not pretend its own version was stored.
 */
describe('decideOnStream with a concurrent writer of the same event id (PGlite)', () => {
  let store: SqlEventStore;
  beforeEach(async () => {
    store = await SqlEventStore.create(await openSqlClient('pglite://memory'));
  });
  afterEach(() => store.close());

  it('the loser reloads and decides again on the winner’s event: one dead letter, both calls succeed', async () => {
    const payoutId = 'po-race-1';
    const stream = payoutStreamId(payoutId);
    const ctx = systemContext('spec');
    await decideOnStream(
      store,
      stream,
      payoutDecider,
      {
        type: 'SchedulePayout',
        data: {
          payoutId,
          claimId: 'claim-1',
          payee: { kind: 'HEIR', name: 'Sri Wahyuni' },
          amount: 1_000_000,
          dueBy: '2025-03-01',
          kind: 'BENEFIT',
          at: '2025-02-01T00:00:00Z',
        },
      },
      ctx,
    );
    const results = await Promise.all(
      ['worker A gave up', 'worker B gave up'].map((reason) =>
        decideOnStream(
          store,
          stream,
          payoutDecider,
          { type: 'DeadLetterPayout', data: { reason, at: '2025-02-02T00:00:00Z' } },
          ctx,
        ),
      ),
    );
    expect(results.map((r) => r.written).sort()).toEqual([false, true]);
    const stored = (await store.readStream(stream)).filter((e) => e.type === 'PayoutDeadLettered');
    expect(stored).toHaveLength(1);
    for (const r of results) expect(r.state.status).toBe('DEAD_LETTER');
  });
});

/** A run that already read the stream decides on that read; a stale one reloads and decides again. */
describe('decideOnStream on a known state (PGlite)', () => {
  let store: SqlEventStore;
  const payoutId = 'po-known-1';
  const stream = payoutStreamId(payoutId);
  const ctx = systemContext('spec');
  const schedule = {
    type: 'SchedulePayout' as const,
    data: {
      payoutId,
      claimId: 'claim-1',
      payee: { kind: 'HEIR' as const, name: 'Sri Wahyuni' },
      amount: 1_000_000,
      dueBy: '2025-03-01',
      kind: 'BENEFIT' as const,
      at: '2025-02-01T00:00:00Z',
    },
  };
  beforeEach(async () => {
    store = await SqlEventStore.create(await openSqlClient('pglite://memory'));
    await decideOnStream(store, stream, payoutDecider, schedule, ctx);
  });
  afterEach(() => store.close());
  const deadLetter = (reason: string, known?: Awaited<ReturnType<typeof loadPayout>>) =>
    decideOnStream(
      store,
      stream,
      payoutDecider,
      { type: 'DeadLetterPayout', data: { reason, at: '2025-02-02T00:00:00Z' } },
      ctx,
      3,
      known,
    );

  it('appends at the known revision without reading the stream again', async () => {
    const known = await loadPayout(store, payoutId);
    const reads = jest.spyOn(store, 'readStream');
    const r = await deadLetter('gave up', known);
    expect(reads).not.toHaveBeenCalled();
    expect(r.written).toBe(true);
    expect(r.revision).toBe(known.revision + 1);
    expect(r.state.status).toBe('DEAD_LETTER');
  });

  it('a known state the stream has moved past is a lost race: reloaded and decided again, nothing twice', async () => {
    const stale = await loadPayout(store, payoutId);
    await deadLetter('first');
    const r = await deadLetter('second', stale);
    expect(r.state.status).toBe('DEAD_LETTER');
    const stored = (await store.readStream(stream)).filter((e) => e.type === 'PayoutDeadLettered');
    expect(stored).toHaveLength(1);
  });
});
