import { nikDatePart } from '@app/domain/members';
import { SandboxBankService, PayoutSettings } from '@app/payouts';
import { EsdbTestServer } from '@app/testing';
import { startTestApp, TestApp } from './support/app';
import { MovableClock, seedMember, waitFor } from './payouts.support';

/**
 * The service on KurrentDB: the whole app with EVENT_STORE_URL=esdb://… (the protocol-level test
 * server; a real KurrentDB when ESDB_URL is set) and its read models in PostgreSQL. Enrollment,
 * a contribution payment, a claim and its payout, end to end.
 */
describe('end to end on KurrentDB: enrollment, contributions, claims, payouts', () => {
  let server: EsdbTestServer | undefined;
  let t: TestApp;
  const clock = new MovableClock('2026-03-16T03:00:00.000Z');
  let serial = 0;

  const as = (roles: Parameters<TestApp['token']>[0], sub: string) => `Bearer ${t.token(roles, sub)}`;
  const person = () => ({
    nik: `160698${nikDatePart('1979-11-03', 'M')}${String(++serial).padStart(4, '0')}`,
    fullName: 'Joko Susilo',
    birthDate: '1979-11-03',
    sex: 'M',
    village: 'Lais',
    subdistrict: 'Lais',
    occupation: 'nelayan',
    p3keDesil: 2,
    coverageStart: '2026-03-01',
  });

  beforeAll(async () => {
    const url = process.env.ESDB_URL ?? (server = await EsdbTestServer.start()).url;
    t = await startTestApp({ clock, env: { EVENT_STORE_URL: url } });
    const settings = t.app.get(PayoutSettings);
    settings.backoffMs = 50;
    t.app
      .get(SandboxBankService)
      .bank.configure({ failRate: 0, timeoutRate: 0, rejectRate: 0, latencyMs: 0 });
  });
  afterAll(async () => {
    await t?.close();
    await server?.stop();
  });

  it('runs on the KurrentDB adapter', () => {
    expect(t.store.kind).toBe('esdb');
  });

  it('enrolls members, once per NIK, and the read model shows them', async () => {
    const officer = as('enrollment-officer', 'officer-1');
    const body = person();
    const enrolled = await t.http.post('/api/members').set('Authorization', officer).send(body).expect(201);
    const duplicate = await t.http.post('/api/members').set('Authorization', officer).send(body).expect(409);
    expect(duplicate.body.memberId).toBe(enrolled.body.memberId);
    await t.settle();
    const shown = await t.http
      .get(`/api/members/${enrolled.body.memberId}`)
      .set('Authorization', as('auditor', 'aud-1'))
      .expect(200);
    expect(shown.body).toMatchObject({ memberId: enrolled.body.memberId, status: 'ACTIVE' });
  });

  it('records a contribution payment and allocates it to each member', async () => {
    const officer = as('enrollment-officer', 'officer-1');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(
        (await t.http.post('/api/members').set('Authorization', officer).send(person()).expect(201)).body
          .memberId,
      );
    const paid = await t.http
      .post('/api/contribution-payments')
      .set('Authorization', as('finance-officer', 'fin-1'))
      .send({ period: '2026-03', paidOn: '2026-03-10', reference: 'BSB-ESDB-1', memberIds: ids })
      .expect(201);
    expect(paid.body).toMatchObject({ membersCovered: 3, alreadyPaid: 0, status: 'ALLOCATED' });
    await t.settle();
    const member = await t.http
      .get(`/api/members/${ids[0]}`)
      .set('Authorization', as('auditor', 'aud-1'))
      .expect(200);
    expect(member.body.paidMonths).toEqual(['2026-03']);
  });

  it('a claim is submitted, approved and paid through the payout queue', async () => {
    const memberId = await seedMember(t.store);
    const submitted = await t.http
      .post('/api/claims')
      .set('Authorization', as('adjudicator', 'adj-ani'))
      .send({
        memberId,
        benefit: 'JKK_MEDICAL',
        incidentDate: '2026-03-02',
        workRelation: 'CONFIRMED',
        provider: 'RSUD Sekayu',
        invoiceAmount: 7_500_000,
      })
      .expect(201);
    const approved = await t.http
      .post(`/api/claims/${submitted.body.claimId}/approve`)
      .set('Authorization', as('adjudicator', 'adj-budi'))
      .expect(200);
    const [{ payoutId }] = approved.body.payouts;
    const paid = await waitFor(async () => {
      const r = await t.http
        .get(`/api/payouts/${payoutId}`)
        .set('Authorization', as('finance-officer', 'fin-1'));
      return r.status === 200 && r.body.status === 'PAID' ? r.body : undefined;
    }, `payout ${payoutId} PAID`);
    expect(paid).toMatchObject({ amount: 7_500_000, bankReference: expect.stringMatching(/^POS-/) }); // a cash order
    const claim = await waitFor(async () => {
      const r = await t.http
        .get(`/api/claims/${submitted.body.claimId}`)
        .set('Authorization', as('auditor', 'aud-1'));
      return r.body.status === 'PAID' ? r.body : undefined;
    }, 'claim PAID');
    expect(claim.payouts).toHaveLength(1);
    expect((await t.store.verify()).ok).toBe(true);
  });
});
