import { PGliteClient } from './sql-client';

/**
 * PGlite runs PostgreSQL in single-user mode, where autovacuum never runs: a table rewritten
 * again and again (a read model updated once per contribution period) keeps every dead version
 * unless the client vacuums it.
 */
describe('PGlite maintenance', () => {
  async function sizeAfterRewrites(vacuum: boolean): Promise<number> {
    const db = await PGliteClient.open('memory://');
    try {
      await db.exec(`CREATE TABLE t (id int PRIMARY KEY, v text);
        INSERT INTO t SELECT g, repeat('x', 200) FROM generate_series(1, 5000) g`);
      for (let round = 0; round < 6; round++) {
        await db.query(`UPDATE t SET v = repeat($1, 200)`, [String(round)]);
        if (vacuum) await db.maintain();
      }
      const { rows } = await db.query<{ bytes: number }>(`SELECT pg_relation_size('t')::int AS bytes`);
      const { rows: count } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM t');
      expect(count[0].n).toBe(5000);
      return rows[0].bytes;
    } finally {
      await db.close();
    }
  }

  it('vacuums, so rewritten rows reuse the space of their dead versions', async () => {
    const without = await sizeAfterRewrites(false);
    const withMaintenance = await sizeAfterRewrites(true);
    expect(withMaintenance).toBeLessThan(without / 2);
  });
});
