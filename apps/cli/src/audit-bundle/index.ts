import { existsSync } from 'node:fs';
import { UpcasterRegistry } from '@app/event-store';
import { loadConfig } from '@app/platform';
import { parseInstant } from '@app/read-models';
import { openStore } from '../cli-support';
import { exportBundle } from './export';
import { formatReport, reperformBundle } from './reperform';
import { loadSigningKey, readPublicKey } from './signing-key';

export { exportBundle } from './export';
export { formatReport, reperformBundle } from './reperform';

const instant = (name: string, raw: string | undefined): Date | undefined => {
  if (raw === undefined) return undefined;
  const at = parseInstant(raw);
  if (!at) throw new Error(`--${name} must be an ISO 8601 instant with its zone, e.g. 2026-03-01T00:00:00Z`);
  return at;
};

/** `audit export --out <dir> [--from] [--to]`: the bundle, signed with AUDIT_SIGNING_KEY_FILE. */
export async function exportAuditBundle(args: { out?: string; from?: string; to?: string }): Promise<number> {
  if (!args.out) throw new Error('--out <dir> is required');
  const from = instant('from', args.from);
  const to = instant('to', args.to);
  if (from && to && from >= to) throw new Error('--from must be before --to');
  const config = loadConfig(undefined, { signsTokens: false, signsAuditBundles: true });
  // The store first: a PGlite directory the service holds is refused before anything is written.
  const store = await openStore(config);
  try {
    const key = loadSigningKey(config.auditSigningKeyFile, config.auditSigningKeyGenerated);
    if (config.auditSigningKeyGenerated)
      process.stderr.write(
        `audit: ${key.generated ? 'generated' : 'signing with'} the development signing key ${key.file} ` +
          `(set AUDIT_SIGNING_KEY_FILE in production)\n`,
      );
    const started = process.hrtime.bigint();
    const summary = await exportBundle(store, { out: args.out, from, to, key, now: new Date() });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    process.stdout.write(`${JSON.stringify({ ...summary, seconds }, null, 2)}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

/** `audit reperform --bundle <dir> --public-key <file>`: offline; exit 1 on any problem. */
export async function reperformAuditBundle(
  bundle: string | undefined,
  publicKeyFile: string | undefined,
  upcasters: UpcasterRegistry,
): Promise<number> {
  if (!bundle || !publicKeyFile) throw new Error('--bundle <dir> and --public-key <file> are required');
  if (!existsSync(bundle)) throw new Error(`--bundle ${bundle} does not exist`);
  if (!existsSync(publicKeyFile)) throw new Error(`--public-key ${publicKeyFile} does not exist`);
  const report = await reperformBundle(bundle, readPublicKey(publicKeyFile), { upcasters });
  process.stdout.write(formatReport(report));
  return report.problems.length === 0 ? 0 : 1;
}
