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
import { paymentStreamId } from './contribution-streams';
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
});
