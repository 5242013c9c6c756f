import { freshSchema } from '@app/testing';
import { openSqlClient, PostgresClient } from './sql-client';

/**
 * A PostgreSQL server with `autovacuum = off` (this project's CI machine has one) never gathers
 * statistics on its own, and without them the planner turned every filtered catch-up read and
 * gathered stream read into a parallel sequential scan of the events table. The client runs
 * VACUUM (ANALYZE) of its schema's tables itself when the server does not (PostgresClient.maintain).
 */
describe('PostgreSQL maintenance', () => {
  it("analyzes the schema's own tables: the planner then knows their size and uses the index", async () => {
    const fresh = await freshSchema('maint');
    const db = (await openSqlClient(fresh.url)) as PostgresClient;
    try {
      await db.query('CREATE TABLE ev (id bigserial PRIMARY KEY, stream text NOT NULL, body text NOT NULL)');
      await db.query('CREATE INDEX ev_stream ON ev (stream)');
      await db.query(
        `INSERT INTO ev (stream, body) SELECT 's-' || g, repeat('x', 300) FROM generate_series(1, 20000) g`,
      );
      const planOf = async () =>
        (
          await db.query<{ 'QUERY PLAN': string }>(
            `EXPLAIN SELECT * FROM ev WHERE stream = ANY($1::text[])`,
            [['s-1', 's-2']],
          )
        ).rows
          .map((r) => r['QUERY PLAN'])
          .join('\n');
      const { rows: autovacuum } = await db.query<{ autovacuum: string }>('SHOW autovacuum');
      // Without `force` it runs exactly when the server leaves it undone.
      expect(await db.maintain()).toBe(autovacuum[0].autovacuum === 'off');
      expect(await db.maintain(true)).toBe(true);
      const { rows } = await db.query<{ analyzed: boolean; tuples: number }>(
        `SELECT s.last_analyze IS NOT NULL AS analyzed, c.reltuples::int AS tuples
         FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
         WHERE s.schemaname = $1 AND s.relname = 'ev'`,
        [fresh.schema],
      );
      expect(rows[0]).toEqual({ analyzed: true, tuples: 20000 });
      expect(await planOf()).toMatch(/Index Scan|Bitmap Index Scan/);
    } finally {
      await db.close();
      await fresh.drop();
    }
  });
});
