import { openSqlClient, RecordedEvent, SqlClient, SqlEventStore } from '@app/event-store';
import { contributionPaymentDecider } from '@app/domain/contributions';
import { memberDecider, MemberEvent } from '@app/domain/members';
import { enrollMemberCommand, MEMBER_ID } from '@app/domain/members/member.fixtures';
import { fold } from '@app/domain/shared';
import {
  applyBatch,
  ensureProjectionSchema,
  liveTables,
  membersProjection,
  writeCheckpoint,
} from '@app/read-models';
import { ContributionAllocator } from './contribution-allocator';
import { contributionMonthEventId, paymentStreamId } from './contribution-streams';
import { memberStreamId } from '../members/member-streams';

/**
 * The allocator decides from the members read model (fast) only once that model has applied
 * everything committed before the run. A refusal drawn from a state behind the stream writes
 * nothing, so no expected revision would ever catch it: here the read model has not yet seen an
 * advance payment for April, and without the wait it would call the member lapsed in May.
 */
describe('ContributionAllocator and a members read model behind the stream (PGlite)', () => {
  let db: SqlClient;
  let store: SqlEventStore;
  const ctx = { actor: 'finance-1', correlationId: 'spec' };
  const streamId = memberStreamId(MEMBER_ID);

  beforeEach(async () => {
    db = await openSqlClient('pglite://memory');
    store = await SqlEventStore.create(db);
    await ensureProjectionSchema(db, membersProjection, liveTables(membersProjection));
  });
  afterEach(() => store.close());

  const payMonth = async (period: string, paidOn: string) => {
    const events = await store.readStream(streamId);
    const state = fold(
      memberDecider,
      events.map((e) => ({ type: e.type, data: e.data }) as MemberEvent),
    );
    const paid = memberDecider.decide(
      { type: 'RecordContributionMonth', data: { period, paidOn, paymentId: `direct-${period}` } },
      state,
    );
    await store.append(streamId, paid, events.length - 1, ctx);
  };

  /** Applies every member event not yet projected, as the projector would. */
  const project = async (): Promise<void> => {
    const { rows } = await db.query<{ position: number }>(
      "SELECT position FROM projection_checkpoints WHERE name = 'members'",
    );
    const checkpoint = rows[0] ? Number(rows[0].position) : 0;
    const pending: RecordedEvent[] = await store.readAll({
      after: checkpoint || undefined,
      ...membersProjection.filter,
    });
    if (pending.length)
      await applyBatch(db, membersProjection, pending, liveTables(membersProjection), 'members', checkpoint);
  };

  it('waits for the read model, so an advance payment it has not applied yet still counts', async () => {
    await store.append(
      streamId,
      memberDecider.decide(enrollMemberCommand(), memberDecider.initialState()),
      'no_stream',
      ctx,
    );
    await payMonth('2025-01', '2025-01-10');
    await db.transaction((tx) => writeCheckpoint(tx, 'members', 0));
    await project(); // the read model: enrolled, January paid

    await payMonth('2025-04', '2025-02-10'); // April in advance: not projected yet

    // A late payment for May, dated after August's lapse by January alone but not by April.
    const paymentId = 'late-may';
    await store.append(
      paymentStreamId(paymentId),
      contributionPaymentDecider.decide(
        {
          type: 'RecordContributionPayment',
          data: {
            paymentId,
            period: '2025-05',
            paidOn: '2025-08-02',
            reference: 'BSB-LATE-05',
            memberIds: [MEMBER_ID],
            actor: 'finance-1',
          },
        },
        contributionPaymentDecider.initialState(),
      ),
      'no_stream',
      ctx,
    );

    const allocator = new ContributionAllocator(store, db);
    let allocated = false;
    const run = allocator.allocate(paymentId).finally(() => (allocated = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(allocated).toBe(false); // still waiting for the read model
    await project();
    const state = await run;

    expect(state.allocation).toMatchObject({ membersCovered: 1 });
    const paidMonths = (await store.readStream(streamId))
      .filter((e) => e.type === 'ContributionMonthPaid')
      .map((e) => (e.data as { period: string }).period);
    expect(paidMonths).toEqual(['2025-01', '2025-04', '2025-05']);
  });
  it('a chunk with a member changed since the read model and a month left by an interrupted run: every member-month once, the rest in one batch', async () => {
    const ids = ['m-1', 'm-2', 'm-3', 'm-4', 'm-5'];
    for (const [i, memberId] of ids.entries())
      await store.append(
        memberStreamId(memberId),
        memberDecider.decide(
          enrollMemberCommand({ memberId, nik: `160601120585000${i + 1}` }),
          memberDecider.initialState(),
        ),
        'no_stream',
        ctx,
      );
    await db.transaction((tx) => writeCheckpoint(tx, 'members', 0));
    await project();
    const table = liveTables(membersProjection).members;
    const { rows: seen } = await db.query<{ member_id: string; state: unknown; revision: number }>(
      `SELECT member_id, state, revision FROM ${table} WHERE member_id IN ('m-1', 'm-2')`,
    );
    const paymentId = 'interrupted';
    const record = contributionPaymentDecider.decide(
      {
        type: 'RecordContributionPayment',
        data: {
          paymentId,
          period: '2025-03',
          paidOn: '2025-03-05',
          reference: 'BSB-03',
          memberIds: ids,
          actor: 'finance-1',
        },
      },
      contributionPaymentDecider.initialState(),
    );
    await store.append(paymentStreamId(paymentId), record, 'no_stream', ctx);
    // Left by a run that died after writing m-1's month (same event id the allocator uses).
    const first = new ContributionAllocator(store, db);
    const planned = await store.readStream(memberStreamId('m-1'));
    const month = memberDecider.decide(
      { type: 'RecordContributionMonth', data: { period: '2025-03', paidOn: '2025-03-05', paymentId } },
      fold(
        memberDecider,
        planned.map((e) => ({ type: e.type, data: e.data }) as MemberEvent),
      ),
    );
    await store.append(
      memberStreamId('m-1'),
      [{ ...month[0], id: contributionMonthEventId(paymentId, 'm-1', '2025-03') }],
      0,
      ctx,
    );
    // m-2 paid February directly, not yet projected: its expected revision is stale.
    const m2 = await store.readStream(memberStreamId('m-2'));
    await store.append(
      memberStreamId('m-2'),
      memberDecider.decide(
        {
          type: 'RecordContributionMonth',
          data: { period: '2025-02', paidOn: '2025-02-03', paymentId: 'direct' },
        },
        fold(
          memberDecider,
          m2.map((e) => ({ type: e.type, data: e.data }) as MemberEvent),
        ),
      ),
      0,
      ctx,
    );
    // The read model has applied everything, but the allocation reads m-1 and m-2 as they were
    // before (as if they changed between its read and its write).
    await project();
    for (const r of seen)
      await db.query(`UPDATE ${table} SET state = $2::jsonb, revision = $3 WHERE member_id = $1`, [
        r.member_id,
        JSON.stringify(r.state),
        r.revision,
      ]);
    const appended: number[] = [];
    const appendStreams = store.appendStreams.bind(store);
    store.appendStreams = async (writes, c) => {
      appended.push(writes.length);
      return appendStreams(writes, c);
    };
    const state = await first.allocate(paymentId);
    expect(appended).toEqual([5]); // one batch; m-1 and m-2 refused in it and redone alone
    expect(state.allocation).toMatchObject({ membersCovered: 5, alreadyPaid: 0 });
    for (const id of ids) {
      const months = (await store.readStream(memberStreamId(id)))
        .filter(
          (e) => e.type === 'ContributionMonthPaid' && (e.data as { period: string }).period === '2025-03',
        )
        .map((e) => e.eventId);
      expect(months).toEqual([contributionMonthEventId(paymentId, id, '2025-03')]);
    }
    expect((await store.verify()).ok).toBe(true);
    // Run again (a replayed posting): nothing more is written.
    const before = await store.headPosition();
    await new ContributionAllocator(store, db).allocate(paymentId);
    expect(await store.headPosition()).toBe(before);
  });
});
