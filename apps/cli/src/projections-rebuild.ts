/**
 * Rebuilds read models from the event store:
 *
 *   projections:rebuild -- <name> [<name> …] | --all [--batch-size N]
 *
 * Fresh tables are filled from position 0 while the live ones keep serving, then swapped in with
 * their checkpoint in one transaction; a running projector continues from the swapped checkpoint.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { UPCASTERS } from '@app/features';
import { ALL_PROJECTIONS, rebuildProjections } from '@app/read-models';
import { cliConfig, fail, openReadModels, openStore } from './cli-support';

export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      all: { type: 'boolean' },
      'batch-size': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  const known = ALL_PROJECTIONS.map((p) => p.name);
  if (values.help || (!values.all && positionals.length === 0)) {
    process.stdout.write(
      `usage: npm run projections:rebuild -- <name> [<name> …] | --all\nprojections: ${known.join(', ')}\n`,
    );
    return values.help ? 0 : 2;
  }
  const unknown = positionals.filter((n) => !known.includes(n));
  if (unknown.length) throw new Error(`unknown projection ${unknown.join(', ')}; known: ${known.join(', ')}`);
  const batchSize = values['batch-size'] ? Number(values['batch-size']) : undefined;
  if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1))
    throw new Error('--batch-size must be a whole number >= 1');
  const projections = values.all
    ? ALL_PROJECTIONS
    : ALL_PROJECTIONS.filter((p) => positionals.includes(p.name));

  const config = cliConfig();
  const store = await openStore(config, UPCASTERS);
  const db = await openReadModels(config);
  try {
    let reported = 0;
    const result = await rebuildProjections(store, db, projections, {
      batchSize,
      onProgress: ({ eventsRead }) => {
        if (eventsRead - reported >= 50_000) {
          reported = eventsRead;
          process.stderr.write(`  ${eventsRead} events read\n`);
        }
      },
    });
    process.stdout.write(
      `${JSON.stringify({ ...result, eventsPerSecond: Math.round(result.eventsRead / Math.max(result.seconds, 1e-6)) }, null, 2)}\n`,
    );
    return 0;
  } finally {
    await store.close();
    await db.close();
  }
}

if (require.main === module) {
  main().then(
    (code) => (process.exitCode = code),
    (error) => fail('projections:rebuild', error),
  );
}
