import { Heir } from '@app/domain/members';
import { startTestApp, TestApp } from './support/app';
import { claimsHttp, lateFactsHandled, reasonCodes, SteppingClock } from './support/claims-http';
import { seedMember } from './support/seed-member';

/**
 * Heirs by certificate (docs/benefit-rules.md "Heirs"): at submission or added later, the
 * certificate's heirs prevail over the registry; while no heir is known the claimant is paid the
 * funeral benefit as the one who arranged the burial (NO_HEIR).
 */

let t: TestApp;
const { post, submit, approve, claim } = claimsHttp(() => t);

beforeAll(async () => {
  t = await startTestApp({ clock: new SteppingClock() });
});
afterAll(async () => {
  await t?.close();
});

const WIDOW = { fullName: 'Siti Aminah', relationship: 'SPOUSE' as const };
const CHILD = { fullName: 'Rahmat Fauzi', relationship: 'CHILD' as const, birthDate: '2015-03-10' };
const certificate = (heirs: object[] = [WIDOW, CHILD]) => ({ reference: 'SKAW/474/2026', heirs });
const jkmDeath = (memberId: string, o: object = {}) => ({
  memberId,
  benefit: 'JKM_DEATH',
  incidentDate: '2026-02-12',
  claimant: WIDOW,
  ...o,
});
const scholarship = (memberId: string, basisClaimId: string, child: object = CHILD) => ({
  memberId,
  benefit: 'SCHOLARSHIP',
  basisClaimId,
  child: { fullName: (child as Heir).fullName, birthDate: (child as Heir).birthDate },
  level: 'SD',
  academicYear: '2025/2026',
  claimant: WIDOW,
});
const lineCodes = (body: { assessment: { lines: { code: string }[] } }) =>
  body.assessment.lines.map((l) => l.code);
const noHeirs = () => seedMember(t.store, { heirs: [] });

describe('heirs by certificate', () => {
  it('while no heir is known the claimant, whatever relationship stated, is paid the funeral as FUNERAL_ORGANISER (NO_HEIR)', async () => {
    const memberId = await noHeirs();
    const res = await submit(jkmDeath(memberId)).expect(201);
    expect(res.body.assessment.eligible).toBe(true);
    expect(reasonCodes(res.body)).toEqual(['NO_HEIR']);
    expect(res.body.assessment.lines).toEqual([
      expect.objectContaining({
        code: 'FUNERAL',
        amount: 10_000_000,
        payee: { kind: 'FUNERAL_ORGANISER', name: 'Siti Aminah' },
      }),
    ]);
  });

  it('an unregistered widow with a certificate is paid in full', async () => {
    const memberId = await noHeirs();
    const res = await submit(jkmDeath(memberId, { heirCertificate: certificate() })).expect(201);
    expect(res.body.assessment.eligible).toBe(true);
    expect(reasonCodes(res.body)).toEqual([]);
    expect(lineCodes(res.body)).toEqual(['DEATH_BENEFIT', 'PERIODIC_BENEFIT', 'FUNERAL']);
    expect(res.body.assessment.total).toBe(42_000_000);
    expect(res.body.assessment.lines[0].payee).toEqual({ kind: 'HEIR', name: 'Siti Aminah' });
    expect(res.body.assessment.lines[0].description).toContain('SKAW/474/2026');
  });

  it("the certificate's heirs prevail over the registry for that claim", async () => {
    const parent: Heir = { heirId: 'h-parent', fullName: 'Ibu Marni', relationship: 'PARENT' };
    const memberId = await seedMember(t.store, { heirs: [parent] });
    const byRegistry = await submit(jkmDeath(memberId)).expect(201);
    expect(reasonCodes(byRegistry.body)).toEqual(['CLAIMANT_NOT_ENTITLED']);
    const other = await seedMember(t.store, { heirs: [parent] });
    const byCertificate = await submit(jkmDeath(other, { heirCertificate: certificate([WIDOW]) })).expect(
      201,
    );
    expect(byCertificate.body.assessment.eligible).toBe(true);
    expect(byCertificate.body.assessment.total).toBe(42_000_000);
  });

  it('POST /api/claims/{id}/heir-certificate re-assesses an undecided claim: the widow is paid in full', async () => {
    const memberId = await noHeirs();
    const { body: before } = await submit(jkmDeath(memberId)).expect(201);
    expect(reasonCodes(before)).toEqual(['NO_HEIR']);
    const res = await post('budi', `/api/claims/${before.claimId}/heir-certificate`, certificate()).expect(
      200,
    );
    expect(res.headers.etag).toBe(`"${res.body.version}"`);
    expect(res.body.status).toBe('ASSESSED');
    expect(reasonCodes(res.body)).toEqual([]);
    expect(res.body.assessment.total).toBe(42_000_000);
  });

  it('a decided claim records the certificate and keeps its assessment', async () => {
    const memberId = await noHeirs();
    const { body: submitted } = await submit(jkmDeath(memberId)).expect(201);
    const { body: approved } = await approve('budi', submitted.claimId).expect(200);
    const res = await post('budi', `/api/claims/${submitted.claimId}/heir-certificate`, certificate()).expect(
      200,
    );
    expect(res.body.status).toBe('APPROVED');
    expect(res.body.assessment).toEqual(approved.assessment);
    expect(res.body.version).toBe(approved.version + 1);
    const events = await t.store.readStream(`claim-${submitted.claimId}`);
    expect(events.at(-1)).toMatchObject({
      type: 'ClaimHeirCertificateAdded',
      data: { claimStatus: 'APPROVED', certificate: certificate() },
    });
  });

  it("a scholarship's child may come from its basis claim's certificate (full name and birth date)", async () => {
    const memberId = await noHeirs();
    const { body: basis } = await submit(jkmDeath(memberId, { heirCertificate: certificate() })).expect(201);
    await approve('budi', basis.claimId).expect(200);
    const ok = await submit(scholarship(memberId, basis.claimId)).expect(201);
    expect(ok.body.assessment.eligible).toBe(true);
    const stranger = await submit(
      scholarship(memberId, basis.claimId, { ...CHILD, birthDate: '2016-03-10' }),
    ).expect(201);
    expect(reasonCodes(stranger.body)).toEqual(['CLAIMANT_NOT_ENTITLED']);
  });

  it('a certificate added to the approved basis claim re-assesses the pending scholarship (a late fact)', async () => {
    const memberId = await noHeirs();
    const { body: basis } = await submit(jkmDeath(memberId)).expect(201);
    await approve('budi', basis.claimId).expect(200);
    const { body: pending } = await submit(scholarship(memberId, basis.claimId)).expect(201);
    expect(reasonCodes(pending)).toEqual(['CLAIMANT_NOT_ENTITLED']);
    await post('budi', `/api/claims/${basis.claimId}/heir-certificate`, certificate()).expect(200);
    await lateFactsHandled(t, `claim-${basis.claimId}`);
    const after = await claim(pending.claimId);
    expect(after.assessment.eligible).toBe(true);
    expect(after.assessment.total).toBe(1_500_000);
  });

  it('field rules: as for registered heirs; only death claims and scholarships take a certificate', async () => {
    const memberId = await noHeirs();
    const bad = await submit(
      jkmDeath(memberId, {
        heirCertificate: {
          reference: ' ',
          heirs: [
            { fullName: 'Rahmat', relationship: 'CHILD' },
            { fullName: 'X', relationship: 'COUSIN' },
          ],
        },
      }),
    ).expect(400);
    const fields = bad.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'heirCertificate.reference',
        'heirCertificate.heirs[0].birthDate',
        'heirCertificate.heirs[1].relationship',
      ]),
    );
    await submit(jkmDeath(memberId, { heirCertificate: { reference: 'SKAW/1', heirs: [] } })).expect(400);
    const medical = {
      memberId,
      benefit: 'JKK_MEDICAL',
      incidentDate: '2026-03-02',
      workRelation: 'CONFIRMED',
      provider: 'RSUD Sekayu',
      invoiceAmount: 1_000_000,
    };
    const foreign = await submit({ ...medical, heirCertificate: certificate() }).expect(400);
    expect(foreign.body.errors.map((e: { field: string }) => e.field)).toContain('heirCertificate');
    const { body: med } = await submit(medical).expect(201);
    const refused = await post('budi', `/api/claims/${med.claimId}/heir-certificate`, certificate()).expect(
      422,
    );
    expect(refused.body.code).toBe('HEIR_CERTIFICATE_NOT_APPLICABLE');
    const { body: death } = await submit(jkmDeath(memberId)).expect(201);
    await post('budi', `/api/claims/${death.claimId}/heir-certificate`, { reference: 'x', heirs: [] }).expect(
      400,
    );
    await post('officer', `/api/claims/${death.claimId}/heir-certificate`, certificate()).expect(403);
  });
});
