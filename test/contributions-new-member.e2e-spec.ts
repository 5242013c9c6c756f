import { Client } from 'pg';
import { FixedClock } from '@app/platform';
import { nikDatePart } from '@app/domain/members';
import { TEST_DATABASE_URL } from '@app/testing';
import { startTestApp, TestApp } from './support/app';

/**
 * A payment for "every member active in the period" is answered from the members read model
 * after waiting for it. On PostgreSQL an enrollment committed while an older transaction still
 * runs (any session's) is hidden from plain reads until that transaction ends: the wait must
 * not take that silence for "caught up", or the new member is left out of the payment.
 */
describe('A payment posted right after an enrollment (PostgreSQL, Redis)', () => {
  const clock = new FixedClock(new Date('2025-02-10T03:00:00Z'));
  let t: TestApp;
  let holder: Client;

  beforeAll(async () => {
    t = await startTestApp({ clock });
    holder = new Client({ connectionString: TEST_DATABASE_URL });
    await holder.connect();
  });
  afterAll(async () => {
    await holder.end().catch(() => undefined);
    await t.close();
  });

  it('covers the member enrolled just before the request, though an older transaction still ran', async () => {
    const officer = t.token('enrollment-officer', 'officer-1');
    const finance = t.token('finance-officer', 'finance-1');
    await t.settle();
    await holder.query('BEGIN');
    await holder.query('SELECT pg_current_xact_id()');
    const { memberId } = (
      await t.http
        .post('/api/members')
        .set('Authorization', `Bearer ${officer}`)
        .send({
          nik: `160698${nikDatePart('1984-05-17', 'F')}0001`,
          fullName: 'Sri Wahyuni',
          birthDate: '1984-05-17',
          sex: 'F',
          village: 'Lais',
          subdistrict: 'Lais',
          occupation: 'petani',
          p3keDesil: 1,
          coverageStart: '2025-01-01',
        })
        .expect(201)
    ).body as { memberId: string };

    const posting = t.http
      .post('/api/contribution-payments')
      .set('Authorization', `Bearer ${finance}`)
      .send({ period: '2025-01', paidOn: '2025-02-05', reference: 'BSB-NEW-MEMBER' })
      .then((res) => res);
    await new Promise((r) => setTimeout(r, 500));
    await holder.query('COMMIT');
    const res = await posting;

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ membersCovered: 1, notActive: 0 });
    await t.settle();
    const member = await t.http
      .get(`/api/members/${memberId}`)
      .set('Authorization', `Bearer ${finance}`)
      .expect(200);
    expect(member.body.paidMonths).toEqual(['2025-01']);
  });
});
