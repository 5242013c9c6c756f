import { randomBytes } from 'node:crypto';
import { decode } from 'jsonwebtoken';
import { nikDatePart } from '@app/domain/members';
import { startTestApp, TestApp } from './support/app';

/** Every log line the service writes, as pino hands them to its destination. */
class LogLines {
  readonly lines: string[] = [];
  write(line: string): void {
    this.lines.push(line);
  }
  get text(): string {
    return this.lines.join('');
  }
}

const nik = `160698${nikDatePart('1985-05-12', 'F')}0042`;
const percentEncoded = [...nik].map((d) => `%3${d}`).join('');

describe('secrets and personal data stay out of logs, metrics and events (real HTTP)', () => {
  let t: TestApp;
  const logs = new LogLines();
  let memberId: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOG_LEVEL: 'info' }, logDestination: logs });
    const res = await t.http
      .post('/api/members')
      .set('Authorization', `Bearer ${t.token('enrollment-officer')}`)
      .set('X-Correlation-Id', nik)
      .send({
        nik,
        fullName: 'Siti Rahmawati',
        birthDate: '1985-05-12',
        sex: 'F',
        village: 'Balai Agung',
        subdistrict: 'Sekayu',
        occupation: 'petani karet',
        p3keDesil: 1,
        coverageStart: '2025-01-01',
      })
      .expect(201);
    memberId = res.body.memberId;
    await t.settle();
  });
  afterAll(async () => {
    await t.close();
  });

  const seriesCount = async () =>
    (await t.http.get('/metrics').expect(200)).text
      .split('\n')
      .filter((l) => l.startsWith('http_request_duration_seconds_count{')).length;

  it('/metrics: 200 requests to random paths add no series; each is labelled <unmatched>', async () => {
    await t.http.get('/warm-up-unmatched').expect(404);
    await t.http.get('/api/warm-up-unmatched').expect(401);
    await seriesCount(); // the scrape's own series
    const before = await seriesCount();
    for (let i = 0; i < 200; i++) {
      const path = `${i % 2 ? '/api' : ''}/${randomBytes(6).toString('hex')}`;
      await t.http.get(path).expect(i % 2 ? 401 : 404);
    }
    expect(await seriesCount()).toBe(before);
    expect((await t.http.get('/metrics')).text).toContain('route="<unmatched>"');
  });

  it('GET /api/members/<a NIK> without a token puts no NIK in /metrics', async () => {
    await t.http.get(`/api/members/${nik}`).expect(401);
    await t.http.get(`/api/members/${percentEncoded}`).expect(401);
    const metrics = (await t.http.get('/metrics').expect(200)).text;
    expect(metrics).not.toContain(nik);
    expect(metrics).not.toContain(percentEncoded);
  });

  it('X-Correlation-Id: a NIK is ignored: a generated id in the log and in the events, sent back in the header', async () => {
    const events = await t.store.readStream(`member-${memberId}`);
    const ids = events.flatMap((e) => [e.metadata.correlationId, e.metadata.causationId]);
    expect(ids.join(' ')).not.toContain(nik);
    expect(events[0].metadata.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(logs.text).not.toContain(nik);
  });

  it('X-Correlation-Id: a safe id is kept; the service own ids (import:…, system) and 16 digits with separators are not', async () => {
    const sent = async (id: string) =>
      (
        await t.http
          .get('/api/members?limit=1')
          .set('Authorization', `Bearer ${t.token('auditor')}`)
          .set('X-Correlation-Id', id)
          .expect(200)
      ).headers['x-correlation-id'];
    expect(await sent('client-trace.42')).toBe('client-trace.42');
    const uuid = '0b6a4c1e-9a57-4b8e-8f3a-5d7e0c2b1a9f';
    expect(await sent(uuid)).toBe(uuid);
    for (const posing of [
      `import:${uuid}`,
      'system',
      `${uuid}-payout-1`,
      '1606.9815.0585.0042',
      'x'.repeat(65),
      'a b',
    ])
      expect(await sent(posing)).not.toBe(posing);
    expect(logs.text).not.toContain('1606.9815.0585.0042');
  });

  it('?nik= is redacted in the log whatever its encoding, and the search still finds the member', async () => {
    const auditor = `Bearer ${t.token('auditor')}`;
    const found = await t.http
      .get(`/api/members?nik=${percentEncoded}`)
      .set('Authorization', auditor)
      .expect(200);
    expect(found.body.items.map((m: { memberId: string }) => m.memberId)).toEqual([memberId]);
    const mixed = `${nik.slice(0, 8)}${percentEncoded.slice(24)}`;
    for (const query of [
      `nik=${nik}`,
      `nik=${mixed}`,
      `%6Eik=${nik}`,
      `NIK=${nik}&nik=${nik}`,
      `nik[]=${nik}`,
    ])
      await t.http.get(`/api/members?${query}`).set('Authorization', auditor);
    const accessLines = logs.lines.filter((l) => l.includes('/api/members?'));
    expect(accessLines.length).toBeGreaterThanOrEqual(6);
    for (const line of accessLines) {
      expect(line).not.toContain(nik);
      expect(line).not.toContain(percentEncoded);
      expect(line).not.toContain(percentEncoded.slice(24));
    }
  });

  it('a Bull Board ticket opens the board once; neither it nor the session cookie is an API token; the log never has it', async () => {
    const admin = `Bearer ${t.token('admin')}`;
    const issued = await t.http
      .post('/api/admin/queue-board/tickets')
      .set('Authorization', admin)
      .expect(201);
    const ticket = String(issued.body.url).split('ticket=')[1];
    await t.http.get('/api/members?limit=1').set('Authorization', `Bearer ${ticket}`).expect(401);

    const swap = await t.http.get(issued.body.url).expect(302);
    const session = String(swap.headers['set-cookie']).split(';')[0].split('=').slice(1).join('=');
    expect(decode(session, { json: true })?.aud).toBe('queue-board-session');
    await t.http.get('/api/members?limit=1').set('Authorization', `Bearer ${session}`).expect(401);
    await t.http.get('/admin/queues').set('Cookie', `queue_board_session=${session}`).expect(200);

    const again = await t.http.get(issued.body.url).expect(401);
    expect(again.body.detail).toMatch(/already used/);

    expect(logs.text).not.toContain(ticket);
    expect(logs.text).not.toContain(ticket.split('.')[2]);
    expect(logs.text).toContain('ticket=[redacted]');
  });
});
