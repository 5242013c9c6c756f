/**
 * Compares the bank's side with the payout streams and reports missing, duplicated or
 * mismatched transfers (issue 6).
 *
 *   payouts:reconcile [--statement statement.csv] [--bank-url http://…] [--json]
 *
 * The payouts come from EVENT_STORE_URL. The bank's side is, in order of preference: a statement
 * CSV (header bankReference,idempotencyKey,amount[,payeeName,bookedAt]); the ledger of a running
 * sandbox bank (--bank-url, its GET /transfers, with PAYOUT_GATEWAY_TOKEN); or the sandbox ledger
 * table in READ_MODEL_URL.
 * PGlite is one process: an embedded directory the service holds is refused; stop the service first.
 * Exit code 0: clean; 1: discrepancies; 2: the reconciliation could not run.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openEventStore, openSqlClient, SqlEventStore } from '@app/event-store';
import { loadConfig } from '@app/platform/config';
import { Queue } from 'bullmq';
import { AppConfig } from '@app/platform/config';
import { PayoutState } from '@app/domain/payouts';
import {
  LedgerEntry,
  loadPayoutStates,
  parseStatementCsv,
  PAYOUT_QUEUE,
  payoutsWithoutLiveJob,
  readSandboxLedger,
  reconcilePayouts,
  StatementEntry,
} from '@app/payouts';

/** Unsettled payouts the queue holds no live job for; undefined (and a note) when Redis cannot say. */
async function lostJobs(config: AppConfig, payouts: PayoutState[]): Promise<Set<string> | undefined> {
  if (payouts.every((p) => p.status === 'PAID' || p.status === 'DEAD_LETTER')) return new Set();
  const queue = new Queue(PAYOUT_QUEUE, {
    connection: {
      url: config.redisUrl,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      retryStrategy: () => null,
    },
    prefix: config.queuePrefix,
  });
  queue.on('error', () => undefined); // reported below
  try {
    return await payoutsWithoutLiveJob(queue, payouts);
  } catch (e) {
    process.stderr.write(
      `payouts:reconcile: cannot read the payout queue (${(e as Error).message}); stuck payouts not told apart\n`,
    );
    return undefined;
  } finally {
    // Closing a connection Redis already dropped rejects; the report does not depend on it.
    await queue.close().catch(() => undefined);
  }
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      statement: { type: 'string' },
      'bank-url': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(
      'usage: payouts:reconcile [--statement file.csv] [--bank-url http://sandbox] [--json]\n',
    );
    return 0;
  }
  const config = loadConfig();
  const store = await openEventStore(config.eventStoreUrl);
  try {
    const payouts = await loadPayoutStates(store);
    let statement: StatementEntry[];
    let source: string;
    if (values.statement) {
      statement = parseStatementCsv(readFileSync(values.statement, 'utf8'));
      source = values.statement;
    } else if (values['bank-url']) {
      const res = await fetch(`${values['bank-url'].replace(/\/+$/, '')}/transfers`, {
        headers: config.payoutGatewayToken ? { authorization: `Bearer ${config.payoutGatewayToken}` } : {},
      });
      if (!res.ok) throw new Error(`the bank answered ${res.status} for its ledger`);
      statement = ((await res.json()) as { items: LedgerEntry[] }).items;
      source = values['bank-url'];
    } else {
      // With PGlite the read models share the event store's handle: reuse it rather than open the directory twice.
      if (config.readModelUrl === config.eventStoreUrl && store instanceof SqlEventStore) {
        statement = await readSandboxLedger(store.sql);
      } else {
        const db = await openSqlClient(config.readModelUrl);
        statement = await readSandboxLedger(db).finally(() => db.close());
      }
      source = 'sandbox ledger (sandbox_bank_transfers)';
    }
    const report = reconcilePayouts(payouts, statement, await lostJobs(config, payouts));
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ source, ...report }, null, 2)}\n`);
    } else {
      const s = report.summary;
      process.stdout.write(
        `reconciled ${s.payouts} payouts against ${s.transfers} transfers (${source})\n` +
          `  paid ${s.paid}, matched ${s.matched}, dead-lettered ${s.deadLettered}, in progress ${s.inProgress}` +
          `${s.stuck === undefined ? '' : `, stuck without a job ${s.stuck}`}\n`,
      );
      for (const d of report.discrepancies)
        process.stdout.write(`  ${d.kind.padEnd(20)} ${d.payoutId}  ${d.detail}\n`);
      process.stdout.write(
        report.clean
          ? 'clean: nothing missing, duplicated or mismatched\n'
          : `${report.discrepancies.length} discrepancies\n`,
      );
    }
    return report.clean ? 0 : 1;
  } finally {
    await store.close();
  }
}

if (require.main === module) {
  main().then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`payouts:reconcile: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
