import { Client } from 'pg';
import { openSqlClient, SqlClient, SqlEventStore } from '@app/event-store';
import { memberDecider } from '@app/domain/members';
import { enrollMemberCommand } from '@app/domain/members/member.fixtures';
import { freshSchema, TEST_DATABASE_URL } from '@app/testing';
import { ProjectionRunner } from '../projection-runner';
import { membersProjection } from './members.projection';
import { memberRecordsByIds, waitForProjection } from './members.queries';

/**
 * "Caught up" on PostgreSQL: a member event committed behind an older transaction still running
 * is invisible to a plain read, so an empty read after the checkpoint proves nothing.
 */
describe('waitForProjection (PostgreSQL)', () => {
  let drop: () => Promise<void>;
  let sql: SqlClient;
  let store: SqlEventStore;
  let holder: Client;

  beforeEach(async () => {
    const schema = await freshSchema('wfp');
    drop = schema.drop;
    sql = await openSqlClient(schema.url);
    store = await SqlEventStore.create(sql, { pollMs: 20 });
    holder = new Client({ connectionString: TEST_DATABASE_URL });
    await holder.connect();
  });

  afterEach(async () => {
    await holder.end().catch(() => undefined);
    await store.close();
    await drop();
  });

  it('does not report caught up while a member event hidden behind an open transaction is unapplied', async () => {
    // Another session holds a transaction id: every event committed after it is behind it.
    await holder.query('BEGIN');
    await holder.query('SELECT pg_current_xact_id()');
    const memberId = 'wfp-1';
    await store.append(
      `member-${memberId}`,
      memberDecider.decide(enrollMemberCommand({ memberId }), memberDecider.initialState()),
      'no_stream',
      { actor: 't', correlationId: 't' },
    );

    // No projector runs: the members checkpoint stays at 0, behind the enrollment.
    expect(await waitForProjection(store, sql, membersProjection, 400)).toBe(false);

    await holder.query('COMMIT');
    const runner = new ProjectionRunner(store, sql, [membersProjection]);
    await runner.start();
    try {
      expect(await waitForProjection(store, sql, membersProjection, 10_000)).toBe(true);
      expect([...(await memberRecordsByIds(sql, [memberId])).keys()]).toEqual([memberId]);
    } finally {
      await runner.stop();
    }
  });
});
