import { startTestApp, TestApp } from './support/app';

describe('HTTP platform (real HTTP, PostgreSQL, Redis)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('GET /health reports every check', async () => {
    const res = await t.http.get('/health').expect(200);
    expect(['ok', 'degraded']).toContain(res.body.status);
    expect(Object.keys(res.body.checks).sort()).toEqual([
      'eventStore',
      'payoutProcess',
      'projectionLag',
      'readModels',
      'redis',
    ]);
    expect(res.body.checks.eventStore.status).toBe('up');
  });

  it('any /api path without a token is 401 problem+json, with a bad token too', async () => {
    const res = await t.http.get('/api/anything').expect(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect(res.body.stack).toBeUndefined();
    await t.http.get('/api/anything').set('Authorization', 'Bearer not.a.jwt').expect(401);
    const forged = t.token(['admin']).slice(0, -2) + 'xx';
    await t.http.get('/api/anything').set('Authorization', `Bearer ${forged}`).expect(401);
  });

  it('an unknown /api path with a valid token is 404 problem+json', async () => {
    const res = await t.http
      .get('/api/anything')
      .set('Authorization', `Bearer ${t.token('auditor')}`)
      .expect(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('serves Prometheus metrics and the OpenAPI document without a token', async () => {
    const metrics = await t.http.get('/metrics').expect(200);
    expect(metrics.text).toContain('http_request_duration_seconds');
    const doc = await t.http.get('/docs-json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
  });
});
