import { openSqlClient, RecordedEvent, SqlClient } from '@app/event-store';
import { ClaimCommand, ClaimEvent, claimDecider, ClaimState, evolveClaim } from '@app/domain/claims';
import { context, jkmDeath, medical } from '@app/domain/claims/claim.fixtures';
import { projectionSpec, tablesFor } from '../projection-spec';
import { TableNames } from '../projection';
import { claimsProjection } from './claims.projection';

let position = 0;
/** The events a claim's commands decide, as the store would record them on `claim-<id>`. */
function claimHistory(claimId: string) {
  let state: ClaimState = claimDecider.initialState();
  let revision = -1;
  return (command: ClaimCommand): RecordedEvent[] =>
    claimDecider.decide(command, state).map((e: ClaimEvent) => {
      state = evolveClaim(state, e);
      revision += 1;
      position += 1;
      return {
        eventId: `e-${position}`,
        streamId: `claim-${claimId}`,
        revision,
        position,
        type: e.type,
        data: e.data,
        metadata: { actor: 't', correlationId: 'c', schemaVersion: 1, recordedAt: '2025-03-21T00:00:00Z' },
        hash: 'h',
        prevHash: null,
      };
    });
}

const AT = '2025-03-20T03:00:00.000Z';
const submit = (claimId: string, request = medical()): ClaimCommand => ({
  type: 'SubmitClaim',
  data: {
    claimId,
    request,
    submittedBy: 'adj-1',
    roles: ['adjudicator'],
    at: AT,
    today: '2025-03-20',
    context: context(),
  },
});
const rowsOf = (db: SqlClient) => async (t: TableNames) =>
  (
    await db.query<{ claim_id: string; status: string; eligible: boolean; total: string; version: number }>(
      `SELECT claim_id, status, eligible, total, version FROM ${t.claims} ORDER BY claim_id`,
    )
  ).rows.map((r) => ({ ...r, total: Number(r.total) }));

describe('claims read model (the worklist of docs/api.md GET /api/claims)', () => {
  let db: SqlClient;
  beforeAll(async () => {
    db = await openSqlClient('pglite://memory');
  });
  afterAll(() => db.close());

  it('given a submitted claim, when it is approved, then its row is APPROVED at version 3', async () => {
    const t = await tablesFor(db, claimsProjection, 'approved');
    const a = claimHistory('a');
    const rows = await (
      await (
        await projectionSpec(db, claimsProjection, t).given(a(submit('a')))
      ).when(a({ type: 'ApproveClaim', data: { by: 'adj-2', roles: ['adjudicator'], at: AT } }))
    ).thenRows(rowsOf(db));
    expect(rows).toEqual([
      { claim_id: 'a', status: 'APPROVED', eligible: true, total: 7_500_000, version: 3 },
    ]);
  });

  it('given nothing, when a claim is submitted and rejected in one batch, then one REJECTED row', async () => {
    const t = await tablesFor(db, claimsProjection, 'rejected');
    const b = claimHistory('b');
    const events = [
      ...b(submit('b', jkmDeath())),
      ...b({
        type: 'RejectClaim',
        data: { by: 'adj-2', roles: ['adjudicator'], at: AT, reasonCode: 'NOT_COVERED', note: 'no' },
      }),
    ];
    const rows = await (
      await (await projectionSpec(db, claimsProjection, t).given()).when(events)
    ).thenRows(rowsOf(db));
    expect(rows).toEqual([
      { claim_id: 'b', status: 'REJECTED', eligible: true, total: 42_000_000, version: 3 },
    ]);
  });

  it('given a claim, when its events are delivered again, then the row does not change', async () => {
    const t = await tablesFor(db, claimsProjection, 'replayed');
    const c = claimHistory('c');
    const submitted = c(submit('c'));
    const spec = projectionSpec(db, claimsProjection, t);
    const before = await (await (await spec.given(submitted)).when()).thenRows(rowsOf(db));
    const after = await (await (await spec.given()).when(submitted)).thenRows(rowsOf(db));
    expect(after).toEqual(before);
    expect(after).toHaveLength(1);
  });
});
