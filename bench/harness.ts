import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshSchema } from '../libs/testing/src/postgres';

/** One row of the printed table. */
export interface BenchRow {
  suite: string;
  metric: string;
  value: number;
  unit: string;
  /** e.g. "0.74× baseline" — ratios are only quoted between figures of the same run. */
  note?: string;
}

export interface BenchContext {
  /** A fresh PostgreSQL schema; dropped when the run ends. */
  postgresUrl(): Promise<string>;
  /** A fresh PGlite directory; removed when the run ends. */
  pgliteUrl(): string;
  row(row: Omit<BenchRow, 'suite'>): void;
  /** Scale factor from BENCH_SCALE (default 1); CI may run smaller. */
  scale: number;
  args: string[];
}

/** A suite returns the JSON it contributes under its own key in bench/results/latest.json. */
export interface BenchSuite {
  name: string;
  run(ctx: BenchContext): Promise<Record<string, unknown>>;
}

export function createContext(
  suite: string,
  rows: BenchRow[],
  cleanups: Array<() => Promise<void>>,
  args: string[],
): BenchContext {
  return {
    scale: Number(process.env.BENCH_SCALE ?? 1),
    args,
    async postgresUrl() {
      const s = await freshSchema('bench');
      cleanups.push(s.drop);
      return s.url;
    },
    pgliteUrl() {
      const dir = mkdtempSync(join(tmpdir(), 'bench-pglite-'));
      cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
      return `pglite://${dir}`;
    },
    row(r) {
      rows.push({ suite, ...r });
      const note = r.note ? `  (${r.note})` : '';
      console.log(
        `  ${suite.padEnd(14)} ${r.metric.padEnd(38)} ${fmt(r.value).padStart(12)} ${r.unit}${note}`,
      );
    },
  };
}

export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2);
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const start = process.hrtime.bigint();
  const result = await fn();
  return { result, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}
