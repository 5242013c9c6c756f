import { openSqlClient, RecordedEvent, SqlClient } from '@app/event-store';
import { PayoutEvent } from '@app/domain/payouts';
import { projectionSpec, tablesFor } from '../projection-spec';
import { TableNames } from '../projection';
import { payoutsProjection } from './payouts.projection';

const AT = '2026-03-02T03:00:00.000Z';
let position = 0;
/** Events as the store records them on `payout-<id>`, in order. */
function recorded(payoutId: string, events: PayoutEvent[]): RecordedEvent[] {
  return events.map((e, revision) => ({
    eventId: `e-${++position}`,
    streamId: `payout-${payoutId}`,
    revision,
    position,
    type: e.type,
    data: e.data,
    metadata: { actor: 't', correlationId: 'c', schemaVersion: 1, recordedAt: AT },
    hash: 'h',
    prevHash: null,
  }));
}

const scheduled = (payoutId: string): PayoutEvent => ({
  type: 'PayoutScheduled',
  data: {
    payoutId,
    claimId: 'claim-1',
    payee: { kind: 'HEIR', name: 'Siti Aminah' },
    amount: 42_000_000,
    dueBy: '2026-03-11',
    kind: 'BENEFIT',
    lines: ['DEATH_BENEFIT', 'PERIODIC_BENEFIT', 'FUNERAL'],
    at: AT,
  },
});
const started = (payoutId: string): PayoutEvent => ({
  type: 'PayoutAttemptStarted',
  data: { payoutId, attempt: 1, jobId: payoutId, at: AT },
});
const paid = (payoutId: string): PayoutEvent => ({
  type: 'PayoutPaid',
  data: {
    payoutId,
    attempt: 1,
    amount: 42_000_000,
    bankReference: 'SBX-1',
    paidAt: AT,
    paidOn: '2026-03-02',
    confirmedBy: 'TRANSFER',
  },
});

const rowsOf = (db: SqlClient) => async (t: TableNames) =>
  (
    await db.query<{ payout_id: string; status: string; attempts: number; bank_reference: string | null }>(
      `SELECT payout_id, status, attempts, bank_reference FROM ${t.payouts} ORDER BY payout_id`,
    )
  ).rows;

describe('payouts read model (docs/api.md "Payouts")', () => {
  let db: SqlClient;
  beforeAll(async () => {
    db = await openSqlClient('pglite://memory');
  });
  afterAll(() => db.close());

  it('given a scheduled payout, when an attempt starts and the bank books it, then it is PAID with its reference', async () => {
    const t = await tablesFor(db, payoutsProjection, 'paid');
    const [s, a, p] = recorded('p1', [scheduled('p1'), started('p1'), paid('p1')]);
    const spec = await projectionSpec(db, payoutsProjection, t).given([s]);
    const rows = await (await spec.when([a], [p])).thenRows(rowsOf(db));
    expect(rows).toEqual([{ payout_id: 'p1', status: 'PAID', attempts: 1, bank_reference: 'SBX-1' }]);
  });

  it('given nothing, when a payout is scheduled, then it is QUEUED with no attempt', async () => {
    const t = await tablesFor(db, payoutsProjection, 'queued');
    const rows = await (
      await (await projectionSpec(db, payoutsProjection, t).given()).when(recorded('p2', [scheduled('p2')]))
    ).thenRows(rowsOf(db));
    expect(rows).toEqual([{ payout_id: 'p2', status: 'QUEUED', attempts: 0, bank_reference: null }]);
  });
});
