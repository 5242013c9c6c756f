import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson } from '@app/event-store';
import { startTestApp, TestApp } from './support/app';
import { seedMember } from './payouts.support';

/**
 * The Idempotency-Key under crashes: a retry never runs a command twice in effect and is never
 * refused for ever. Faults are injected where the interceptor stores the answer, and a crashed
 * holder is a key left in progress past its lease.
 */
let t: TestApp;
const adjudicator = () => `Bearer ${t.token(['adjudicator'], 'adj-ani')}`;
const claimBody = (memberId: string) => ({
  memberId,
  benefit: 'JKK_MEDICAL',
  incidentDate: '2026-03-02',
  workRelation: 'CONFIRMED',
  provider: 'RSUD Sekayu',
  invoiceAmount: 7_500_000,
});
const submit = (body: object, key: string) =>
  t.http.post('/api/claims').set('Authorization', adjudicator()).set('Idempotency-Key', key).send(body);

/** Claims lodged for the member: one per submission that took effect. */
async function claimsOf(memberId: string): Promise<number> {
  return (await t.store.readStream(`memberClaims-${memberId}`)).length;
}

/** Ends the lease of an in-progress key, as if its holder had died long ago. */
async function expireLease(key: string): Promise<void> {
  const r = await t.readDb.query(
    `UPDATE http_idempotency SET locked_until = now() - interval '1 second' WHERE key = $1 AND status IS NULL`,
    [key],
  );
  expect(r.rowCount).toBe(1);
}

/** Fault injection: the statement that stores the answer fails once. */
function failStoringTheAnswerOnce(): { count: number } {
  const query = t.readDb.query.bind(t.readDb);
  const failed = { count: 0 };
  jest.spyOn(t.readDb, 'query').mockImplementation(((sql: string, params?: unknown[]) => {
    if (failed.count === 0 && /^UPDATE http_idempotency SET status/.test(sql)) {
      failed.count++;
      return Promise.reject(new Error('read database went away'));
    }
    return query(sql, params);
  }) as typeof t.readDb.query);
  return failed;
}

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t?.close();
});

afterEach(() => jest.restoreAllMocks());

it('storing the answer fails after the claim was submitted: the key is not released, and the retry after the lease returns the same claim without lodging a second', async () => {
  const memberId = await seedMember(t.store);
  const key = randomUUID();
  const failed = failStoringTheAnswerOnce();

  const first = await submit(claimBody(memberId), key).expect(201);
  expect(failed.count).toBe(1);
  // Still in progress under its lease: a retry now waits.
  const busy = await submit(claimBody(memberId), key).expect(409);
  expect(busy.body.code).toBe('IDEMPOTENCY_IN_PROGRESS');
  expect(Number(busy.headers['retry-after'])).toBeGreaterThan(0);

  await expireLease(key);
  const retried = await submit(claimBody(memberId), key).expect(201);
  expect(retried.body.claimId).toBe(first.body.claimId);
  expect(await claimsOf(memberId)).toBe(1);

  const replayed = await submit(claimBody(memberId), key).expect(201);
  expect(replayed.headers['idempotent-replayed']).toBe('true');
  expect(replayed.body.claimId).toBe(first.body.claimId);
  expect(await claimsOf(memberId)).toBe(1);
});

it('a holder that crashed before storing the answer: its key, in progress past the lease, is taken over by the retry, not refused for ever', async () => {
  const memberId = await seedMember(t.store);
  const key = randomUUID();
  const body = claimBody(memberId);
  const requestHash = createHash('sha256')
    .update(`POST /api/claims\n${canonicalJson(body)}`)
    .digest('hex');
  // What a crash right after reserving leaves (a row from before leases has only created_at).
  await t.readDb.query(
    `INSERT INTO http_idempotency (actor, key, route, request_hash, created_at)
     VALUES ('adj-ani', $1, 'POST /api/claims', $2, now() - interval '1 hour')`,
    [key, requestHash],
  );
  const taken = await submit(body, key).expect(201);
  expect(await claimsOf(memberId)).toBe(1);
  const replayed = await submit(body, key).expect(201);
  expect(replayed.headers['idempotent-replayed']).toBe('true');
  expect(replayed.body.claimId).toBe(taken.body.claimId);
});

it('a failed command releases its key: the corrected retry under the same key runs', async () => {
  const key = randomUUID();
  await submit(claimBody(randomUUID()), key).expect(404);
  const memberId = await seedMember(t.store);
  await submit(claimBody(memberId), key).expect(201);
  expect(await claimsOf(memberId)).toBe(1);
});

it('registering an heir whose answer was not stored: the retry after the lease, with the same If-Match, answers the same heir and registers no second', async () => {
  const memberId = await seedMember(t.store);
  const officer = `Bearer ${t.token(['enrollment-officer'], 'enr-sri')}`;
  const key = randomUUID();
  const etag = (await t.http.get(`/api/members/${memberId}`).set('Authorization', officer).expect(200))
    .headers.etag;
  const register = () =>
    t.http
      .post(`/api/members/${memberId}/heirs`)
      .set('Authorization', officer)
      .set('Idempotency-Key', key)
      .set('If-Match', etag)
      .send({ fullName: 'Budi', relationship: 'PARENT' });
  failStoringTheAnswerOnce();
  const first = await register().expect(201);
  await expireLease(key);
  const retried = await register().expect(201);
  expect(retried.body.heirId).toBe(first.body.heirId);
  expect(retried.body.heirs).toEqual(first.body.heirs);
});
