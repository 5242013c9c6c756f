import { randomBytes } from 'node:crypto';
import { startTestApp, TestApp } from './support/app';

/**
 * The order of the request pipeline (docs/http-conventions.md), over real HTTP: who is calling is
 * checked before the body is read (a caller without a token or the bank's secret gets 401, never a
 * parse error), and a `"__proto__"` field is a field-level 400 on every route, checked once.
 */
describe('request pipeline: authentication before body parsing; no __proto__ fields', () => {
  const secret = randomBytes(16).toString('hex');
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { PAYOUT_CALLBACK_SECRET: secret } });
  });
  afterAll(async () => {
    await t?.close();
  });

  const rawJson = (req: ReturnType<TestApp['http']['post']>, body: string) =>
    req.set('Content-Type', 'application/json').send(body);

  describe('malformed JSON from a caller who has not proved who they are is 401', () => {
    it('the bank callback: no secret or a wrong one is 401; with the secret the same body is a 400', async () => {
      const none = await rawJson(t.http.post('/callbacks/payout-returns'), '{"idempotencyKey": ').expect(401);
      expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(none.body).toMatchObject({ status: 401, code: 'BAD_CALLBACK_SECRET' });
      await rawJson(
        t.http.post('/callbacks/payout-returns').set('X-Callback-Secret', 'x'.repeat(32)),
        '{"idempotencyKey": ',
      ).expect(401);
      const parsed = await rawJson(
        t.http.post('/callbacks/payout-returns').set('X-Callback-Secret', secret),
        '{"idempotencyKey": ',
      ).expect(400);
      expect(parsed.body.errors).toEqual([{ field: 'body', message: 'malformed JSON' }]);
    });

    it('an /api route: no token is 401; with a token the same body is a 400', async () => {
      await rawJson(t.http.post('/api/members'), '{"nik": ').expect(401);
      const parsed = await rawJson(
        t.http.post('/api/members').set('Authorization', `Bearer ${t.token('enrollment-officer')}`),
        '{"nik": ',
      ).expect(400);
      expect(parsed.body.errors).toEqual([{ field: 'body', message: 'malformed JSON' }]);
    });
  });

  describe('a "__proto__" field is a field-level 400 on every route', () => {
    const expectProtoRefused = (
      res: { status: number; headers: Record<string, string>; body: any },
      field: string,
    ) => {
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors).toEqual([{ field, message: 'is not an allowed field name' }]);
    };

    it('top level, on a command, a creating POST and the bank callback', async () => {
      const officer = `Bearer ${t.token('enrollment-officer')}`;
      expectProtoRefused(
        await rawJson(
          t.http.post('/api/members').set('Authorization', officer),
          '{"__proto__": {"isAdmin": true}, "nik": "1606011205850001"}',
        ),
        '__proto__',
      );
      expectProtoRefused(
        await rawJson(
          t.http.post('/api/claims/c-1/approve').set('Authorization', `Bearer ${t.token('adjudicator')}`),
          '{"__proto__": {}}',
        ),
        '__proto__',
      );
      expectProtoRefused(
        await rawJson(
          t.http.post('/callbacks/payout-returns').set('X-Callback-Secret', secret),
          '{"__proto__": {"status": "RETURNED"}, "idempotencyKey": "p-1", "bankReference": "SBX-1", "status": "RETURNED", "reason": "ACCOUNT_CLOSED"}',
        ),
        '__proto__',
      );
    });

    it('nested, named by its path', async () => {
      const res = await rawJson(
        t.http.post('/api/members').set('Authorization', `Bearer ${t.token('enrollment-officer')}`),
        '{"nik": "1606011205850001", "heirs": [{"fullName": "Siti", "__proto__": {"x": 1}}]}',
      );
      expectProtoRefused(res, 'heirs[0].__proto__');
    });
  });
});
