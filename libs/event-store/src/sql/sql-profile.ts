import { writeFileSync } from 'node:fs';

/**
 * A statement profile for performance work: once `profileSqlTo` names a file (SQL_PROFILE_FILE), every statement's count
 * and total time (from call to answer, so waiting behind PGlite's single connection counts) are
 * summed by statement text and written to that file every few seconds, slowest first. Off by
 * default; costs one Map update per statement when on.
 */
let file: string | undefined;

const stats = new Map<string, { calls: number; ms: number; rows: number }>();

/**
 * Turns the profile on (SQL_PROFILE_FILE in the configuration), from zero: a second call starts
 * a new profile (a benchmark profiling one phase); off when `path` is unset.
 */
export function profileSqlTo(path: string | undefined): void {
  file = path;
  stats.clear();
}
let timer: NodeJS.Timeout | undefined;

function write(): void {
  const lines = [...stats]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, 60)
    .map(
      ([sql, s]) =>
        `${s.ms.toFixed(0).padStart(9)} ms ${String(s.calls).padStart(8)} calls ${String(s.rows).padStart(9)} rows  ${sql}`,
    );
  writeFileSync(file!, lines.join('\n') + '\n');
}

export async function profiled<T extends { rows: unknown[] }>(
  sql: string,
  run: () => Promise<T>,
): Promise<T> {
  if (!file) return run();
  timer ??= setInterval(write, 5000).unref();
  const started = performance.now();
  const result = await run();
  const key = sql.replace(/\s+/g, ' ').trim().slice(0, 140);
  const s = stats.get(key) ?? { calls: 0, ms: 0, rows: 0 };
  s.calls += 1;
  s.ms += performance.now() - started;
  s.rows += result.rows.length;
  stats.set(key, s);
  return result;
}
