/**
 * Writes a seeded P3KE roster CSV for the import (docs/api.md `POST /api/members/imports`).
 *
 *   roster-generate --rows 45000 --seed 1 [--invalid-rate 0.01] [--duplicate-rate 0.01] [--out roster.csv]
 *
 * The CSV goes to --out (default stdout); what an import into an empty register must report goes
 * to stderr as JSON. Node built-ins only.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generateRoster, toCsv } from '@app/roster';

function numberOption(value: string | undefined, name: string, fallback: number, integer = false): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < 0) {
    throw new Error(`--${name} must be a ${integer ? 'whole ' : ''}number >= 0, got "${value}"`);
  }
  return n;
}

export function main(argv: string[] = process.argv.slice(2)): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      rows: { type: 'string', default: '45000' },
      seed: { type: 'string', default: '1' },
      'invalid-rate': { type: 'string' },
      'duplicate-rate': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(
      'usage: roster-generate --rows N --seed S [--invalid-rate R] [--duplicate-rate R] [--out file.csv]\n',
    );
    return 0;
  }
  const invalidRate = numberOption(values['invalid-rate'], 'invalid-rate', 0);
  const duplicateRate = numberOption(values['duplicate-rate'], 'duplicate-rate', 0);
  if (invalidRate + duplicateRate > 1) throw new Error('--invalid-rate + --duplicate-rate must not exceed 1');

  const roster = generateRoster({
    rows: numberOption(values.rows, 'rows', 45_000, true),
    seed: numberOption(values.seed, 'seed', 1, true),
    invalidRate,
    duplicateRate,
  });
  const csv = toCsv(roster.rows);
  if (values.out) writeFileSync(values.out, csv, 'utf8');
  else process.stdout.write(csv);
  process.stderr.write(`${JSON.stringify({ total: roster.rows.length, expected: roster.expected })}\n`);
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main();
  } catch (error) {
    process.stderr.write(`roster-generate: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
}
