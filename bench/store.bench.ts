import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { openSqlClient, SqlClient, SqlEventStore } from '@app/event-store';
import { BenchContext, BenchSuite, timed } from './harness';

const ctx = { actor: 'bench', correlationId: 'bench' };
const payload = (i: number) => ({
  memberId: randomUUID(),
  period: '2026-01',
  paidOn: '2026-01-10',
  amount: 16_800,
  i,
});

/** The same rows, plain INSERTs with none of the store's checks: the baseline. */
const BASELINE_DDL = `CREATE TABLE IF NOT EXISTS bench_plain (
  id bigserial PRIMARY KEY, event_id uuid NOT NULL, stream_id text NOT NULL, type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL)`;

async function baseline(sql: SqlClient, singles: number, batches: number) {
  await sql.exec(BASELINE_DDL);
  const meta = JSON.stringify({
    actor: 'bench',
    correlationId: 'bench',
    schemaVersion: 1,
    recordedAt: new Date().toISOString(),
  });
  const single = await timed(async () => {
    for (let i = 0; i < singles; i++) {
      await sql.query(
        'INSERT INTO bench_plain (event_id, stream_id, type, data, metadata) VALUES ($1, $2, $3, $4, $5)',
        [randomUUID(), `member-${i}`, 'ContributionMonthPaid', JSON.stringify(payload(i)), meta],
      );
    }
  });
  const batch = await timed(async () => {
    for (let b = 0; b < batches; b++) {
      const values: unknown[] = [];
      const tuples: string[] = [];
      for (let i = 0; i < 100; i++) {
        const p = values.length;
        tuples.push(`($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5})`);
        values.push(randomUUID(), `batch-${b}`, 'ContributionMonthPaid', JSON.stringify(payload(i)), meta);
      }
      await sql.query(
        `INSERT INTO bench_plain (event_id, stream_id, type, data, metadata) VALUES ${tuples.join(', ')}`,
        values,
      );
    }
  });
  return { singlePerSec: singles / single.seconds, batchEventsPerSec: (batches * 100) / batch.seconds };
}

async function measure(name: 'postgres' | 'pglite', url: string, b: BenchContext) {
  const singles = Math.round((name === 'postgres' ? 3000 : 2000) * b.scale);
  const batches = Math.round(100 * b.scale);
  const sql = await openSqlClient(url);
  const store = await SqlEventStore.create(sql);
  // Warm up both paths so neither pays connection set-up inside the timing.
  for (let i = 0; i < 20; i++)
    await store.append(`warm-${i}`, [{ type: 'Warm', data: {} }], 'no_stream', ctx);
  const base = await baseline(sql, singles, batches);

  const single = await timed(async () => {
    for (let i = 0; i < singles; i++) {
      await store.append(
        `member-${i}`,
        [{ type: 'ContributionMonthPaid', data: payload(i) }],
        'no_stream',
        ctx,
      );
    }
  });
  const batch = await timed(async () => {
    for (let s = 0; s < batches; s++) {
      const events = Array.from({ length: 100 }, (_, i) => ({
        type: 'ContributionMonthPaid',
        data: payload(i),
      }));
      await store.append(`payment-${s}`, events, 'no_stream', ctx);
    }
  });
  const total = singles + batches * 100 + 20;
  const read = await timed(async () => {
    let after = 0;
    let n = 0;
    for (;;) {
      const page = await store.readAll({ after, limit: 1000 });
      if (!page.length) break;
      n += page.length;
      after = page[page.length - 1].position;
    }
    return n;
  });
  const verify = await timed(() => store.verify());
  await store.close();

  const appendsPerSec = singles / single.seconds;
  const batchEventsPerSec = (batches * 100) / batch.seconds;
  const readPerSec = read.result / read.seconds;
  b.row({
    metric: `${name} append 1-event tx`,
    value: appendsPerSec,
    unit: 'events/s',
    note: `${(appendsPerSec / base.singlePerSec).toFixed(2)}× plain INSERT`,
  });
  b.row({ metric: `${name} plain INSERT (baseline)`, value: base.singlePerSec, unit: 'rows/s' });
  b.row({
    metric: `${name} append batches of 100`,
    value: batchEventsPerSec,
    unit: 'events/s',
    note: `${(batchEventsPerSec / base.batchEventsPerSec).toFixed(2)}× plain multi-row INSERT`,
  });
  b.row({ metric: `${name} plain INSERT ×100 (baseline)`, value: base.batchEventsPerSec, unit: 'rows/s' });
  b.row({
    metric: `${name} catch-up read`,
    value: readPerSec,
    unit: 'events/s',
    note: `${read.result} events`,
  });
  b.row({
    metric: `${name} hash verification`,
    value: verify.result.eventsChecked / verify.seconds,
    unit: 'events/s',
  });
  return {
    appendsPerSec,
    baselineAppendsPerSec: base.singlePerSec,
    appendRatio: appendsPerSec / base.singlePerSec,
    batchAppendEventsPerSec: batchEventsPerSec,
    baselineBatchEventsPerSec: base.batchEventsPerSec,
    readPerSec,
    verifyPerSec: verify.result.eventsChecked / verify.seconds,
    events: total,
  };
}

export const storeSuite: BenchSuite = {
  name: 'store',
  async run(b) {
    const postgres = await measure('postgres', await b.postgresUrl(), b);
    const pglite = await measure('pglite', b.pgliteUrl(), b);
    return { postgres, pglite };
  },
};

void Client;
