import autocannon from 'autocannon';
import http from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { generateRoster, toCsv } from '@app/roster';
import { addMonths, dateInJakarta, monthOf, addDays } from '@app/domain/shared/dates';
import { signToken } from '@app/platform/auth/sign';
import { freshSchema } from '../../libs/testing/src/postgres';
import { ApiClient, pool } from './http-client';
import { ServiceProcess } from './service-process';

/**
 * Adjudicator traffic over HTTP against the api role alone on PostgreSQL (a projector process
 * keeps the worklist current beside it). At each level of concurrency the three kinds of request
 * run at the same time, as adjudicators' traffic does, each on its share of the connections:
 * claim reads 60%, worklist queries 20%, claim submissions 20%. Every response time is kept, so
 * p50/p95/p99 are exact, per endpoint.
 */
interface EndpointResult {
  endpoint: string;
  /**
   * `saturated`: every connection sends its next request as soon as the last is answered (closed
   * loop): throughput is the capacity, latency is mostly queueing (Little's law: connections ÷
   * throughput). `paced`: every connection sends at a fixed rate, as people at their desks do.
   */
  mode: 'saturated' | 'paced';
  /** Paced: requests per second each connection is asked to send. */
  ratePerConnection?: number;
  /** Connections of the whole mix at this level. */
  connections: number;
  /** This endpoint's share of them. */
  endpointConnections: number;
  requests: number;
  throughputPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  non2xx: number;
  errors5xx: number;
  transportErrors: number;
}

const SETTLE_MS = 5_000;

/** Shares of the connections per endpoint (at least one each). */
const MIX = { read: 0.6, worklist: 0.2, submit: 0.2 };

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** One kind of request: its name in the results and how to make the next one. */
interface Endpoint {
  name: string;
  method: 'GET' | 'POST';
  path: () => string;
  body?: () => string;
}

/** One endpoint's share of one level of the mix. */
interface Run {
  endpoint: Endpoint;
  /** Connections of the whole mix. */
  connections: number;
  /** This endpoint's share of them. */
  endpointConnections: number;
  seconds: number;
  url: string;
  headers: Record<string, string>;
}

function summarise(
  endpoint: Endpoint,
  mode: EndpointResult['mode'],
  connections: number,
  endpointConnections: number,
  seconds: number,
  times: number[],
  counts: { non2xx: number; errors5xx: number; transportErrors: number },
  ratePerConnection?: number,
): EndpointResult {
  times.sort((a, b) => a - b);
  return {
    endpoint: endpoint.name,
    mode,
    ...(ratePerConnection ? { ratePerConnection } : {}),
    connections,
    endpointConnections,
    requests: times.length,
    throughputPerSec: times.length / seconds,
    p50Ms: percentile(times, 50),
    p95Ms: percentile(times, 95),
    p99Ms: percentile(times, 99),
    ...counts,
  };
}

/** Closed loop with autocannon: each connection sends again as soon as it is answered. */
async function saturated(run: Run): Promise<EndpointResult> {
  const { endpoint, connections, endpointConnections, seconds, url, headers } = run;
  const times: number[] = [];
  let errors5xx = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        headers,
        connections: endpointConnections,
        duration: seconds,
        pipelining: 1,
        timeout: 30,
        requests: [
          {
            method: endpoint.method,
            setupRequest: (req: autocannon.Request) => ({
              ...req,
              path: endpoint.path(),
              ...(endpoint.body ? { body: endpoint.body() } : {}),
            }),
          },
        ],
      },
      (err, r) => (err ? reject(err) : resolve(r)),
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
      times.push(responseTime);
      if (status >= 500) errors5xx += 1;
    });
  });
  return summarise(endpoint, 'saturated', connections, endpointConnections, seconds, times, {
    non2xx: result.non2xx,
    errors5xx,
    transportErrors: result.errors + result.timeouts,
  });
}

/**
 * Open loop: requests arrive at `ratePerConnection × endpointConnections` per second with random
 * (exponential) gaps, as independent people's clicks do, over at most `endpointConnections`
 * keep-alive connections. Latency counts from the moment a request was due, so time spent
 * waiting for a free connection is included (no coordinated omission). autocannon's own rate
 * limit sends each connection's quota in a burst at the start of every second, all connections
 * together, which measures bursts rather than a steady load; hence this small driver.
 */
async function paced(run: Run, ratePerConnection: number): Promise<EndpointResult> {
  const { endpoint, connections, endpointConnections, seconds, url, headers } = run;
  const agent = new http.Agent({ keepAlive: true, maxSockets: endpointConnections });
  const target = new URL(url);
  const rate = ratePerConnection * endpointConnections;
  const times: number[] = [];
  const counts = { non2xx: 0, errors5xx: 0, transportErrors: 0 };
  const inFlight: Promise<void>[] = [];
  const send = (dueAt: number) =>
    new Promise<void>((resolve) => {
      const body = endpoint.body?.();
      const req = http.request(
        {
          host: target.hostname,
          port: target.port,
          method: endpoint.method,
          path: endpoint.path(),
          agent,
          headers: body ? { ...headers, 'content-length': Buffer.byteLength(body) } : headers,
          timeout: 30_000,
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            times.push(performance.now() - dueAt);
            const status = res.statusCode ?? 0;
            if (status < 200 || status > 299) counts.non2xx += 1;
            if (status >= 500) counts.errors5xx += 1;
            resolve();
          });
        },
      );
      req.on('error', () => {
        counts.transportErrors += 1;
        resolve();
      });
      req.end(body);
    });
  const started = performance.now();
  let due = started;
  while (due - started < seconds * 1000) {
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(send(due));
    due += (-Math.log(1 - Math.random()) / rate) * 1000;
  }
  await Promise.all(inFlight);
  agent.destroy();
  return summarise(
    endpoint,
    'paced',
    connections,
    endpointConnections,
    seconds,
    times,
    counts,
    ratePerConnection,
  );
}

export async function runLoadTest(args: string[]): Promise<void> {
  const levels = (args.find((a) => a.startsWith('--connections='))?.slice(14) ?? '10,50,100,200')
    .split(',')
    .map(Number);
  const seconds = Number(args.find((a) => a.startsWith('--seconds='))?.slice(10) ?? 8);
  const members = Number(args.find((a) => a.startsWith('--members='))?.slice(10) ?? 5000);
  // Paced runs: requests per second per connection (an adjudicator's screen asking every 250 ms
  // is far busier than a person; 50 connections then ask 200 times a second).
  const pace = Number(args.find((a) => a.startsWith('--pace='))?.slice(7) ?? 4);
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

    // Seed: a roster imported as CSV and paid for a year, then claims spread over its members (a
    // member has a claim or two, as in the programme, not dozens: a submission reads them all).
    const today = dateInJakarta(new Date());
    const first = addMonths(monthOf(today), -11);
    const roster = generateRoster({
      rows: members,
      seed: 9,
      programmeStart: first,
      referenceDate: `${first}-01`,
    });
    const { importId } = await officer.expect<{ importId: string }>(
      202,
      'POST',
      '/api/members/imports',
      toCsv(roster.rows),
    );
    for (;;) {
      const s = await officer.expect<{ status: string }>(200, 'GET', `/api/members/imports/${importId}`);
      if (s.status === 'COMPLETED') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const memberIds: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { memberId: string }[]; nextCursor: string | null } = await officer.expect(
        200,
        'GET',
        `/api/members?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
      );
      memberIds.push(...page.items.map((m) => m.memberId));
      cursor = page.nextCursor;
    } while (cursor);
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
      Array.from({ length: Math.min(500, memberIds.length) }, (_, i) => i),
      8,
      async (i) =>
        (await adjudicator.expect<{ claimId: string }>(201, 'POST', '/api/claims', claimBody(i))).claimId,
    );

    const headers = { authorization: `Bearer ${adjudicatorToken}`, 'content-type': 'application/json' };
    let n = 0;
    // What adjudicators filter by: status, status and benefit, one member's claims.
    const worklistQueries = [
      '/api/claims?status=ASSESSED',
      '/api/claims?status=ASSESSED&benefit=JKK_MEDICAL',
      ...memberIds.slice(0, 50).map((id) => `/api/claims?memberId=${encodeURIComponent(id)}`),
    ];
    let submitted = claimIds.length;
    const endpoints: Endpoint[] = [
      {
        name: 'GET /api/claims/{id}',
        method: 'GET',
        path: () => `/api/claims/${claimIds[n++ % claimIds.length]}`,
      },
      {
        name: 'GET /api/claims (worklist)',
        method: 'GET',
        path: () => worklistQueries[n++ % worklistQueries.length],
      },
      {
        name: 'POST /api/claims',
        method: 'POST',
        path: () => '/api/claims',
        body: () => JSON.stringify(claimBody(submitted++)),
      },
    ];
    const shares = [MIX.read, MIX.worklist, MIX.submit];
    const mix = async (connections: number, rate?: number) => {
      const level = await Promise.all(
        endpoints.map((endpoint, i) => {
          const run: Run = {
            endpoint,
            connections,
            endpointConnections: Math.max(1, Math.round(connections * shares[i])),
            seconds,
            url: api.baseUrl,
            headers,
          };
          return rate ? paced(run, rate) : saturated(run);
        }),
      );
      results.push(...level);
    };
    // Each run starts from a quiet service: the projector has caught up with the claims the run
    // before submitted, so one run's backlog does not land in the next one's percentiles.
    const settle = () => new Promise((r) => setTimeout(r, SETTLE_MS));
    for (const connections of levels) {
      await mix(connections, pace);
      await settle();
      await mix(connections);
      await settle();
    }
    console.log(
      'mode       endpoint                     conns (own)   req/s     p50     p95     p99   non2xx  5xx',
    );
    for (const r of results) {
      console.log(
        `${(r.mode === 'paced' ? `paced@${r.ratePerConnection}` : r.mode).padEnd(10)} ${r.endpoint.padEnd(28)} ${String(r.connections).padStart(5)} ${`(${r.endpointConnections})`.padStart(5)} ${r.throughputPerSec.toFixed(0).padStart(7)} ${r.p50Ms.toFixed(1).padStart(7)} ${r.p95Ms.toFixed(1).padStart(7)} ${r.p99Ms.toFixed(1).padStart(7)} ${String(r.non2xx).padStart(8)} ${String(r.errors5xx).padStart(4)}`,
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
    JSON.stringify(
      { startedAt: new Date().toISOString(), seconds, members, mix: MIX, pacePerConnection: pace, results },
      null,
      2,
    ) + '\n',
  );
}
