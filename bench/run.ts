import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus } from 'node:os';
import { BenchRow, createContext, fmt } from './harness';
import { SUITES } from './suites';
import { runProgrammeYear } from './scenario/programme-year';
import { runLoadTest } from './scenario/load-test';

/**
 * `npm run bench [-- suite…]`: runs the suites, prints a table and writes
 * bench/results/latest.json. Ratios compare figures measured in this same run.
 */
async function main() {
  const args = process.argv.slice(2);
  const scenario = args.find((a) => a.startsWith('--scenario'));
  if (scenario) {
    const name = scenario.includes('=') ? scenario.split('=')[1] : args[args.indexOf(scenario) + 1];
    if (name === 'programme-year') await runProgrammeYear(args);
    else if (name === 'load') await runLoadTest(args);
    else throw new Error(`Unknown scenario ${name}: programme-year or load`);
    return;
  }
  const only = args.filter((a) => !a.startsWith('--'));
  const rows: BenchRow[] = [];
  const results: Record<string, unknown> = {
    meta: { startedAt: new Date().toISOString(), node: process.version, cpus: cpus().length },
  };
  console.log('suite          metric                                        value unit');
  for (const suite of SUITES) {
    if (only.length && !only.includes(suite.name)) continue;
    const cleanups: Array<() => Promise<void>> = [];
    try {
      results[suite.name] = await suite.run(createContext(suite.name, rows, cleanups, args));
    } catch (e) {
      console.error(`suite ${suite.name} failed:`, e);
      results[suite.name] = { error: (e as Error).message };
      process.exitCode = 1;
    } finally {
      for (const c of cleanups.reverse()) await c().catch(() => undefined);
    }
  }
  const dir = join(__dirname, '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'latest.json');
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  console.log(`\n${rows.length} figures; written to ${file}`);
  void fmt;
}

void main();
