import { assessedClaim } from '../accident.fixtures';
import { assess, codes } from '../assess.fixtures';
import { homeCare, medical } from '../claim.fixtures';
import { validateClaimRequest } from '../validate-claim-request';

describe('JKK_HOME_CARE: the invoice, at most 20m per accident, within 1 year of the first home-care day, to the provider', () => {
  it('pays the invoice to the provider', () => {
    const a = assess(homeCare());
    expect(a.lines).toEqual([
      expect.objectContaining({
        code: 'HOME_CARE',
        amount: 8_000_000,
        payee: { kind: 'PROVIDER', name: 'Klinik Rawat Rumah Sekayu' },
      }),
    ]);
  });

  it('at most Rp 20,000,000 per accident: a second claim is capped at what remains', () => {
    const first = assessedClaim('claim-hc1', homeCare({ invoiceAmount: 15_000_000 }), 'APPROVED');
    const a = assess(homeCare({ careFrom: '2025-05-01', careTo: '2025-05-31', invoiceAmount: 8_000_000 }), {
      otherClaims: [first],
    });
    expect(a.total).toBe(5_000_000);
    expect(a.lines[0].basis).toMatch(/capped at Rp 5,000,000 remaining of Rp 20,000,000/);
  });

  it('BENEFIT_CAP_REACHED when the 20m are used up', () => {
    const first = assessedClaim('claim-hc1', homeCare({ invoiceAmount: 25_000_000 }), 'ASSESSED');
    expect(first.assessment?.total).toBe(20_000_000);
    const a = assess(homeCare({ careFrom: '2025-05-01', careTo: '2025-05-31' }), { otherClaims: [first] });
    expect(codes(a)).toEqual(['BENEFIT_CAP_REACHED']);
  });

  it("care days count within 1 year of the accident's first home-care day: the invoice is prorated by day", () => {
    const first = assessedClaim(
      'claim-hc1',
      homeCare({ careFrom: '2025-03-15', careTo: '2025-03-16' }),
      'APPROVED',
    );
    // Window 2025-03-15 .. 2026-03-14: of 2026-03-05..2026-03-24 (20 days) 10 are covered.
    const a = assess(
      homeCare({
        careFrom: '2026-03-05',
        careTo: '2026-03-24',
        invoiceAmount: 2_000_000,
        reportedOn: '2026-04-01',
      }),
      { otherClaims: [first], assessedOn: '2026-04-01' },
    );
    expect(a.total).toBe(1_000_000);
    expect(a.lines[0].basis).toMatch(/10 of 20 care days.*2025-03-15/);
  });

  it('care wholly after that year: BENEFIT_CAP_REACHED', () => {
    const first = assessedClaim(
      'claim-hc1',
      homeCare({ careFrom: '2025-03-15', careTo: '2025-03-16' }),
      'APPROVED',
    );
    const a = assess(homeCare({ careFrom: '2026-03-15', careTo: '2026-03-20', reportedOn: '2026-04-01' }), {
      otherClaims: [first],
      assessedOn: '2026-04-01',
    });
    expect(codes(a)).toEqual(['BENEFIT_CAP_REACHED']);
  });

  it('covered, like medical care, while the work relation is only suspected', () => {
    const a = assess(homeCare({ workRelation: 'SUSPECTED' }));
    expect(a.eligible).toBe(true);
    const suspectedMedical = assessedClaim('claim-m', medical({ workRelation: 'SUSPECTED' }));
    expect(assess(homeCare(), { otherClaims: [suspectedMedical] }).eligible).toBe(true);
  });

  it('the request needs a provider, an invoice and the care days in order', () => {
    expect(
      validateClaimRequest(
        homeCare({ provider: '', invoiceAmount: -1, careFrom: '2025-04-10', careTo: '2025-04-01' }),
      ),
    ).toEqual([
      { field: 'provider', message: expect.any(String) },
      { field: 'invoiceAmount', message: expect.any(String) },
      { field: 'careTo', message: 'must not be before careFrom' },
    ]);
  });
});
