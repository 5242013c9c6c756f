/**
 * The auditor's command line, on the stores the service uses (EVENT_STORE_URL):
 *
 *   audit verify [--stream <id>]                      recompute every hash; exit 1 on a mismatch
 *   audit replay --until <instant> [--claim <id> | --member <id>] [--views]
 *                                                     a claim or member as known at the instant, or
 *                                                     a summary of the whole register (--views: every
 *                                                     view as a JSON line)
 *   audit export --stream <id> [--current]            the stream's history as JSON lines, as stored
 *                                                     (hashes verifiable offline); --current: upcast
 *   audit explain --claim <id>                        how every rupiah of the claim came to be (text)
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { EventStore, RecordedEvent } from '@app/event-store';
import { UPCASTERS } from '@app/features';
import { parseInstant, replayClaimAsOf, replayMemberAsOf, replayUntil } from '@app/read-models';
import { cliConfig, fail, openStore } from './cli-support';
import { explain } from './audit-explain';

const USAGE = `usage:
  npm run audit -- verify [--stream <id>]
  npm run audit -- replay --until <instant> [--claim <id> | --member <id>] [--views]
  npm run audit -- export --stream <id> [--current]
  npm run audit -- explain --claim <id>
`;

const out = (line: string) => process.stdout.write(`${line}\n`);

async function verify(store: EventStore, stream?: string): Promise<number> {
  const result = await store.verify(stream ? { streamId: stream } : {});
  out(JSON.stringify(result, null, 2));
  return result.ok ? 0 : 1;
}

async function replay(
  store: EventStore,
  until: Date,
  target: { claim?: string; member?: string },
  views: boolean,
): Promise<number> {
  if (target.claim || target.member) {
    const view = target.claim
      ? await replayClaimAsOf(store, target.claim, until)
      : await replayMemberAsOf(store, target.member!, until);
    if (!view) {
      process.stderr.write(
        `${target.claim ? `claim ${target.claim}` : `member ${target.member}`} did not exist at ${until.toISOString()}\n`,
      );
      return 1;
    }
    out(JSON.stringify(view, null, 2));
    return 0;
  }
  const summary = await replayUntil(store, until, views ? (v) => out(JSON.stringify(v)) : undefined);
  (views ? process.stderr : process.stdout).write(`${JSON.stringify(summary, null, 2)}\n`);
  return 0;
}

function exported(e: RecordedEvent) {
  const { position, eventId, streamId, revision, type, data, metadata, hash, prevHash } = e;
  return { position, eventId, streamId, revision, type, data, metadata, hash, prevHash };
}

async function exportStream(store: EventStore, stream: string): Promise<number> {
  const events = await store.readStream(stream);
  if (events.length === 0) {
    process.stderr.write(`no events in stream ${stream}\n`);
    return 1;
  }
  for (const e of events) out(JSON.stringify(exported(e)));
  return 0;
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      stream: { type: 'string' },
      until: { type: 'string' },
      claim: { type: 'string' },
      member: { type: 'string' },
      views: { type: 'boolean' },
      current: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  const [command] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return command || values.help ? 0 : 2;
  }
  if (command === 'replay') {
    const until = parseInstant(values.until);
    if (!until)
      throw new Error('--until must be an ISO 8601 instant with its zone, e.g. 2026-03-01T09:30:00Z');
    if (values.claim && values.member) throw new Error('give --claim or --member, not both');
  } else if (command === 'export') {
    if (!values.stream) throw new Error('--stream <id> is required');
  } else if (command === 'explain') {
    if (!values.claim) throw new Error('--claim <id> is required');
  } else if (command !== 'verify') {
    throw new Error(`unknown command "${command}"\n${USAGE}`);
  }

  // Export shows the stored bytes unless asked for the current schema; the rest read as the service does.
  const store = await openStore(cliConfig(), command === 'export' && !values.current ? undefined : UPCASTERS);
  try {
    if (command === 'verify') return await verify(store, values.stream);
    if (command === 'replay') return await replay(store, parseInstant(values.until)!, values, !!values.views);
    if (command === 'explain')
      return await explain(store, values.claim!, (text) => process.stdout.write(text));
    return await exportStream(store, values.stream!);
  } finally {
    await store.close();
  }
}

if (require.main === module) {
  main().then(
    (code) => (process.exitCode = code),
    (error) => fail('audit', error),
  );
}
