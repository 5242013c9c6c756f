import { openSqlClient, SqlEventStore } from '@app/event-store';
import { payoutDecider, payoutStreamId } from '@app/domain/payouts';
import { decideOnStream, systemContext } from './streams';

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
