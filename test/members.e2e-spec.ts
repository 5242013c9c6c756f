import { randomUUID } from 'node:crypto';
import { FixedClock } from '@app/platform';
import { nikDatePart, rosterRowToEnrollment } from '@app/domain/members';
import { generateRoster, toCsv } from '@app/roster';
import {
  enrollPerson,
  importedMemberId,
  NikKey,
  nikReservationStreamId,
  rosterImportStreamId,
  RosterImporter,
  saveRosterFile,
} from '@app/features/members';
import { nameBasedUuid } from '@app/features/shared';
import { startTestApp, TestApp } from './support/app';

/** NIKs in a region code the roster generator never uses (1606 99), so tests cannot collide. */
let serial = 0;
function nikOf(birthDate: string, sex: 'M' | 'F'): string {
  serial += 1;
  return `160699${nikDatePart(birthDate, sex)}${String(serial).padStart(4, '0')}`;
}

function person(overrides: Record<string, unknown> = {}) {
  const birthDate = (overrides.birthDate as string) ?? '1985-05-12';
  const sex = (overrides.sex as 'M' | 'F') ?? 'F';
  return {
    nik: nikOf(birthDate, sex),
    fullName: 'Siti Rahmawati',
    birthDate,
    sex,
    village: 'Balai Agung',
    subdistrict: 'Sekayu',
    occupation: 'petani karet',
    p3keDesil: 1,
    coverageStart: '2025-01-01',
    heirs: [
      { fullName: 'Ahmad Fauzi', relationship: 'SPOUSE' },
      { fullName: 'Rina', relationship: 'CHILD', birthDate: '2012-03-04' },
    ],
    ...overrides,
  };
}

describe('Members over HTTP (PostgreSQL, Redis)', () => {
  const clock = new FixedClock(new Date('2025-02-10T03:00:00Z')); // 10:00 in Jakarta
  let t: TestApp;
  let officer: string;

  beforeAll(async () => {
    t = await startTestApp({ clock });
    officer = t.token('enrollment-officer', 'officer-1');
  });
  afterAll(async () => {
    await t.close();
  });
  afterEach(() => clock.set('2025-02-10T03:00:00Z'));

  const enroll = (body: unknown, token = officer) =>
    t.http
      .post('/api/members')
      .set('Authorization', `Bearer ${token}`)
      .send(body as object);
  const getMember = (id: string) =>
    t.http.get(`/api/members/${id}`).set('Authorization', `Bearer ${t.token('auditor')}`);
  const list = (query: string) =>
    t.http.get(`/api/members?${query}`).set('Authorization', `Bearer ${t.token('adjudicator')}`);

  describe('enrollment', () => {
    it('enrolls a person: 201 {memberId, nik, status}, then the view with heirs, version and ETag', async () => {
      const body = person();
      const res = await enroll(body).expect(201);
      expect(res.body).toEqual({ memberId: expect.any(String), nik: body.nik, status: 'ACTIVE' });

      const view = await getMember(res.body.memberId).expect(200);
      expect(view.headers.etag).toBe('"1"');
      expect(view.body).toMatchObject({
        memberId: res.body.memberId,
        nik: body.nik,
        fullName: 'Siti Rahmawati',
        birthDate: '1985-05-12',
        sex: 'F',
        p3keDesil: 1,
        declaredMonthlyIncome: 1_000_000,
        coverageStart: '2025-01-01',
        status: 'ACTIVE',
        paidMonths: [],
        contributionMonths: 0,
        version: 1,
      });
      expect(view.body.heirs).toEqual([
        { heirId: expect.any(String), fullName: 'Ahmad Fauzi', relationship: 'SPOUSE' },
        { heirId: expect.any(String), fullName: 'Rina', relationship: 'CHILD', birthDate: '2012-03-04' },
      ]);

      await t.settle();
      const found = await list(`nik=${body.nik}`).expect(200);
      expect(found.body.items.map((m: { memberId: string }) => m.memberId)).toEqual([res.body.memberId]);
      expect(found.body.items[0]).toMatchObject({ status: 'ACTIVE', version: 1 });
    });

    it('a bad NIK date part, a mid-month coverage start and an unknown field are field-level 400s', async () => {
      const body = person({ sex: 'F' });
      const wrongDay = body.nik.slice(0, 6) + nikDatePart('1985-05-12', 'M') + body.nik.slice(12); // no +40
      const res = await enroll({
        ...body,
        nik: wrongDay,
        coverageStart: '2025-03-15',
        favouriteColour: 'blue',
      }).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      const fields = res.body.errors.map((e: { field: string }) => e.field).sort();
      expect(fields).toEqual(['coverageStart', 'favouriteColour', 'nik']);
      expect(res.body.errors.find((e: { field: string }) => e.field === 'favouriteColour').message).toBe(
        'unknown field',
      );
      expect(res.body.errors.find((e: { field: string }) => e.field === 'nik').message).toMatch(
        /women add 40/,
      );
      expect(JSON.stringify(res.body)).not.toContain(wrongDay);

      const child = await enroll(person({ heirs: [{ fullName: 'Rina', relationship: 'CHILD' }] })).expect(
        400,
      );
      expect(child.body.errors).toEqual([
        { field: 'heirs[0].birthDate', message: expect.stringMatching(/CHILD/) },
      ]);
      const short = await enroll({ ...person(), nik: '160699120585' }).expect(400);
      expect(short.body.errors).toEqual([{ field: 'nik', message: 'must be exactly 16 digits' }]);
      const income = await enroll(person({ declaredMonthlyIncome: 750_000 })).expect(400);
      expect(income.body.errors).toEqual([
        { field: 'declaredMonthlyIncome', message: 'must be at least 1000000' },
      ]);
    });

    it('needs the enrollment-officer role: 403 for others, 401 without a token', async () => {
      await enroll(person(), t.token('finance-officer')).expect(403);
      await t.http.post('/api/members').send(person()).expect(401);
      await enroll(person(), t.token('admin')).expect(201);
    });

    it('one person, one membership: 10 concurrent enrollments of one NIK give one 201 and nine 409 naming the member', async () => {
      const body = person();
      const results = await Promise.all(Array.from({ length: 10 }, () => enroll(body)));
      const created = results.filter((r) => r.status === 201);
      const refused = results.filter((r) => r.status === 409);
      expect(created).toHaveLength(1);
      expect(refused).toHaveLength(9);
      const { memberId } = created[0].body;
      for (const r of refused) {
        expect(r.body).toMatchObject({ status: 409, code: 'MEMBER_ALREADY_ENROLLED', memberId });
        expect(r.body.detail).not.toContain(body.nik);
      }
      const again = await enroll(body).expect(409);
      expect(again.body.memberId).toBe(memberId);
    });

    it('an Idempotency-Key replay returns the first answer and enrolls once', async () => {
      const body = person();
      const key = randomUUID();
      const first = await enroll(body).set('Idempotency-Key', key).expect(201);
      const replay = await enroll(body).set('Idempotency-Key', key).expect(201);
      expect(replay.body).toEqual(first.body);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      await t.settle();
      expect((await list(`nik=${body.nik}`)).body.items).toHaveLength(1);
    });
  });

  describe('crash recovery of a NIK reservation', () => {
    it('a reservation whose member stream was never written is completed under the reserved id', async () => {
      const body = person();
      const reservedId = randomUUID();
      // The crash: the reservation is written, the member stream is not.
      await t.store.append(
        nikReservationStreamId(body.nik, t.app.get(NikKey)),
        [{ type: 'NikReserved', data: { memberId: reservedId } }],
        'no_stream',
        {
          actor: 'officer-1',
          correlationId: 'crashed-request',
        },
      );
      const results = await Promise.all(Array.from({ length: 5 }, () => enroll(body)));
      expect(results.filter((r) => r.status === 201).map((r) => r.body.memberId)).toEqual([reservedId]);
      expect(results.filter((r) => r.status === 409).every((r) => r.body.memberId === reservedId)).toBe(true);
      expect((await getMember(reservedId).expect(200)).body).toMatchObject({ nik: body.nik, version: 1 });
      expect((await t.store.readStream(nikReservationStreamId(body.nik, t.app.get(NikKey)))).length).toBe(1);
    });
  });

  describe('heirs after enrollment', () => {
    it('POST /api/members/{id}/heirs registers an heir, honouring If-Match', async () => {
      const { memberId } = (await enroll(person({ heirs: [] })).expect(201)).body;
      const added = await t.http
        .post(`/api/members/${memberId}/heirs`)
        .set('Authorization', `Bearer ${officer}`)
        .set('If-Match', '"1"')
        .send({ fullName: 'Budi', relationship: 'PARENT' })
        .expect(201);
      expect(added.headers.etag).toBe('"2"');
      expect(added.body).toMatchObject({ heirId: expect.any(String), version: 2 });
      expect(added.body.heirs).toEqual([
        { heirId: added.body.heirId, fullName: 'Budi', relationship: 'PARENT' },
      ]);

      await t.http
        .post(`/api/members/${memberId}/heirs`)
        .set('Authorization', `Bearer ${officer}`)
        .set('If-Match', '"1"')
        .send({ fullName: 'Sari', relationship: 'SIBLING' })
        .expect(412);
      await t.http
        .post(`/api/members/${memberId}/heirs`)
        .set('Authorization', `Bearer ${officer}`)
        .send({ fullName: 'Sari', relationship: 'GRANDSON' })
        .expect(400);
      await t.http
        .post(`/api/members/${randomUUID()}/heirs`)
        .set('Authorization', `Bearer ${officer}`)
        .send({ fullName: 'Sari', relationship: 'SIBLING' })
        .expect(404);
      const doc = await t.http.get('/docs-json').expect(200);
      expect(doc.body.paths['/api/members/{memberId}/heirs'].post).toBeDefined();
    });
  });

  describe('lapse and re-enrollment (docs/benefit-rules.md "Contributions and coverage")', () => {
    it('status and the status filter follow today; a LAPSED member is re-enrolled under the same id from zero', async () => {
      const body = person({ coverageStart: '2025-01-01' });
      const { memberId } = (await enroll(body).expect(201)).body;
      await t.settle();
      const ids = async (q: string) =>
        (await list(`${q}&subdistrict=Sekayu&limit=500`).expect(200)).body.items.map(
          (m: { memberId: string }) => m.memberId,
        );
      expect(await ids('status=ACTIVE')).toContain(memberId);

      // Nothing paid for January to March: the membership lapses on 2025-04-01.
      clock.set('2025-03-31T16:59:00Z'); // 23:59 on 03-31 in Jakarta
      expect((await getMember(memberId)).body.status).toBe('ACTIVE');
      clock.set('2025-03-31T17:00:00Z'); // 00:00 on 04-01 in Jakarta
      expect((await getMember(memberId)).body).toMatchObject({ status: 'LAPSED', lapsedOn: '2025-04-01' });
      expect(await ids('status=LAPSED')).toContain(memberId);
      expect(await ids('status=ACTIVE')).not.toContain(memberId);

      const overlapping = await enroll({ ...body, coverageStart: '2025-03-01' }).expect(400);
      expect(overlapping.body.errors[0].field).toBe('coverageStart');
      const again = await enroll({ ...body, coverageStart: '2025-05-01', village: 'Kayuara' }).expect(201);
      expect(again.body).toEqual({ memberId, nik: body.nik, status: 'ACTIVE' });
      const view = (await getMember(memberId).expect(200)).body;
      expect(view).toMatchObject({
        coverageStart: '2025-05-01',
        village: 'Kayuara',
        status: 'ACTIVE',
        paidMonths: [],
        contributionMonths: 0,
        version: 2,
      });
      expect(view.lapsedOn).toBeUndefined();
      expect(view.heirs).toHaveLength(2); // the registered heirs carry over
      await enroll({ ...body, coverageStart: '2025-06-01' }).expect(409);
    });
  });

  describe('roster import', () => {
    const importCsv = (csv: string | Buffer, token = officer) =>
      t.http
        .post('/api/members/imports')
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', 'text/csv')
        .send(csv);

    async function finished(importId: string, timeoutMs = 150_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const res = await t.http
          .get(`/api/members/imports/${importId}`)
          .set('Authorization', `Bearer ${officer}`)
          .expect(200);
        if (res.body.status === 'COMPLETED') return res.body;
        if (Date.now() > deadline)
          throw new Error(
            `import ${importId} still ${res.body.status}: ${JSON.stringify(res.body).slice(0, 300)}`,
          );
        await new Promise((r) => setTimeout(r, 250));
      }
    }

    it('45,000 rows with invalid and duplicate rows: every row counted once; a re-import enrolls nobody', async () => {
      const roster = generateRoster({ rows: 45_000, seed: 7, invalidRate: 0.01, duplicateRate: 0.01 });
      const csv = toCsv(roster.rows);
      const started = Date.now();
      const accepted = await importCsv(csv).expect(202);
      expect(accepted.body).toEqual({ importId: expect.any(String) });
      const report = await finished(accepted.body.importId);
      const seconds = (Date.now() - started) / 1000;
      expect(report).toMatchObject({
        importId: accepted.body.importId,
        status: 'COMPLETED',
        total: 45_000,
        enrolled: roster.expected.valid,
        duplicates: roster.expected.duplicates,
        rejected: roster.expected.invalid,
      });
      expect(report.total).toBe(report.enrolled + report.duplicates + report.rejected);
      // Each rejected row is reported with its row number and the field at fault.
      const rejectedRows = new Map<number, Set<string>>();
      for (const e of report.errors)
        rejectedRows.set(e.row, (rejectedRows.get(e.row) ?? new Set()).add(e.field));
      expect(rejectedRows.size).toBe(roster.expected.invalid);
      for (const bad of roster.invalidRows) expect(rejectedRows.get(bad.row)).toContain(bad.field);
      expect(report.duplicateRows).toHaveLength(roster.expected.duplicates);
      expect(report.duplicateRows.every((d: { reason: string }) => d.reason === 'REPEATS_EARLIER_ROW')).toBe(
        true,
      );
      expect(JSON.stringify(report)).not.toMatch(/\d{16}/); // no NIK in the report
      console.log(
        `45,000-row import on PostgreSQL: ${seconds.toFixed(1)} s (${Math.round(45_000 / seconds)} rows/s)`,
      );

      await t.settle();
      const first = roster.rows[roster.kinds.indexOf('valid')];
      const member = (await list(`nik=${first.nik}`).expect(200)).body.items;
      expect(member).toHaveLength(1);
      expect(member[0]).toMatchObject({ fullName: first.fullName, coverageStart: first.coverageStart });

      const again = await importCsv(csv).expect(202);
      expect(again.body.importId).not.toBe(accepted.body.importId);
      const second = await finished(again.body.importId);
      expect(second).toMatchObject({
        total: 45_000,
        enrolled: 0,
        duplicates: roster.expected.valid + roster.expected.duplicates,
        rejected: roster.expected.invalid,
      });
      // The first 1,000 duplicates are listed, all of them counted.
      expect(second.duplicateRows).toHaveLength(1_000);
      expect(second.duplicateRowsTruncated).toBe(true);
      expect(
        second.duplicateRows.filter((d: { reason: string }) => d.reason === 'EXISTING_MEMBER').length,
      ).toBeGreaterThan(900);
      await t.settle();
      expect((await list(`nik=${first.nik}`).expect(200)).body.items).toHaveLength(1);
    }, 240_000);

    it('a row that repeats an existing member is a duplicate, never a re-enrollment, even when LAPSED', async () => {
      const lapsed = person({ coverageStart: '2024-01-01' }); // lapsed on 2024-04-01
      const { memberId, status } = (await enroll(lapsed).expect(201)).body;
      expect(status).toBe('LAPSED');
      await t.settle();
      const header =
        'nik,fullName,birthDate,sex,village,subdistrict,occupation,p3keDesil,declaredMonthlyIncome,coverageStart';
      const row = [
        lapsed.nik,
        lapsed.fullName,
        lapsed.birthDate,
        lapsed.sex,
        'Kayuara',
        'Sekayu',
        'nelayan',
        '2',
        '',
        '2025-03-01',
      ];
      const { importId } = (await importCsv(`${header}\n${row.join(',')}\n`).expect(202)).body;
      const report = await finished(importId);
      expect(report).toMatchObject({ total: 1, enrolled: 0, duplicates: 1, rejected: 0 });
      expect(report.duplicateRows).toEqual([{ row: 1, reason: 'EXISTING_MEMBER', memberId }]);
      expect((await getMember(memberId)).body).toMatchObject({ version: 1, status: 'LAPSED' });
    });

    it('quoted cells are parsed as CSV, not split on commas; a row with a wrong field count is rejected', async () => {
      const header =
        'nik,fullName,birthDate,sex,village,subdistrict,occupation,p3keDesil,declaredMonthlyIncome,coverageStart';
      const a = person();
      const b = person();
      const csv = [
        header,
        [
          a.nik,
          '"Fauzi, Ahmad"',
          a.birthDate,
          a.sex,
          '"Desa ""Baru"""',
          'Sekayu',
          'petani',
          '1',
          '1200000',
          '2025-02-01',
        ].join(','),
        [
          b.nik,
          'Budi',
          b.birthDate,
          b.sex,
          'Kayuara',
          'Sekayu',
          'petani',
          '1',
          '',
          '2025-02-01',
          'extra',
        ].join(','),
      ].join('\r\n');
      const { importId } = (await importCsv(csv).expect(202)).body;
      const report = await finished(importId);
      expect(report).toMatchObject({ total: 2, enrolled: 1, duplicates: 0, rejected: 1 });
      expect(report.errors).toEqual([{ row: 2, field: 'row', message: 'has 11 fields, the header has 10' }]);
      await t.settle();
      const [member] = (await list(`nik=${a.nik}`).expect(200)).body.items;
      expect(member).toMatchObject({
        fullName: 'Fauzi, Ahmad',
        village: 'Desa "Baru"',
        declaredMonthlyIncome: 1_200_000,
      });
    });

    it('an Idempotency-Key retry with the same file is the same import; with another file, a 422', async () => {
      const header =
        'nik,fullName,birthDate,sex,village,subdistrict,occupation,p3keDesil,declaredMonthlyIncome,coverageStart';
      const p = person();
      const csv = `${header}\n${[p.nik, p.fullName, p.birthDate, p.sex, 'Kayuara', 'Sekayu', 'petani', '1', '', '2025-02-01'].join(',')}\n`;
      const key = randomUUID();
      const first = await importCsv(csv).set('Idempotency-Key', key).expect(202);
      const retry = await importCsv(csv).set('Idempotency-Key', key).expect(202);
      expect(retry.body.importId).toBe(first.body.importId);
      await importCsv(`${csv}\n`.replace(p.fullName, 'Other')).set('Idempotency-Key', key).expect(422);
      expect(await finished(first.body.importId)).toMatchObject({ total: 1, enrolled: 1 });
    });

    it('refuses what is not a roster: 415 for JSON, 400 for a missing column, 413 over 50 MiB, 403 for other roles', async () => {
      await t.http
        .post('/api/members/imports')
        .set('Authorization', `Bearer ${officer}`)
        .send({ rows: [] })
        .expect(415);
      const missing = await importCsv('nik,fullName\n1,2\n').expect(400);
      expect(missing.body.errors.map((e: { field: string }) => e.field)).toContain('coverageStart');
      const huge = Buffer.alloc(50 * 1024 * 1024 + 1, 0x61);
      const tooBig = await importCsv(huge).expect(413);
      expect(tooBig.headers['content-type']).toMatch(/application\/problem\+json/);
      await importCsv('nik\n', t.token('finance-officer')).expect(403);
    });

    it('an import interrupted after it was accepted resumes from its stream, counting rows enrolled before the crash once', async () => {
      const roster = generateRoster({ rows: 1_200, seed: 99, duplicateRate: 0.02 });
      // Province 17 instead of 16: no NIK of the 45,000-row roster comes back.
      roster.rows.forEach((r) => (r.nik = `17${r.nik.slice(2)}`));
      const csv = Buffer.from(toCsv(roster.rows));
      const importId = randomUUID();
      const ctx = { actor: 'officer-1', correlationId: 'crashed-import' };
      // The crash: the file is stored, the import is started, the first two rows were enrolled
      // row by row by the dead process, and no chunk was recorded.
      await saveRosterFile(t.readDb, importId, csv);
      await t.store.append(
        rosterImportStreamId(importId),
        [
          {
            type: 'RosterImportStarted',
            data: {
              importId,
              fileSha256: 'x',
              fileBytes: csv.length,
              startedOn: '2025-02-10',
              startedBy: 'officer-1',
            },
          },
        ],
        'no_stream',
        ctx,
      );
      const importer = t.app.get(RosterImporter);
      for (const row of [1, 2]) {
        const parsed = rosterRowToEnrollment(roster.rows[row - 1], row);
        if (!parsed.ok) throw new Error('generated row is invalid');
        await enrollPerson(
          t.store,
          {
            input: { ...parsed.input, heirs: [] },
            today: '2025-02-10',
            memberId: importedMemberId(importId, row),
            eventIds: {
              reservation: nameBasedUuid('roster-import', importId, 'reservation', String(row)),
              enrollment: nameBasedUuid('roster-import', importId, 'enrollment', String(row)),
            },
            reEnrollLapsed: false,
            nikKey: t.app.get(NikKey),
          },
          ctx,
        );
      }
      await importer.resumeUnfinished();
      const report = await finished(importId);
      expect(report).toMatchObject({
        total: 1_200,
        enrolled: roster.expected.valid,
        duplicates: roster.expected.duplicates,
        rejected: 0,
      });
      // Longer than finished()'s own 150 s wait, so a stuck import fails naming its status.
    }, 180_000);
  });
});
