import { EsdbEventStore, openSqlClient, SqlClient } from '@app/event-store';
import { EsdbTestServer } from '@app/testing';
import { MetricsService } from '../metrics/metrics.service';
import { ProjectionLagProbe } from './projection-lag.probe';

describe('projection lag probe', () => {
  let server: EsdbTestServer;
  let store: EsdbEventStore;
  let readDb: SqlClient;

  beforeAll(async () => {
    server = await EsdbTestServer.start();
    store = EsdbEventStore.connect(server.url);
    readDb = await openSqlClient('pglite://memory');
    await readDb.query(
      'CREATE TABLE projection_checkpoints (name text PRIMARY KEY, position bigint NOT NULL)',
    );
    await readDb.query("INSERT INTO projection_checkpoints VALUES ('members', 0)");
    await store.append('member-1', [{ type: 'MemberEnrolled', data: {} }], 'no_stream', {
      actor: 'spec',
      correlationId: 'lag',
    });
  });
  afterAll(async () => {
    await store.close();
    await server.stop();
    await readDb.close();
  });

  it('a failed read of the log is a failed check, not a projection with nothing behind', async () => {
    const probe = new ProjectionLagProbe(store, readDb, new MetricsService());
    expect((await probe.check()).projections.members.behind).toBeGreaterThan(0);
    let reads = 0;
    // The head is read first; the read after the checkpoint fails.
    server.failReads((id) => id === '$all' && ++reads === 2);
    const failed = await probe.check();
    expect(failed.ok).toBe(false);
    expect(failed.detail).toMatch(/injected failure/);
  });
});
