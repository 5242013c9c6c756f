import { openSqlClient, SqlEventStore } from '@app/event-store';
import { UPCASTERS } from '@app/features';
import { ALL_PROJECTIONS, rebuildProjections, replayMemberAsOf } from '@app/read-models';
import { freshSchema } from '@app/testing';
import { startTestApp, TestApp } from '../support/app';

/**
 * Guarantee 8 end to end: an event stored at schema version 1 is read at version 2 by replay,
 * by a projection (live and rebuilt) and by the audit API, while its stored bytes stay exactly
 * as written and its hash still verifies.
 *
 * The history: MemberEnrolled v1 called the name `name` and the decile `desil`; v2 calls them
 * `fullName` and `p3keDesil` and numbers the membership. The upcaster is registered on the
 * app-wide registry, as a real schema change would register it.
 */
const MEMBER_ID = 'upcast-member-1';
const NIK = '1606011205850001';
const V1_ENROLLED = {
  memberId: MEMBER_ID,
  nik: NIK,
  name: 'Ahmad Fauzi',
  birthDate: '1985-05-12',
  sex: 'M',
  village: 'Balai Agung',
  subdistrict: 'Sekayu',
  occupation: 'petani karet',
  desil: 1,
  declaredMonthlyIncome: 1_000_000,
  coverageStart: '2025-01-01',
  heirs: [{ heirId: 'heir-1', fullName: 'Siti Aminah', relationship: 'SPOUSE' }],
  enrolledOn: '2025-01-02',
};

let t: TestApp;
let schema: { url: string; drop: () => Promise<void> };

beforeAll(async () => {
  schema = await freshSchema('upcast');
  // Written by the old code: version 1, through a store that knows no upcasters.
  const old = await SqlEventStore.create(await openSqlClient(schema.url));
  await old.append(
    `member-${MEMBER_ID}`,
    [
      { type: 'MemberEnrolled', data: V1_ENROLLED, schemaVersion: 1 },
      {
        type: 'ContributionMonthPaid',
        data: {
          memberId: MEMBER_ID,
          period: '2025-01',
          paidOn: '2025-01-05',
          paymentId: 'p-1',
          membershipNo: 1,
          amount: 16_800,
          jkk: 10_000,
          jkm: 6_800,
        },
      },
    ],
    'no_stream',
    { actor: 'legacy-import', correlationId: 'legacy' },
  );
  await old.close();

  // The schema changes to version 2; the new code starts on the same store.
  UPCASTERS.register({
    type: 'MemberEnrolled',
    fromVersion: 1,
    upcast: (data) => {
      const { name, desil, ...rest } = data as typeof V1_ENROLLED;
      return { ...rest, fullName: name, p3keDesil: desil, membershipNo: 1 };
    },
  });
  t = await startTestApp({ env: { EVENT_STORE_URL: schema.url, READ_MODEL_URL: schema.url } });
  await t.settle();
});

afterAll(async () => {
  await t?.close();
  await schema?.drop();
});

const auditor = () => `Bearer ${t.token('auditor')}`;

describe('upcasting: version 1 stored, version 2 read everywhere (guarantee 8)', () => {
  it('replay folds version 2', async () => {
    const [enrolled] = await t.store.readStream(`member-${MEMBER_ID}`);
    expect(enrolled.metadata.schemaVersion).toBe(2);
    expect(enrolled.data).toMatchObject({ fullName: 'Ahmad Fauzi', p3keDesil: 1, membershipNo: 1 });
    expect(enrolled.data).not.toHaveProperty('name');
    const view = await replayMemberAsOf(t.store, MEMBER_ID, undefined, new Date('2025-01-20T00:00:00Z'));
    expect(view).toMatchObject({ fullName: 'Ahmad Fauzi', p3keDesil: 1, paidMonths: ['2025-01'] });
  });

  it('the members projection, live and rebuilt, holds version 2', async () => {
    const listed = await t.http.get(`/api/members?nik=${NIK}`).set('Authorization', auditor()).expect(200);
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0]).toMatchObject({
      memberId: MEMBER_ID,
      fullName: 'Ahmad Fauzi',
      p3keDesil: 1,
    });
    await rebuildProjections(t.store, t.readDb, ALL_PROJECTIONS);
    const rebuilt = await t.http.get(`/api/members?nik=${NIK}`).set('Authorization', auditor()).expect(200);
    expect(rebuilt.body.items[0]).toMatchObject({
      memberId: MEMBER_ID,
      fullName: 'Ahmad Fauzi',
      p3keDesil: 1,
    });
  });

  it('the audit API shows version 2: the event log and the as-of view', async () => {
    const log = await t.http
      .get(`/api/audit/events?stream=member-${MEMBER_ID}`)
      .set('Authorization', auditor())
      .expect(200);
    expect(log.body.items[0]).toMatchObject({
      type: 'MemberEnrolled',
      data: { fullName: 'Ahmad Fauzi', p3keDesil: 1 },
      metadata: { actor: 'legacy-import', schemaVersion: 2 },
    });
    expect(log.body.items[0].data).not.toHaveProperty('name');
    const asOf = await t.http
      .get(`/api/audit/members/${MEMBER_ID}`)
      .set('Authorization', auditor())
      .expect(200);
    expect(asOf.body).toMatchObject({ memberId: MEMBER_ID, fullName: 'Ahmad Fauzi', p3keDesil: 1 });
  });

  it('the stored bytes are untouched and still verify', async () => {
    const { rows } = await t.readDb.query<{ data: unknown; metadata: { schemaVersion: number } }>(
      `SELECT data, metadata FROM es_events WHERE stream_id = $1 AND stream_revision = 0`,
      [`member-${MEMBER_ID}`],
    );
    expect(rows[0].data).toEqual(V1_ENROLLED);
    expect(rows[0].metadata.schemaVersion).toBe(1);
    const verified = await t.http.post('/api/audit/verify').set('Authorization', auditor()).expect(200);
    expect(verified.body).toMatchObject({ ok: true });
    expect(await t.store.verify()).toMatchObject({ ok: true });
  });
});
