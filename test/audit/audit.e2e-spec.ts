import { Clock, Role } from '@app/platform';
import { startTestApp, TestApp } from '../support/app';

/**
 * docs/api.md "Audit" over real HTTP on PostgreSQL: the event log in global order, claims
 * and members as of an instant rebuilt from their events, and hash verification that names
 * exactly the event someone changed through SQL (guarantee 9).
 */

/** "Today" is 2026-03-16 in Asia/Jakarta for the deciders; the store records real instants. */
class SteppingClock extends Clock {
  private ms = Date.parse('2026-03-16T03:00:00.000Z');
  now(): Date {
    this.ms += 1000;
    return new Date(this.ms);
  }
}

const who = {
  officer: { roles: ['enrollment-officer'], sub: 'enr-fajar' },
  finance: { roles: ['finance-officer'], sub: 'fin-rina' },
  ani: { roles: ['adjudicator'], sub: 'adj-ani' },
  budi: { roles: ['adjudicator'], sub: 'adj-budi' },
  auditor: { roles: ['auditor'], sub: 'aud-eko' },
  admin: { roles: ['admin'], sub: 'root' },
} satisfies Record<string, { roles: Role[]; sub: string }>;
type Person = keyof typeof who;

let t: TestApp;
const bearer = (p: Person) => `Bearer ${t.token(who[p].roles, who[p].sub)}`;
const get = (p: Person, path: string) => t.http.get(path).set('Authorization', bearer(p));
const post = (p: Person, path: string, body: object = {}) =>
  t.http.post(path).set('Authorization', bearer(p)).send(body);
const pause = (ms = 25) => new Promise((r) => setTimeout(r, ms));

let nikSerial = 0;
async function enrollCoveredMember(): Promise<string> {
  const serial = String(++nikSerial).padStart(4, '0');
  const enrolled = await post('officer', '/api/members', {
    nik: `160601120585${serial}`,
    fullName: 'Ahmad Fauzi',
    birthDate: '1985-05-12',
    sex: 'M',
    village: 'Balai Agung',
    subdistrict: 'Sekayu',
    occupation: 'petani karet',
    p3keDesil: 1,
    coverageStart: '2026-01-01',
    heirs: [{ fullName: 'Siti Aminah', relationship: 'SPOUSE' }],
  }).expect(201);
  const memberId: string = enrolled.body.memberId;
  for (const period of ['2026-01', '2026-02', '2026-03']) {
    await post('finance', '/api/contribution-payments', {
      period,
      paidOn: '2026-03-02',
      reference: `BANK-${serial}-${period}`,
      memberIds: [memberId],
    }).expect(201);
  }
  return memberId;
}

beforeAll(async () => {
  t = await startTestApp({ clock: new SteppingClock() });
});
afterAll(async () => {
  await t?.close();
});

describe('GET /api/audit/claims/{id}?asOf: a claim as it was known at an instant', () => {
  it('between its submission and its approval the claim is assessed, not approved', async () => {
    const memberId = await enrollCoveredMember();
    await pause();
    const beforeSubmission = new Date().toISOString();
    await pause();
    const submitted = await post('ani', '/api/claims', {
      memberId,
      benefit: 'JKK_MEDICAL',
      incidentDate: '2026-03-10',
      workRelation: 'CONFIRMED',
      provider: 'RSUD Sekayu',
      invoiceAmount: 7_500_000,
    }).expect(201);
    const claimId: string = submitted.body.claimId;
    expect(submitted.body.assessment.eligible).toBe(true);
    await pause();
    const betweenSubmissionAndApproval = new Date().toISOString();
    await pause();
    await post('budi', `/api/claims/${claimId}/approve`).expect(200);
    await pause();
    const afterApproval = new Date().toISOString();

    const assessed = await get(
      'auditor',
      `/api/audit/claims/${claimId}?asOf=${betweenSubmissionAndApproval}`,
    ).expect(200);
    expect(assessed.body).toMatchObject({
      claimId,
      memberId,
      status: 'ASSESSED',
      asOf: betweenSubmissionAndApproval,
    });
    expect(assessed.body.assessment).toMatchObject({ eligible: true, total: 7_500_000 });
    expect(assessed.body.approvals).toEqual([]);
    expect(assessed.body.decision).toBeUndefined();
    expect(assessed.body.version).toBe(submitted.body.version);

    const approved = await get(
      'auditor',
      `/api/audit/claims/${claimId}?asOf=${encodeURIComponent(afterApproval)}`,
    ).expect(200);
    expect(approved.body).toMatchObject({
      status: 'APPROVED',
      decision: { outcome: 'APPROVED', by: 'adj-budi' },
    });

    // Rebuilt from events alone, the view is the live claim view (payouts may still be moving it).
    for (let attempt = 0; ; attempt++) {
      const live = await get('ani', `/api/claims/${claimId}`).expect(200);
      const now = await get('auditor', `/api/audit/claims/${claimId}`).expect(200);
      if (now.body.version !== live.body.version && attempt < 20) continue;
      const { asOf: _asOf, ...asOfView } = now.body;
      expect(asOfView).toEqual(live.body);
      break;
    }

    // The same instant written with an offset is the same instant.
    const jakarta = new Date(Date.parse(betweenSubmissionAndApproval) + 7 * 3_600_000)
      .toISOString()
      .replace('Z', '+07:00');
    const viaOffset = await get(
      'auditor',
      `/api/audit/claims/${claimId}?asOf=${encodeURIComponent(jakarta)}`,
    ).expect(200);
    expect(viaOffset.body.status).toBe('ASSESSED');

    const none = await get('auditor', `/api/audit/claims/${claimId}?asOf=${beforeSubmission}`).expect(404);
    expect(none.headers['content-type']).toMatch(/application\/problem\+json/);
    await get('auditor', `/api/audit/claims/no-such-claim?asOf=${afterApproval}`).expect(404);
    const bad = await get('auditor', `/api/audit/claims/${claimId}?asOf=yesterday`).expect(400);
    expect(bad.body.errors).toEqual([{ field: 'asOf', message: expect.stringMatching(/ISO 8601/) }]);
    await get('auditor', `/api/audit/claims/${claimId}?asOf=2026-03-16`).expect(400);
  });
});

describe('GET /api/audit/members/{id}?asOf: a member as it was known at an instant', () => {
  it('shows only the payments recorded by then', async () => {
    const serial = String(++nikSerial).padStart(4, '0');
    const enrolled = await post('officer', '/api/members', {
      nik: `160601120585${serial}`,
      fullName: 'Ahmad Fauzi',
      birthDate: '1985-05-12',
      sex: 'M',
      village: 'Balai Agung',
      subdistrict: 'Sekayu',
      occupation: 'petani karet',
      p3keDesil: 1,
      coverageStart: '2026-01-01',
    }).expect(201);
    const memberId: string = enrolled.body.memberId;
    await pause();
    const beforePayment = new Date().toISOString();
    await pause();
    await post('finance', '/api/contribution-payments', {
      period: '2026-01',
      paidOn: '2026-01-05',
      reference: `BANK-${serial}-M`,
      memberIds: [memberId],
    }).expect(201);
    await t.settle();
    await pause();
    const afterPayment = new Date().toISOString();

    const unpaid = await get('auditor', `/api/audit/members/${memberId}?asOf=${beforePayment}`).expect(200);
    expect(unpaid.body).toMatchObject({
      memberId,
      fullName: 'Ahmad Fauzi',
      paidMonths: [],
      version: 1,
      asOf: beforePayment,
    });
    const paid = await get('auditor', `/api/audit/members/${memberId}?asOf=${afterPayment}`).expect(200);
    expect(paid.body).toMatchObject({ memberId, paidMonths: ['2026-01'] });
    expect(paid.body.version).toBeGreaterThan(1);
    await get('auditor', `/api/audit/members/${memberId}?asOf=2000-01-01T00:00:00Z`).expect(404);
    await get('auditor', `/api/audit/members/${memberId}?asOf=not-an-instant`).expect(400);
  });
});

describe('GET /api/audit/events: the event log in global order', () => {
  it('pages through every event with metadata and hashes, by cursor or by after, filtered by stream and type', async () => {
    const all: any[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await get(
        'auditor',
        `/api/audit/events?limit=7${cursor ? `&cursor=${cursor}` : ''}`,
      ).expect(200);
      all.push(...res.body.items);
      cursor = res.body.nextCursor;
      if (cursor) expect(res.body.items).toHaveLength(7);
    } while (cursor);
    // Payouts may still be appending: count what the pages could have reached.
    const last = Math.max(...all.map((e) => e.position));
    const { rows } = await t.readDb.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM es_events WHERE global_position <= $1',
      [last],
    );
    expect(all).toHaveLength(rows[0].n);
    expect(new Set(all.map((e) => e.position)).size).toBe(all.length);
    for (const e of all) {
      expect(e).toMatchObject({
        position: expect.any(Number),
        streamId: expect.any(String),
        revision: expect.any(Number),
        type: expect.any(String),
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        metadata: {
          actor: expect.any(String),
          correlationId: expect.any(String),
          recordedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/),
        },
      });
      expect(e.metadata).toHaveProperty('causationId');
    }
    const submitted = all.find((e) => e.type === 'ClaimSubmitted');
    expect(submitted.metadata.actor).toBe('adj-ani');

    // nextCursor works as `after` too: the second page either way.
    const first = await get('auditor', '/api/audit/events?limit=3').expect(200);
    const byAfter = await get('auditor', `/api/audit/events?limit=3&after=${first.body.nextCursor}`).expect(
      200,
    );
    expect(byAfter.body.items).toEqual(all.slice(3, 6));

    // One stream, in its order; several types.
    const stream = submitted.streamId;
    const own = await get('auditor', `/api/audit/events?stream=${stream}`).expect(200);
    expect(own.body.items.map((e: any) => e.revision)).toEqual(
      own.body.items.map((_: unknown, i: number) => i),
    );
    // The payout process may have written to the claim since the pages were read: compare up to `last`.
    const reached = (items: any[]) => items.filter((e) => e.position <= last);
    expect(reached(own.body.items)).toEqual(all.filter((e) => e.streamId === stream));
    const decisions = await get('auditor', `/api/audit/events?type=ClaimSubmitted,ClaimApproved`).expect(200);
    expect(reached(decisions.body.items)).toEqual(
      all.filter((e) => ['ClaimSubmitted', 'ClaimApproved'].includes(e.type)),
    );
    const claims = await get('auditor', `/api/audit/events?stream=claim-*&type=ClaimApproved`).expect(200);
    expect(claims.body.items.length).toBeGreaterThan(0);
    expect(
      claims.body.items.every((e: any) => e.streamId.startsWith('claim-') && e.type === 'ClaimApproved'),
    ).toBe(true);

    await get('auditor', '/api/audit/events?limit=0').expect(400);
    await get('auditor', '/api/audit/events?after=-1').expect(400);
    await get('auditor', '/api/audit/events?after=3&cursor=4').expect(400);
    await get('auditor', '/api/audit/events?color=red').expect(400);
  });

  it('is for auditors (and admins) only', async () => {
    await t.http.get('/api/audit/events').expect(401);
    await get('ani', '/api/audit/events').expect(403);
    await get('finance', '/api/audit/claims/x').expect(403);
    await post('officer', '/api/audit/verify').expect(403);
    await get('admin', '/api/audit/events?limit=1').expect(200);
  });

  it('is documented in the OpenAPI document', async () => {
    const doc = await t.http.get('/docs-json').expect(200);
    for (const path of [
      '/api/audit/events',
      '/api/audit/claims/{claimId}',
      '/api/audit/members/{memberId}',
      '/api/audit/verify',
    ]) {
      expect(doc.body.paths).toHaveProperty([path]);
    }
  });
});

describe('POST /api/audit/verify: every hash recomputed', () => {
  it('passes on an untouched log and names exactly the event changed through SQL', async () => {
    const { rows: count } = await t.readDb.query<{ n: number }>('SELECT count(*)::int AS n FROM es_events');
    const clean = await post('auditor', '/api/audit/verify').expect(200);
    expect(clean.body).toEqual({ eventsChecked: expect.any(Number), ok: true });
    expect(clean.body.eventsChecked).toBeGreaterThanOrEqual(count[0].n);

    // Someone raises an invoice amount behind the service's back.
    const { rows } = await t.readDb.query<{
      global_position: number;
      event_id: string;
      stream_id: string;
      stream_revision: number;
      data: unknown;
    }>(
      `SELECT global_position, event_id, stream_id, stream_revision, data FROM es_events WHERE type = 'ClaimSubmitted' ORDER BY global_position LIMIT 1`,
    );
    const victim = rows[0];
    await t.readDb.query(
      `UPDATE es_events SET data = jsonb_set(data::jsonb, '{request,invoiceAmount}', '75000000') WHERE event_id = $1`,
      [victim.event_id],
    );
    try {
      const tampered = await post('auditor', '/api/audit/verify').expect(200);
      expect(tampered.body).toMatchObject({
        ok: false,
        firstMismatch: {
          eventId: victim.event_id,
          streamId: victim.stream_id,
          revision: victim.stream_revision,
          position: victim.global_position,
          reason: expect.stringMatching(/hash/),
        },
      });
      const oneStream = await post('auditor', '/api/audit/verify', { streamId: victim.stream_id }).expect(
        200,
      );
      expect(oneStream.body.firstMismatch.eventId).toBe(victim.event_id);
      await post('auditor', '/api/audit/verify', { everything: true }).expect(400);
    } finally {
      await t.readDb.query('UPDATE es_events SET data = $2::jsonb WHERE event_id = $1', [
        victim.event_id,
        JSON.stringify(victim.data),
      ]);
    }
    expect((await post('auditor', '/api/audit/verify').expect(200)).body.ok).toBe(true);
  });
});

describe('projection lag in /health and /metrics', () => {
  it('reports every projection, caught up once the projector has settled', async () => {
    await t.settle();
    // Idle projections move to the head at the projector's next heartbeat.
    let health: any;
    for (let i = 0; i < 50; i++) {
      health = (await t.http.get('/health').expect(200)).body;
      const lags = Object.values(health.checks.projectionLag.projections ?? {}) as Array<{ behind: number }>;
      if (lags.length > 0 && lags.every((l) => l.behind === 0)) break;
      await pause(100);
    }
    const projections = health.checks.projectionLag.projections;
    expect(Object.keys(projections)).toEqual(expect.arrayContaining(['claims', 'members']));
    for (const lag of Object.values(projections) as any[])
      expect(lag).toMatchObject({ behind: 0, secondsBehind: 0 });
    expect(Object.keys(projections).some((name) => name.endsWith('__rebuild'))).toBe(false);

    const metrics = (await t.http.get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/^projection_lag_events\{projection="claims"\} 0$/m);
    expect(metrics).toMatch(/^projection_lag_seconds\{projection="members"\} 0$/m);
  });
});
