import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { generateRoster, mulberry32, toCsv } from '@app/roster';
import { addDays, addMonths, dateInJakarta, monthOf } from '@app/domain/shared/dates';
import { signToken } from '@app/platform/auth/sign';
import { openSqlClient } from '@app/event-store';
import { freshSchema } from '../../libs/testing/src/postgres';
import { ApiClient, pool } from './http-client';
import { ServiceProcess } from './service-process';

/**
 * One programme year, end to end over HTTP against the service as a real process:
 * import the roster, pay 12 months, submit and decide 3,000 claims, let the payouts finish,
 * rebuild every projection, verify every hash. Each phase's wall time and rate are recorded.
 */
export interface Phase {
  phase: string;
  seconds: number;
  count: number;
  unit: string;
  perSec: number;
}

interface MemberItem {
  memberId: string;
  coverageStart: string;
  declaredMonthlyIncome: number;
  heirs?: Array<{ heirId: string; fullName: string; relationship: string; birthDate?: string }>;
}

interface ClaimView {
  claimId: string;
  status: string;
  version: number;
  assessment: { eligible: boolean; reasons: Array<{ code: string }>; total: number };
}

const SUBMITTER = 'adj-submitter';

export async function programmeYear(
  store: 'pglite' | 'postgres',
  options: { members: number; claims: number; log: (s: string) => void; auditBundle?: boolean },
) {
  const rng = mulberry32(2026);
  // The port once came from this draw: it stays, so the year's data is as before. A seeded port
  // was the same in every run, and a concurrent run's service answered this run's requests.
  rng();
  const secret = randomBytes(16).toString('hex');
  const dataDir = mkdtempSync(join(tmpdir(), 'programme-year-'));
  let dropSchema: (() => Promise<void>) | undefined;
  let url = `pglite://${join(dataDir, 'store')}`;
  if (store === 'postgres') {
    const s = await freshSchema('year');
    url = s.url;
    dropSchema = s.drop;
  }
  const env = {
    PORT: String(await freePort()),
    EVENT_STORE_URL: url,
    READ_MODEL_URL: url,
    AUTH_JWT_SECRET: secret,
    QUEUE_PREFIX: `year-${randomBytes(3).toString('hex')}`,
  };
  const service = new ServiceProcess('embedded', env);
  const phases: Phase[] = [];
  const tok = (sub: string, roles: string[]) => signToken(secret, sub, roles as never);
  const phase = async <T>(name: string, unit: string, fn: () => Promise<{ count: number; result?: T }>) => {
    const start = process.hrtime.bigint();
    const { count, result } = await fn();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    phases.push({ phase: name, seconds, count, unit, perSec: count / seconds });
    options.log(
      `  ${store.padEnd(8)} ${name.padEnd(28)} ${seconds.toFixed(1).padStart(7)} s  ${count} ${unit} (${Math.round(count / seconds)}/s)`,
    );
    return result as T;
  };

  try {
    await phase('start service', 'process', async () => {
      await service.start(120_000);
      return { count: 1 };
    });
    const base = service.baseUrl;
    const officer = new ApiClient(base, tok('officer-1', ['enrollment-officer']));
    const finance = new ApiClient(base, tok('finance-1', ['finance-officer']));
    const submitter = new ApiClient(base, tok(SUBMITTER, ['adjudicator']));
    const approver = new ApiClient(base, tok('adj-approver', ['adjudicator']));
    const supervisor = new ApiClient(base, tok('sup-1', ['supervisor']));
    const auditor = new ApiClient(base, tok('auditor-1', ['auditor', 'finance-officer']));

    const today = dateInJakarta(new Date());
    const lastPeriod = monthOf(today);
    const firstPeriod = addMonths(lastPeriod, -11);

    // 1. Roster import.
    const roster = generateRoster({
      rows: options.members,
      seed: 45,
      invalidRate: 0.005,
      duplicateRate: 0.005,
      programmeStart: firstPeriod,
      referenceDate: `${firstPeriod}-01`,
    });
    const csv = toCsv(roster.rows);
    const imported = await phase('import roster', 'rows', async () => {
      const { importId } = await officer.expect<{ importId: string }>(
        202,
        'POST',
        '/api/members/imports',
        csv,
      );
      for (;;) {
        const s = await officer.expect<{
          status: string;
          total: number;
          enrolled: number;
          duplicates: number;
          rejected: number;
        }>(200, 'GET', `/api/members/imports/${importId}`);
        if (s.status === 'COMPLETED') {
          const { total, enrolled, duplicates, rejected } = s;
          return { count: total, result: { total, enrolled, duplicates, rejected } };
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    });

    // Members as the read model lists them, once it has caught up with the import (on a busy
    // machine the members projection can still be behind when the import reports COMPLETED, and
    // a payment posted then is refused with 503 READ_MODEL_BEHIND): the wait counts in this phase.
    const members: MemberItem[] = await phase('list members', 'members', async () => {
      const deadline = Date.now() + 5 * 60_000;
      for (;;) {
        const out: MemberItem[] = [];
        let cursor: string | null = null;
        do {
          const page: { items: MemberItem[]; nextCursor: string | null } = await officer.expect(
            200,
            'GET',
            `/api/members?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
          );
          out.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor);
        if (out.length >= imported.enrolled || Date.now() > deadline)
          return { count: out.length, result: out };
        await new Promise((r) => setTimeout(r, 500));
      }
    });

    // 2. Twelve monthly payments for every active member.
    const periodSeconds: number[] = [];
    await phase('post 12 periods', 'member-months', async () => {
      let covered = 0;
      for (let m = 0; m < 12; m++) {
        const started = Date.now();
        const period = addMonths(firstPeriod, m);
        const r = await finance.expect<{ membersCovered: number }>(
          201,
          'POST',
          '/api/contribution-payments',
          {
            period,
            paidOn: `${period}-05`,
            reference: `BPD-SUMSEL/${period}/${randomBytes(3).toString('hex')}`,
          },
        );
        covered += r.membersCovered;
        periodSeconds.push((Date.now() - started) / 1000);
        options.log(
          `           period ${period}: ${periodSeconds[m].toFixed(1)} s, ${r.membersCovered} members`,
        );
      }
      return { count: covered };
    });

    // Heirs for the members who will have death claims (a spouse and two school-age children).
    const deathMembers = members.filter((_, i) => i % 15 === 0).slice(0, Math.round(options.claims * 0.16));
    await phase('register heirs', 'members', async () => {
      await pool(deathMembers, 8, async (m) => {
        for (const heir of [
          { fullName: `Istri ${m.memberId.slice(0, 6)}`, relationship: 'SPOUSE' },
          { fullName: `Anak A ${m.memberId.slice(0, 6)}`, relationship: 'CHILD', birthDate: '2014-03-02' },
          { fullName: `Anak B ${m.memberId.slice(0, 6)}`, relationship: 'CHILD', birthDate: '2017-08-19' },
        ]) {
          await officer.expect([200, 201], 'POST', `/api/members/${m.memberId}/heirs`, heir);
        }
      });
      return { count: deathMembers.length };
    });

    // 3. Claims across every benefit type, ~2% ineligible.
    const others = members.filter((_, i) => i % 15 !== 0);
    const incident = (m: MemberItem) => {
      const start = m.coverageStart > `${firstPeriod}-01` ? m.coverageStart : `${firstPeriod}-01`;
      const span = Math.max(1, Math.floor((Date.parse(today) - Date.parse(start)) / 86_400_000) - 20);
      return addDays(start, Math.floor(rng() * span));
    };
    const requests: Array<Record<string, unknown>> = [];
    let d = 0;
    let o = 0;
    for (let i = 0; i < options.claims; i++) {
      const roll = rng();
      if (roll < 0.16 && d < deathMembers.length) {
        const m = deathMembers[d++];
        const date = incident(m);
        const jkk = rng() < 0.25;
        requests.push({
          memberId: m.memberId,
          benefit: jkk ? 'JKK_DEATH' : 'JKM_DEATH',
          incidentDate: date,
          ...(jkk ? { dateOfDeath: date } : {}),
          claimant: { fullName: `Istri ${m.memberId.slice(0, 6)}`, relationship: 'SPOUSE' },
        });
        continue;
      }
      const m = others[o++ % others.length];
      const date = incident(m);
      const notCovered = rng() < 0.02;
      const when = notCovered ? addDays(m.coverageStart, -40) : date;
      if (roll < 0.7) {
        requests.push({
          memberId: m.memberId,
          benefit: 'JKK_MEDICAL',
          incidentDate: when,
          workRelation: 'CONFIRMED',
          provider: 'RSUD Sekayu',
          invoiceAmount: 250_000 + Math.floor(rng() * 30) * 250_000,
          // Paid to the hospital's account: the worker asks the bank whose it is (name match) first.
          payTo: { bankCode: '014', accountNumber: '8012345671', accountName: 'RSUD SEKAYU' },
        });
      } else if (roll < 0.93) {
        requests.push({
          memberId: m.memberId,
          benefit: 'JKK_TEMPORARY_INCAPACITY',
          incidentDate: when,
          incapacityFrom: when,
          incapacityTo: addDays(when, 3 + Math.floor(rng() * 20)),
        });
      } else {
        const total = rng() < 0.15;
        requests.push({
          memberId: m.memberId,
          benefit: 'JKK_PERMANENT_DISABILITY',
          incidentDate: when,
          disability: total ? 'TOTAL' : 'PARTIAL',
          ...(total
            ? {}
            : {
                impairments: [
                  { code: rng() < 0.5 ? 'ONE_EYE' : 'ARM_SHOULDER_LEFT', functionLossPercent: 50 },
                ],
              }),
        });
      }
    }
    const submitted: ClaimView[] = await phase('submit claims', 'claims', async () => {
      const views = await pool(requests, 8, (body) =>
        submitter.expect<ClaimView>(201, 'POST', '/api/claims', body),
      );
      return { count: views.length, result: views };
    });
    const ineligible = submitted.filter((c) => !c.assessment.eligible);

    // 4. Decisions: approve (second approval ≥ Rp 50m), reject the ineligible.
    await phase('decide claims', 'claims', async () => {
      await pool(submitted, 8, async (c) => {
        if (!c.assessment.eligible) {
          await approver.expect(200, 'POST', `/api/claims/${c.claimId}/reject`, {
            reasonCode: c.assessment.reasons[0]?.code ?? 'NOT_COVERED',
            note: 'Programme-year scenario',
          });
          return;
        }
        const first = await approver.expect<ClaimView>(200, 'POST', `/api/claims/${c.claimId}/approve`, {
          note: 'Documents checked',
        });
        if (first.status === 'AWAITING_SECOND_APPROVAL')
          await supervisor.expect(200, 'POST', `/api/claims/${c.claimId}/approve`, {});
      });
      return { count: submitted.length };
    });

    // 5. Payouts through BullMQ and the sandbox bank.
    const payoutTotals = await phase('payouts settle', 'payouts', async () => {
      const deadline = Date.now() + 8 * 60_000;
      for (;;) {
        const counts: Record<string, number> = {};
        for (const status of ['QUEUED', 'PROCESSING', 'FAILED', 'PAID', 'DEAD_LETTER']) {
          let n = 0;
          let cursor: string | null = null;
          do {
            const page: { items: unknown[]; nextCursor: string | null } = await auditor.expect(
              200,
              'GET',
              `/api/payouts?status=${status}&limit=500${cursor ? `&cursor=${cursor}` : ''}`,
            );
            n += page.items.length;
            cursor = page.nextCursor;
          } while (cursor);
          counts[status] = n;
        }
        const open = counts.QUEUED + counts.PROCESSING + counts.FAILED;
        if ((open === 0 && counts.PAID > 0) || Date.now() > deadline)
          return { count: counts.PAID + counts.DEAD_LETTER, result: counts };
        await new Promise((r) => setTimeout(r, 1000));
      }
    });

    // 6. Verify every hash, then rebuild every projection (the service stopped: PGlite is one process).
    const verified = await phase('verify hashes', 'events', async () => {
      const r = await auditor.expect<{ eventsChecked: number; ok: boolean; firstMismatch?: unknown }>(
        200,
        'POST',
        '/api/audit/verify',
      );
      if (!r.ok)
        options.log(`  ${store.padEnd(8)} verify found a mismatch: ${JSON.stringify(r.firstMismatch)}`);
      return { count: r.eventsChecked, result: r };
    });
    const rssMb = service.peakRssMb;
    await service.stop();
    await phase('rebuild projections', 'events', async () => {
      const out = execFileSync(
        process.execPath,
        [join(__dirname, '..', '..', 'apps', 'cli', 'src', 'projections-rebuild.js'), '--all'],
        {
          env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
          encoding: 'utf8',
        },
      );
      const counts = [...out.matchAll(/(\d+) events/g)].map((m) => Number(m[1]));
      return { count: counts.length ? Math.max(...counts) : verified.eventsChecked };
    });
    // After the year, outside its total: the signed audit bundle, exported and re-performed offline.
    const auditBundle = options.auditBundle ? auditBundleRun(dataDir, env, options.log) : undefined;
    // PGlite: the data directory; PostgreSQL: tables, indexes and TOAST of the run's schema.
    const du = (path: string) =>
      Number(execFileSync('du', ['-sb', path], { encoding: 'utf8' }).split('\t')[0]);
    const storeBytes = store === 'pglite' ? du(join(dataDir, 'store')) : await schemaBytes(url);
    // PGlite: how much of the directory is write-ahead log (pg_wal) and how much is tables.
    const walBytes = store === 'pglite' ? du(join(dataDir, 'store', 'pg_wal')) : undefined;
    return {
      store,
      members: options.members,
      claimsSubmitted: submitted.length,
      claimsIneligible: ineligible.length,
      import: imported,
      payouts: payoutTotals,
      eventsVerified: verified.eventsChecked,
      hashesOk: verified.ok,
      ...(verified.ok ? {} : { firstMismatch: verified.firstMismatch }),
      periodSeconds,
      peakRssMb: rssMb,
      storeBytes,
      ...(walBytes !== undefined ? { walBytes } : {}),
      totalSeconds: phases.reduce((s, p) => s + p.seconds, 0),
      phases,
      ...(auditBundle ? { auditBundle } : {}),
    };
  } catch (e) {
    options.log(service.output.join('').slice(-3000));
    throw e;
  } finally {
    await service.stop();
    if (process.env.BENCH_KEEP_STORE) {
      // For inspecting the year's store afterwards (sizes, a failed verification).
      options.log(`  ${store.padEnd(8)} store kept: ${url}`);
    } else {
      rmSync(dataDir, { recursive: true, force: true });
      await dropSchema?.();
    }
  }
}

/**
 * `audit export --out` and then `audit reperform` (docs/audit.md "Audit bundle"), each as its own
 * process on the stopped service's store; the re-performance gets no store configuration at all.
 */
function auditBundleRun(dataDir: string, env: Record<string, string>, log: (s: string) => void) {
  const cli = join(__dirname, '..', '..', 'apps', 'cli', 'src', 'audit.js');
  const keyFile = join(dataDir, 'audit-signing-key.pem');
  const publicKeyFile = join(dataDir, 'audit-public-key.pem');
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  writeFileSync(publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }));
  const out = join(dataDir, 'bundle');
  const timed = (args: string[], childEnv: NodeJS.ProcessEnv) => {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [cli, ...args], {
      env: childEnv,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    return {
      seconds: Number(process.hrtime.bigint() - start) / 1e9,
      status: r.status,
      stdout: r.stdout,
      stderr: r.stderr,
    };
  };
  const exported = timed(['export', '--out', out], {
    ...process.env,
    ...env,
    AUDIT_SIGNING_KEY_FILE: keyFile,
    LOG_LEVEL: 'warn',
  });
  if (exported.status !== 0) throw new Error(`audit export failed: ${exported.stderr}`);
  const bundleBytes = Number(execFileSync('du', ['-sb', out], { encoding: 'utf8' }).split('\t')[0]);
  const { EVENT_STORE_URL: _s, READ_MODEL_URL: _r, AUTH_JWT_SECRET: _a, ...offline } = process.env;
  const reperformed = timed(['reperform', '--bundle', out, '--public-key', publicKeyFile], offline);
  const summary = reperformed.stdout.trim().split('\n').at(-1) ?? '';
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
    eventCount: number;
    days: unknown[];
  };
  log(
    `           audit bundle: export ${exported.seconds.toFixed(1)} s, ${(bundleBytes / 1e6).toFixed(0)} MB; reperform ${reperformed.seconds.toFixed(1)} s: ${summary}`,
  );
  return {
    events: manifest.eventCount,
    days: manifest.days.length,
    bundleBytes,
    exportSeconds: exported.seconds,
    reperformSeconds: reperformed.seconds,
    reperformExitCode: reperformed.status,
    result: summary,
    ...(reperformed.status === 0 ? {} : { problems: reperformed.stdout.split('\n').slice(0, 20) }),
  };
}

/** A port nothing listens on now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function schemaBytes(url: string): Promise<number> {
  const sql = await openSqlClient(url);
  try {
    const { rows } = await sql.query<{ bytes: string }>(
      `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::text AS bytes FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'`,
    );
    return Number(rows[0].bytes);
  } finally {
    await sql.close();
  }
}

export async function runProgrammeYear(args: string[]): Promise<void> {
  const stores = (args.find((a) => a.startsWith('--stores='))?.slice(9) ?? 'pglite,postgres').split(
    ',',
  ) as Array<'pglite' | 'postgres'>;
  const scale = Number(process.env.BENCH_SCALE ?? 1);
  const dir = join(__dirname, '..', '..', '..', 'bench', 'results');
  const file = join(dir, 'programme-year.json');
  // A run of one store keeps the other store's last figures (each with its own date and scale).
  let results: Record<string, unknown> = {};
  try {
    results = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    /* first run */
  }
  for (const store of stores) {
    const startedAt = new Date().toISOString();
    const result = await programmeYear(store, {
      members: Math.round(45_000 * scale),
      claims: Math.round(3000 * scale),
      log: console.log,
      auditBundle: args.includes('--audit-bundle'),
    });
    results[store] = { startedAt, scale, ...result };
  }
  delete results.startedAt;
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  console.log(`written to ${join(dir, 'programme-year.json')}`);
}
