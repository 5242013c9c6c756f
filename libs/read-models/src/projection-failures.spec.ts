import { Logger } from '@nestjs/common';
import { openSqlClient, SqlClient, SqlEventStore } from '@app/event-store';
import { freshSchema } from '@app/testing';
import { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';

/** Records every event it applies; cannot apply a `Poison` event while `refuse` is set. */
let refuse = true;
const applied: Projection = {
  name: 'applied',
  tables: ['applied'],
  schema: (t) => `CREATE TABLE IF NOT EXISTS ${t.applied} (position bigint PRIMARY KEY)`,
  apply: async (tx, events, t) => {
    for (const e of events) {
      if (refuse && e.type === 'Poison') throw new Error('cannot read this event');
      await tx.query(`INSERT INTO ${t.applied} (position) VALUES ($1)`, [e.position]);
    }
  },
};

async function until<T>(value: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await value();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a projection that cannot apply an event names it (PostgreSQL)', () => {
  let drop: () => Promise<void>;
  let sql: SqlClient;
  let store: SqlEventStore;
  let runner: ProjectionRunner;

  beforeAll(async () => {
    const schema = await freshSchema('projfail');
    drop = schema.drop;
    sql = await openSqlClient(schema.url);
    store = await SqlEventStore.create(sql, { pollMs: 50 });
  });
  afterAll(async () => {
    await runner?.stop();
    await store.close();
    await drop();
  });

  it('records position, stream, type and error, logs them, keeps the batch unapplied, and clears once it applies', async () => {
    const errors: string[] = [];
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation((m: unknown) => {
      errors.push(String(m));
    });
    const ctx = { actor: 'test', correlationId: 'test' };
    await store.append('s-1', [{ type: 'Fine', data: {} }], 'no_stream', ctx);
    const poison = await store.append('s-2', [{ type: 'Poison', data: {} }], 'no_stream', ctx);
    await store.append('s-3', [{ type: 'Fine', data: {} }], 'no_stream', ctx);

    runner = new ProjectionRunner(store, sql, [applied], { batchSize: 100 });
    await runner.start();
    const failure = await until(async () => {
      const { rows } = await sql.query<Record<string, unknown>>(
        "SELECT position, stream_id, event_type, error FROM projection_failures WHERE name = 'applied'",
      );
      return rows[0];
    });
    expect({ ...failure, position: Number(failure.position) }).toEqual({
      position: Number(poison.position),
      stream_id: 's-2',
      event_type: 'Poison',
      error: 'cannot read this event',
    });
    expect(errors.join('\n')).toContain(
      `projection applied cannot apply event ${poison.position} (Poison on s-2): cannot read this event`,
    );
    // The failed batch as a whole is not applied, as a batch always is: all or nothing.
    expect((await sql.query('SELECT position FROM rm_applied')).rows).toEqual([]);

    refuse = false;
    await until(async () => {
      const { rows } = await sql.query("SELECT 1 FROM projection_failures WHERE name = 'applied'");
      return rows.length === 0 ? true : undefined;
    });
    await runner.caughtUp();
    expect((await sql.query('SELECT position FROM rm_applied')).rows).toHaveLength(3);
    logged.mockRestore();
  });
});
