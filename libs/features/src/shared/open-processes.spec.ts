import { Client } from 'pg';
import { openSqlClient, SqlClient, SqlEventStore } from '@app/event-store';
import { freshSchema, TEST_DATABASE_URL } from '@app/testing';
import { unfinishedProcessIds } from './open-processes';

const ctx = { actor: 'spec', correlationId: 'spec' };
const IMPORTS = { opened: 'RosterImportStarted', closed: 'RosterImportCompleted', key: 'importId' };

/**
 * The start-up sweeps find every process opened before them, even one whose events another
 * session's older transaction still hides from a plain readAll (docs/architecture.md, guarantee 3).
 */
describe('unfinished processes (PostgreSQL)', () => {
  let db: SqlClient;
  let store: SqlEventStore;
  let drop: () => Promise<void>;

  beforeEach(async () => {
    const schema = await freshSchema('open');
    drop = schema.drop;
    db = await openSqlClient(schema.url);
    store = await SqlEventStore.create(db, { pollMs: 50 });
  });
  afterEach(async () => {
    await store.close();
    await drop();
  });

  const started = (importId: string) =>
    store.append(
      `import-${importId}`,
      [{ type: 'RosterImportStarted', data: { importId } }],
      'no_stream',
      ctx,
    );

  it('lists the opened and not closed, in any order of their streams', async () => {
    await started('a');
    await started('b');
    await store.append('import-a', [{ type: 'RosterImportCompleted', data: { importId: 'a' } }], 0, ctx);
    expect(await unfinishedProcessIds(store, IMPORTS)).toEqual(['b']);
  });

  it('finds a process committed while an older transaction of another session still runs', async () => {
    const other = new Client({ connectionString: TEST_DATABASE_URL });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT pg_current_xact_id()'); // holds every later transaction's events back
      await started('behind');
      expect(await store.readAll({ types: [IMPORTS.opened] })).toEqual([]);
      const sweep = unfinishedProcessIds(store, IMPORTS);
      let swept = false;
      void sweep.then(
        () => (swept = true),
        () => (swept = true),
      );
      await new Promise((r) => setTimeout(r, 300));
      expect(swept).toBe(false); // waits for the older transaction rather than answer "none"
      await other.query('ROLLBACK');
      expect(await sweep).toEqual(['behind']);
    } finally {
      await other.end();
    }
  });
});
