import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshSchema } from '@app/testing';
import { openSqlClient } from './sql-client';
import { SqlEventStore } from './sql-event-store';

const ctx = { actor: 'migration-test', correlationId: 'corr-m' };
// Keys jsonb reorders (shorter keys first), nested values, text outside ASCII, numbers.
const payload = (i: number) => ({
  zebra: i,
  a: { longerKey: [1, 2.5, 'x'], b: null },
  nama: 'Siti Nurhaliza — ahli waris',
  amount: 16800 * i,
  ratio: 0.1 + 0.2,
});

async function columnTypes(store: SqlEventStore): Promise<Record<string, string>> {
  const { rows } = await store.sql.query<{ column_name: string; data_type: string }>(
    `SELECT column_name, data_type FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = 'es_events' AND column_name IN ('data', 'metadata')`,
  );
  return Object.fromEntries(rows.map((r) => [r.column_name, r.data_type]));
}

/**
 * A store whose events table still has the `jsonb` columns of earlier versions (events written
 * before and through the old columns) is migrated when it opens: nothing lost, every hash verifies,
 * and appends continue the chains.
 */
describe.each(['pglite', 'postgres'])('events table migration on %s', (kind) => {
  let url: string;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    if (kind === 'pglite') {
      const dir = mkdtempSync(join(tmpdir(), 'es-migrate-'));
      url = `pglite://${dir}`;
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    } else {
      const s = await freshSchema('esmig');
      url = s.url;
      cleanup = s.drop;
    }
  });
  afterEach(async () => cleanup());

  it('turns jsonb data and metadata into json, keeping every event and hash', async () => {
    const old = await SqlEventStore.create(await openSqlClient(url));
    await old.append('member-a', [{ type: 'Written', data: payload(1) }], 'no_stream', ctx);
    // The events table as earlier versions created it: data and metadata as jsonb.
    await old.sql.query(
      'ALTER TABLE es_events ALTER COLUMN data TYPE jsonb USING data::jsonb, ALTER COLUMN metadata TYPE jsonb USING metadata::jsonb',
    );
    expect(await columnTypes(old)).toEqual({ data: 'jsonb', metadata: 'jsonb' });
    // Events written through the jsonb columns, as the earlier code wrote them.
    await old.append('member-a', [{ type: 'Written', data: payload(2) }], 0, ctx);
    await old.append(
      'member-b',
      [1, 2, 3].map((i) => ({ type: 'Written', data: payload(i) })),
      'no_stream',
      ctx,
    );
    const before = await old.readAll({ limit: 100 });
    expect(before).toHaveLength(5);
    await old.close();

    const store = await SqlEventStore.create(await openSqlClient(url));
    try {
      expect(await columnTypes(store)).toEqual({ data: 'json', metadata: 'json' });
      const after = await store.readAll({ limit: 100 });
      expect(after).toEqual(before);
      expect(await store.verify()).toEqual({ eventsChecked: 5, ok: true });
      // The chains continue from the migrated heads.
      await store.append('member-a', [{ type: 'Written', data: payload(4) }], 1, ctx);
      await store.append('member-c', [{ type: 'Written', data: payload(5) }], 'no_stream', ctx);
      expect(await store.verify()).toEqual({ eventsChecked: 7, ok: true });
      expect((await store.readStream('member-a')).map((e) => e.data)).toEqual([1, 2, 4].map(payload));
    } finally {
      await store.close();
    }

    // Opening again finds nothing to migrate, and a tampered row is still caught.
    const again = await SqlEventStore.create(await openSqlClient(url));
    try {
      expect(await columnTypes(again)).toEqual({ data: 'json', metadata: 'json' });
      await again.sql.query(
        `UPDATE es_events SET data = jsonb_set(data::jsonb, '{amount}', '1') WHERE global_position = 2`,
      );
      expect(await again.verify()).toMatchObject({ ok: false, firstMismatch: { position: 2 } });
    } finally {
      await again.close();
    }
  });
});
