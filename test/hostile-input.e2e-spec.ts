import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memberDecider, nikDatePart } from '@app/domain/members';
import { FixedClock } from '@app/platform';
import { startTestApp, TestApp } from './support/app';
import { seedMember } from './support/seed-member';

/** NIKs in a region code no other test uses (1606 97), so tests cannot collide. */
let serial = 0;
function nikOf(birthDate: string, sex: 'M' | 'F'): string {
  serial += 1;
  return `160697${nikDatePart(birthDate, sex)}${String(serial).padStart(4, '0')}`;
}

function person(overrides: Record<string, unknown> = {}) {
  const birthDate = (overrides.birthDate as string) ?? '1985-05-12';
  return {
    nik: nikOf(birthDate, 'F'),
    fullName: 'Siti Rahmawati',
    birthDate,
    sex: 'F',
    village: 'Balai Agung',
    subdistrict: 'Sekayu',
    occupation: 'petani karet',
    p3keDesil: 1,
    coverageStart: '2025-01-01',
    ...overrides,
  };
}

const HEADER =
  'nik,fullName,birthDate,sex,village,subdistrict,occupation,p3keDesil,declaredMonthlyIncome,coverageStart';
const csvRow = (p: ReturnType<typeof person>, income = '') =>
  [
    p.nik,
    p.fullName,
    p.birthDate,
    p.sex,
    p.village,
    p.subdistrict,
    p.occupation,
    p.p3keDesil,
    income,
    p.coverageStart,
  ]
    .map(String)
    .join(',');

describe('Hostile input gets a clear 4xx, a row error, or a named projection failure (PostgreSQL, Redis)', () => {
  const clock = new FixedClock(new Date('2025-02-10T03:00:00Z'));
  let t: TestApp;
  let officer: string;

  beforeAll(async () => {
    t = await startTestApp({ clock });
    officer = t.token('enrollment-officer', 'officer-1');
  });
  afterAll(async () => {
    await t.close();
  });

  const enroll = (body: object) =>
    t.http.post('/api/members').set('Authorization', `Bearer ${officer}`).send(body);
  const byNik = (nik: string) =>
    t.http.get(`/api/members?nik=${nik}`).set('Authorization', `Bearer ${t.token('auditor')}`);
  const importCsv = (csv: string | Buffer) =>
    t.http
      .post('/api/members/imports')
      .set('Authorization', `Bearer ${officer}`)
      .set('Content-Type', 'text/csv')
      .send(csv);
  async function finished(importId: string, timeoutMs = 300_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await t.http
        .get(`/api/members/imports/${importId}`)
        .set('Authorization', `Bearer ${officer}`)
        .expect(200);
      if (res.body.status === 'COMPLETED') return res;
      if (Date.now() > deadline) throw new Error(`import ${importId} still ${res.body.status}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  describe('enrollment bounds are the same over HTTP and in the roster import', () => {
    it.each([
      ['birthDate', { birthDate: '2099-01-01' }, 'must not be after 2025-02-10'],
      ['birthDate', { birthDate: '1800-01-01' }, 'must not be before 1900-01-01'],
      ['coverageStart', { coverageStart: '9999-12-01' }, 'must not be after 2026-02-10'],
      ['coverageStart', { coverageStart: '2010-01-01' }, 'must not be before 2015-07-01'],
      ['declaredMonthlyIncome', { declaredMonthlyIncome: 9_007_199_254_740_991 }, 'must be at most 50000000'],
      ['subdistrict', { subdistrict: 'S'.repeat(8_000) }, 'must be at most 200 characters'],
    ])('HTTP: %s out of bounds is a 400 naming it', async (field, overrides, message) => {
      const res = await enroll(person(overrides)).expect(400);
      expect(res.body.errors).toContainEqual({ field, message: expect.stringContaining(message) });
      expect((await byNik(person(overrides).nik)).body.items).toEqual([]);
    });

    it('CSV: the same values are row errors, valid rows are enrolled, and the members read model keeps working', async () => {
      const valid = person();
      const rows = [
        csvRow(valid),
        csvRow(person({ subdistrict: 'S'.repeat(8_000) })),
        csvRow(person({ birthDate: '2099-01-01' })),
        csvRow(person({ coverageStart: '9999-12-01' })),
        csvRow(person(), '9007199254740991'),
        csvRow(person({ fullName: 'Siti\u0000Rahmawati' })),
        csvRow(person({ village: 'Balai \u001BAgung' })),
      ];
      const { importId } = (await importCsv([HEADER, ...rows].join('\n')).expect(202)).body;
      const report = (await finished(importId)).body;
      expect(report).toMatchObject({ total: 7, enrolled: 1, duplicates: 0, rejected: 6 });
      expect(report.errors.map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([
        [2, 'subdistrict'],
        [3, 'birthDate'],
        [4, 'coverageStart'],
        [5, 'declaredMonthlyIncome'],
        [6, 'fullName'],
        [7, 'village'],
      ]);
      await t.settle();
      expect((await byNik(valid.nik).expect(200)).body.items).toHaveLength(1);
      const later = person();
      await enroll(later).expect(201);
      await t.settle();
      expect((await byNik(later.nik).expect(200)).body.items).toHaveLength(1);
      const health = await t.http.get('/health').expect(200);
      expect(health.body.checks.projectionLag).toMatchObject({ status: 'up' });
    });

    it('CSV: a row that fails for a reason no rule names is a row error, and the import completes', async () => {
      const [a, b] = [person(), person()];
      const decide = memberDecider.decide.bind(memberDecider);
      const failing = jest.spyOn(memberDecider, 'decide').mockImplementation((command, state) => {
        if (command.type === 'EnrollMember' && command.data.nik === b.nik) throw new TypeError('unforeseen');
        return decide(command, state);
      });
      try {
        const { importId } = (await importCsv([HEADER, csvRow(a), csvRow(b)].join('\n')).expect(202)).body;
        const report = (await finished(importId, 30_000)).body;
        expect(report).toMatchObject({ total: 2, enrolled: 1, rejected: 1 });
        expect(report.errors).toEqual([
          { row: 2, field: 'row', message: 'could not be enrolled: unforeseen' },
        ]);
      } finally {
        failing.mockRestore();
      }
    });

    it('CSV: an unterminated quote on row 2 of 3: rows 1 and 3 are enrolled, row 2 is a row error, total 3', async () => {
      const [a, b, c] = [person(), person(), person()];
      const csv = [HEADER, csvRow(a), csvRow({ ...b, fullName: '"Budi' }), csvRow(c)].join('\n');
      const { importId } = (await importCsv(csv).expect(202)).body;
      const report = (await finished(importId)).body;
      expect(report).toMatchObject({ total: 3, enrolled: 2, rejected: 1 });
      expect(report.errors).toEqual([{ row: 2, field: 'row', message: expect.stringContaining('CSV_') }]);
      await t.settle();
      expect((await byNik(a.nik)).body.items).toHaveLength(1);
      expect((await byNik(c.nik)).body.items).toHaveLength(1);
    });
  });

  describe('NUL characters and lone surrogates are 400s naming the field', () => {
    it.each([
      ['fullName', { fullName: 'Siti\u0000' }],
      ['village', { village: 'Balai\uDC00' }],
      ['heirs[0].fullName', { heirs: [{ fullName: 'Rina\u0000', relationship: 'SPOUSE' }] }],
    ])('enrollment: %s', async (field, overrides) => {
      const res = await enroll(person(overrides)).expect(400);
      expect(res.body.errors).toEqual([{ field, message: expect.any(String) }]);
    });

    it('a contribution reference, a claim provider, a query parameter and a path', async () => {
      const finance = t.token('finance-officer');
      const payment = await t.http
        .post('/api/contribution-payments')
        .set('Authorization', `Bearer ${finance}`)
        .send({ period: '2025-01', paidOn: '2025-01-10', reference: 'BSB\u0000-1' })
        .expect(400);
      expect(payment.body.errors).toEqual([{ field: 'reference', message: expect.stringContaining('NUL') }]);

      const memberId = await seedMember(t.store);
      const claim = await t.http
        .post('/api/claims')
        .set('Authorization', `Bearer ${t.token('adjudicator')}`)
        .send({
          memberId,
          benefit: 'JKK_MEDICAL',
          incidentDate: '2025-02-01',
          workRelation: 'CONFIRMED',
          provider: 'RSUD \uD83D Sekayu',
          invoiceAmount: 1_000_000,
        })
        .expect(400);
      expect(claim.body.errors).toEqual([
        { field: 'provider', message: expect.stringContaining('surrogate') },
      ]);

      const query = await t.http
        .get('/api/members?subdistrict=Seka%00yu')
        .set('Authorization', `Bearer ${officer}`)
        .expect(400);
      expect(query.body.errors).toEqual([{ field: 'subdistrict', message: expect.stringContaining('NUL') }]);
      await t.http.get('/api/members/abc%00def').set('Authorization', `Bearer ${officer}`).expect(400);
    });
  });

  describe('requests that used to overflow or fail a query', () => {
    it('JSON nested 200,000 levels deep is a 400, with or without an Idempotency-Key', async () => {
      const deep = `{"nik":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
      for (const key of [undefined, randomUUID()]) {
        const req = t.http
          .post('/api/members')
          .set('Authorization', `Bearer ${officer}`)
          .set('Content-Type', 'application/json');
        if (key) req.set('Idempotency-Key', key);
        const res = await req.send(deep).expect(400);
        expect(res.body.errors).toEqual([{ field: 'body', message: 'must not nest deeper than 32 levels' }]);
      }
    });

    it('a claims cursor with a garbage date (or a NUL) is a 400', async () => {
      const cursor = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      for (const c of [
        cursor({ submittedAt: 'not a date', claimId: 'x' }),
        cursor({ submittedAt: '2025-13-45T99:00:00Z', claimId: 'x' }),
        cursor({ submittedAt: '2025-01-01T00:00:00Z', claimId: 'x\u0000' }),
      ]) {
        const res = await t.http
          .get(`/api/claims?cursor=${c}`)
          .set('Authorization', `Bearer ${t.token('adjudicator')}`)
          .expect(400);
        expect(res.body.errors).toEqual([
          { field: 'cursor', message: 'is not a cursor returned by this API' },
        ]);
      }
    });

    it('20,000 unknown member ids: one read-model answer, no stream read each, and a capped list', async () => {
      const known = await seedMember(t.store);
      await t.settle();
      const unknown = Array.from({ length: 19_999 }, () => randomUUID());
      const readStream = jest.spyOn(t.store, 'readStream');
      try {
        const res = await t.http
          .post('/api/contribution-payments')
          .set('Authorization', `Bearer ${t.token('finance-officer')}`)
          .send({
            period: '2025-01',
            paidOn: '2025-01-10',
            reference: `REF-${randomUUID()}`,
            memberIds: [known, ...unknown],
          })
          .expect(400);
        expect(res.body).toMatchObject({ code: 'UNKNOWN_MEMBERS', unknownMemberCount: 19_999 });
        expect(res.body.unknownMemberIds).toEqual(unknown.slice(0, 100));
        expect(JSON.stringify(res.body).length).toBeLessThan(10_000);
        const memberReads = readStream.mock.calls.filter(([stream]) => String(stream).startsWith('member-'));
        expect(memberReads).toHaveLength(0);
      } finally {
        readStream.mockRestore();
      }
    });
  });

  describe('roster error lists stay small whatever the file', () => {
    const badRows = (n: number) => `${HEADER}\n${',,,,,,,,,\n'.repeat(n)}`;

    it('100,000 empty rows: every row counted, the first 1,000 errors listed, all counted by field and reason', async () => {
      const timed = async (rows: number) => {
        const started = Date.now();
        const { importId } = (await importCsv(badRows(rows)).expect(202)).body;
        const res = await finished(importId);
        return { res, seconds: (Date.now() - started) / 1000 };
      };
      const small = await timed(25_000);
      const large = await timed(100_000);
      const report = large.res.body;
      expect(report).toMatchObject({ total: 100_000, enrolled: 0, duplicates: 0, rejected: 100_000 });
      expect(report.errors).toHaveLength(1_000);
      expect(report.errorsTruncated).toBe(true);
      expect(report.errorCounts).toContainEqual({ field: 'nik', reason: 'is required', count: 100_000 });
      expect(report.errorCounts).toContainEqual({
        field: 'subdistrict',
        reason: 'is required',
        count: 100_000,
      });
      expect(large.res.text.length).toBeLessThan(200_000);
      // Linear: four times the rows take about four times as long (generously bounded).
      console.log(`roster of bad rows: 25,000 in ${small.seconds} s, 100,000 in ${large.seconds} s`);
      expect(large.seconds).toBeLessThan(Math.max(8 * small.seconds, 20));
    });
  });

  describe('a projection that cannot apply an event says which one', () => {
    it('an old event the members projection cannot index: /health names its position, stream and type', async () => {
      // Written straight to the store, as a version without the 200-character rule once did.
      const memberId = randomUUID();
      // Random text: PostgreSQL cannot compress it below the btree limit (2704 bytes).
      const p = person({ subdistrict: randomBytes(6_000).toString('base64') });
      const written = await t.store.append(
        `member-${memberId}`,
        [
          {
            type: 'MemberEnrolled',
            data: {
              memberId,
              ...p,
              declaredMonthlyIncome: 1_000_000,
              membershipNo: 1,
              heirs: [],
              enrolledOn: '2025-02-10',
            },
          },
        ].map((e) => ({ ...e, id: randomUUID() })),
        'no_stream',
        { actor: 'old-version', correlationId: 'old' },
      );
      const position = written.position;
      const deadline = Date.now() + 20_000;
      let lag:
        { status: string; detail: string; projections: Record<string, { failing?: object }> } | undefined;
      for (;;) {
        const health = await t.http.get('/health').expect(200);
        lag = health.body.checks.projectionLag;
        if (lag?.projections.members?.failing || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(lag).toMatchObject({ status: 'down' });
      expect(lag!.projections.members.failing).toEqual({
        position: Number(position),
        streamId: `member-${memberId}`,
        type: 'MemberEnrolled',
        error: expect.stringContaining('index row size'),
      });
      expect(lag!.detail).toContain(`cannot apply event ${position} (MemberEnrolled on member-${memberId})`);
    });
  });
});

describe('/health on the embedded store (PGlite)', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'health-path-'));
    t = await startTestApp({
      env: { EVENT_STORE_URL: `pglite://${dir}`, READ_MODEL_URL: `pglite://${dir}` },
    });
  });
  afterAll(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('names what answers, never the data directory', async () => {
    const res = await t.http.get('/health').expect(200);
    expect(res.body.checks.eventStore).toMatchObject({ status: 'up' });
    expect(res.text).not.toContain(dir);
  });
});
