import { readFileSync } from 'node:fs';

/**
 * `node dist/bench/scenario/profile-summary.js <file.cpuprofile> [--from=S] [--to=S]`: self time
 * per function and per package, the table bench/README.md quotes. `--from`/`--to` keep the
 * samples taken between S seconds after the profile started (one phase of a scenario).
 */
interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: Node[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

function area(url: string): string {
  if (!url) return '(native / idle / gc)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  const own = /dist\/(libs|apps)\/([^/]+)/.exec(url);
  if (own) return `${own[1]}/${own[2]}`;
  if (url.startsWith('node:')) return 'node core';
  return url.split('/').slice(-2).join('/');
}

const file = process.argv[2];
const seconds = (flag: string, otherwise: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${flag}=`))?.split('=')[1] ?? otherwise);
const from = seconds('from', 0) * 1e6;
const to = seconds('to', Infinity) * 1e6;
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
let at = 0;
profile.samples.forEach((id, i) => {
  const delta = profile.timeDeltas[i] ?? 0;
  at += delta;
  if (at >= from && at <= to) selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
});
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
const fn = new Map<string, number>();
const pkg = new Map<string, number>();
for (const [id, us] of selfUs) {
  const n = byId.get(id)!;
  const name = `${n.callFrame.functionName || '(anonymous)'} ${area(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  fn.set(name, (fn.get(name) ?? 0) + us);
  const a = area(n.callFrame.url);
  pkg.set(a, (pkg.get(a) ?? 0) + us);
}
const pct = (us: number) => `${((100 * us) / total).toFixed(1)}%`.padStart(6);
console.log(
  `profile ${file}: ${(total / 1e6).toFixed(1)} s sampled${from > 0 || to < Infinity ? ` (from ${from / 1e6} s to ${to / 1e6} s)` : ''}\n\nby area:`,
);
[...pkg]
  .sort((a, b) => b[1] - a[1])
  .slice(0, 15)
  .forEach(([k, v]) => console.log(`${pct(v)}  ${k}`));
console.log('\ntop functions (self time):');
[...fn]
  .sort((a, b) => b[1] - a[1])
  .slice(0, 25)
  .forEach(([k, v]) => console.log(`${pct(v)}  ${k}`));
