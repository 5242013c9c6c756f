import autocannon from 'autocannon';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { generateRoster } from '@app/roster';
import { addMonths, dateInJakarta, monthOf, addDays } from '@app/domain/shared/dates';
import { signToken } from '@app/platform/auth/sign';
import { freshSchema } from '../../libs/testing/src/postgres';
import { ApiClient, pool } from './http-client';
import { ServiceProcess } from './service-process';

/**
 * Adjudicator traffic over HTTP against the api role alone on PostgreSQL (a projector process
 * keeps the worklist current beside it): claim reads, worklist queries and claim submissions at
 * increasing concurrency, with exact p50/p95/p99 from every response time.
 */
interface EndpointResult {
  endpoint: string;
  connections: number;
  requests: number;
  throughputPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  non2xx: number;
  errors5xx: number;
  transportErrors: number;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function run(
  name: string,
  connections: number,
  seconds: number,
  opts: Pick<autocannon.Options, 'url' | 'method' | 'headers' | 'requests'>,
): Promise<EndpointResult> {
  const times: number[] = [];
  let errors5xx = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { ...opts, connections, duration: seconds, pipelining: 1, timeout: 30 },
      (err, r) => (err ? reject(err) : resolve(r)),
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
      times.push(responseTime);
      if (status >= 500) errors5xx += 1;
    });
  });
  times.sort((a, b) => a - b);
  return {
    endpoint: name,
    connections,
    requests: times.length,
    throughputPerSec: times.length / seconds,
    p50Ms: percentile(times, 50),
    p95Ms: percentile(times, 95),
    p99Ms: percentile(times, 99),
    non2xx: result.non2xx,
    errors5xx,
    transportErrors: result.errors + result.timeouts,
  };
}

export async function runLoadTest(args: string[]): Promise<void> {
  const levels = (args.find((a) => a.startsWith('--connections='))?.slice(14) ?? '10,50,100,200')
    .split(',')
    .map(Number);
  const seconds = Number(args.find((a) => a.startsWith('--seconds='))?.slice(10) ?? 8);
  const secret = randomBytes(16).toString('hex');
  const schema = await freshSchema('load');
  const env = {
    EVENT_STORE_URL: schema.url,
    READ_MODEL_URL: schema.url,
    AUTH_JWT_SECRET: secret,
    QUEUE_PREFIX: `load-${randomBytes(3).toString('hex')}`,
    PG_POOL_SIZE: '20',
  };
  const api = new ServiceProcess('api', { ...env, PORT: '4901' });
  const projector = new ServiceProcess('projector', { ...env, PORT: '4902' });
  const results: EndpointResult[] = [];
  try {
    await api.start();
    await projector.start();
    const tok = (sub: string, roles: string[]) => signToken(secret, sub, roles as never);
    const officer = new ApiClient(api.baseUrl, tok('officer', ['enrollment-officer']));
    const finance = new ApiClient(api.baseUrl, tok('finance', ['finance-officer']));
    const adjudicatorToken = tok('adj-load', ['adjudicator']);
    const adjudicator = new ApiClient(api.baseUrl, adjudicatorToken);

    // Seed: 300 members paid for a year, 300 claims.
    const today = dateInJakarta(new Date());
    const first = addMonths(monthOf(today), -11);
    const roster = generateRoster({
      rows: 300,
      seed: 9,
      programmeStart: first,
      referenceDate: `${first}-01`,
    });
    const memberIds = await pool(roster.rows, 8, async (r) => {
      const body = {
        ...r,
        declaredMonthlyIncome: Number(r.declaredMonthlyIncome) || undefined,
        p3keDesil: Number(r.p3keDesil),
      };
      const created = await officer.expect<{ memberId: string }>(201, 'POST', '/api/members', body);
      return created.memberId;
    });
    for (let m = 0; m < 12; m++) {
      const period = addMonths(first, m);
      await finance.expect(201, 'POST', '/api/contribution-payments', {
        period,
        paidOn: `${period}-05`,
        reference: `LOAD/${period}/${randomBytes(3).toString('hex')}`,
      });
    }
    const claimBody = (i: number) => ({
      memberId: memberIds[i % memberIds.length],
      benefit: 'JKK_MEDICAL',
      incidentDate: addDays(today, -10 - (i % 60)),
      workRelation: 'CONFIRMED',
      provider: 'RSUD Sekayu',
      invoiceAmount: 1_000_000 + (i % 20) * 50_000,
    });
    const claimIds = await pool(
      Array.from({ length: 300 }, (_, i) => i),
      8,
      async (i) =>
        (await adjudicator.expect<{ claimId: string }>(201, 'POST', '/api/claims', claimBody(i))).claimId,
    );

    const headers = { authorization: `Bearer ${adjudicatorToken}`, 'content-type': 'application/json' };
    let n = 0;
    for (const connections of levels) {
      results.push(
        await run('GET /api/claims/{id}', connections, seconds, {
          url: api.baseUrl,
          headers,
          requests: [
            {
              method: 'GET' as const,
              setupRequest: (req: autocannon.Request) => ({
                ...req,
                path: `/api/claims/${claimIds[n++ % claimIds.length]}`,
              }),
            },
          ],
        }),
      );
      results.push(
        await run('GET /api/claims (worklist)', connections, seconds, {
          url: api.baseUrl,
          headers,
          requests: [
            {
              method: 'GET' as const,
              setupRequest: (req: autocannon.Request) => ({
                ...req,
                path: `/api/claims?status=ASSESSED&limit=50`,
              }),
            },
          ],
        }),
      );
      results.push(
        await run('POST /api/claims', connections, seconds, {
          url: api.baseUrl,
          headers,
          requests: [
            {
              method: 'POST' as const,
              setupRequest: (req: autocannon.Request) => ({
                ...req,
                path: '/api/claims',
                body: JSON.stringify(claimBody(n++)),
              }),
            },
          ],
        }),
      );
    }
    console.log('endpoint                     conns   req/s     p50     p95     p99   non2xx  5xx');
    for (const r of results) {
      console.log(
        `${r.endpoint.padEnd(28)} ${String(r.connections).padStart(5)} ${r.throughputPerSec.toFixed(0).padStart(7)} ${r.p50Ms.toFixed(1).padStart(7)} ${r.p95Ms.toFixed(1).padStart(7)} ${r.p99Ms.toFixed(1).padStart(7)} ${String(r.non2xx).padStart(8)} ${String(r.errors5xx).padStart(4)}`,
      );
    }
  } finally {
    await api.stop();
    await projector.stop();
    await schema.drop();
  }
  const dir = join(__dirname, '..', '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'load-test.json'),
    JSON.stringify({ startedAt: new Date().toISOString(), seconds, results }, null, 2) + '\n',
  );
}
