import { nikDatePart } from '@app/domain/members';
import { startTestApp, TestApp } from './support/app';
import { claimsHttp, SteppingClock } from './support/claims-http';

/**
 * Member corrections (docs/benefit-rules.md "Corrections", docs/api.md "Corrections"): the
 * enrollment rules hold after a correction, and a corrected NIK moves its reservation.
 * "Today" is 2026-03-16 in Jakarta.
 */

let t: TestApp;
const { post, get } = claimsHttp(() => t);

beforeAll(async () => {
  t = await startTestApp({ clock: new SteppingClock() });
});
afterAll(async () => {
  await t?.close();
});

/** NIKs in a region code no other test uses (1606 98). */
let serial = 0;
const nikOf = (birthDate: string, sex: 'M' | 'F') =>
  `160698${nikDatePart(birthDate, sex)}${String(++serial).padStart(4, '0')}`;

const enroll = async (nik = nikOf('1985-05-12', 'M')) =>
  (
    await post('officer', '/api/members', {
      nik,
      fullName: 'Ahmad Fauzi',
      birthDate: '1985-05-12',
      sex: 'M',
      village: 'Balai Agung',
      subdistrict: 'Sekayu',
      occupation: 'petani karet',
      p3keDesil: 1,
      coverageStart: '2026-01-01',
    }).expect(201)
  ).body as { memberId: string; nik: string };
const correct = (memberId: string, changes: object, ifMatch?: string) => {
  const r = t.http
    .post(`/api/members/${memberId}/corrections`)
    .set('Authorization', `Bearer ${t.token(['enrollment-officer'], 'enr-fajar')}`);
  if (ifMatch) r.set('If-Match', ifMatch);
  return r.send({ changes, reason: 'typed wrong at enrollment' });
};

describe('member corrections', () => {
  it('a correction changes the member view and records MemberCorrected with the changes, reason and actor', async () => {
    const { memberId } = await enroll();
    const { body } = await correct(memberId, { fullName: 'Ahmad Fauzan', village: 'Kayuara' }).expect(200);
    expect(body).toMatchObject({ memberId, fullName: 'Ahmad Fauzan', village: 'Kayuara', version: 2 });
    const [, event] = await t.store.readStream(`member-${memberId}`);
    expect(event).toMatchObject({
      type: 'MemberCorrected',
      data: {
        changes: { fullName: 'Ahmad Fauzan', village: 'Kayuara' },
        previous: { fullName: 'Ahmad Fauzi', village: 'Balai Agung' },
        reason: 'typed wrong at enrollment',
        correctedBy: 'enr-fajar',
      },
      metadata: { actor: 'enr-fajar' },
    });
  });

  it('field errors as for enrollment: a birth date the NIK does not match, an unknown field, a bad sex', async () => {
    const { memberId } = await enroll();
    const { body } = await correct(memberId, { birthDate: '1985-05-13' }).expect(400);
    expect(body.errors.map((e: { field: string }) => e.field)).toContain('changes.nik');
    await correct(memberId, { coverageStart: '2026-02-01' }).expect(400);
    await correct(memberId, { sex: 'X' }).expect(400);
    await t.http
      .post(`/api/members/${memberId}/corrections`)
      .set('Authorization', `Bearer ${t.token(['enrollment-officer'], 'enr-fajar')}`)
      .send({ changes: { fullName: 'A' } })
      .expect(400);
    await correct('no-such-member', { fullName: 'A' }).expect(404);
    // Another role may not correct.
    await post('finance', `/api/members/${memberId}/corrections`, {
      changes: { fullName: 'A' },
      reason: 'r',
    }).expect(403);
  });

  it('a stale If-Match is a 412; the current one is accepted', async () => {
    const { memberId } = await enroll();
    await correct(memberId, { occupation: 'nelayan' }, '"1"').expect(200);
    await correct(memberId, { occupation: 'buruh' }, '"1"').expect(412);
    await correct(memberId, { occupation: 'buruh' }, '"2"').expect(200);
  });

  it('a corrected NIK moves its reservation: the new NIK is the member, the old one free to enroll', async () => {
    const { memberId, nik: oldNik } = await enroll();
    const newNik = nikOf('1985-05-13', 'M');
    const { body } = await correct(memberId, { nik: newNik, birthDate: '1985-05-13' }).expect(200);
    expect(body).toMatchObject({ nik: newNik, birthDate: '1985-05-13' });
    // Enrolling the new NIK names the corrected member; the old NIK enrolls a new person.
    const dup = await post('officer', '/api/members', {
      nik: newNik,
      fullName: 'X',
      birthDate: '1985-05-13',
      sex: 'M',
      village: 'V',
      subdistrict: 'S',
      occupation: 'O',
      p3keDesil: 1,
      coverageStart: '2026-01-01',
    }).expect(409);
    expect(dup.body.memberId).toBe(memberId);
    const other = await enroll(oldNik);
    expect(other.memberId).not.toBe(memberId);
    // The members read model follows: the new NIK finds the corrected member.
    const deadline = Date.now() + 20_000;
    let found: { memberId: string }[] = [];
    while (found.length === 0 && Date.now() < deadline) {
      found = (await get('officer', `/api/members?nik=${newNik}`).expect(200)).body.items;
      if (found.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(found.map((m) => m.memberId)).toEqual([memberId]);
  });

  it('a NIK of another member is a 409 naming it, and nothing changes', async () => {
    const a = await enroll();
    const b = await enroll();
    const { body } = await correct(a.memberId, { nik: b.nik }).expect(409);
    expect(body.memberId).toBe(b.memberId);
    expect((await get('officer', `/api/members/${a.memberId}`).expect(200)).body.nik).toBe(a.nik);
  });

  it('concurrent corrections and an enrollment to one NIK: exactly one gets it', async () => {
    const a = await enroll();
    const b = await enroll();
    const contested = nikOf('1985-05-12', 'M');
    const results = await Promise.all([
      correct(a.memberId, { nik: contested }),
      correct(b.memberId, { nik: contested }),
      post('officer', '/api/members', {
        nik: contested,
        fullName: 'Rahmat',
        birthDate: '1985-05-12',
        sex: 'M',
        village: 'V',
        subdistrict: 'S',
        occupation: 'O',
        p3keDesil: 1,
        coverageStart: '2026-01-01',
      }),
    ]);
    const won = results.filter((r) => r.status === 200 || r.status === 201);
    expect(won).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(2);
    const holders = await Promise.all(
      [a.memberId, b.memberId].map(async (id) => (await get('officer', `/api/members/${id}`)).body.nik),
    );
    const enrolledNew = results[2].status === 201 ? 1 : 0;
    expect(holders.filter((n) => n === contested).length + enrolledNew).toBe(1);
  });
});
