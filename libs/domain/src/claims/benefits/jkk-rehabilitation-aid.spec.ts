import { assessedClaim } from '../accident.fixtures';
import { assess, codes } from '../assess.fixtures';
import { rehabilitationAid } from '../claim.fixtures';
import { validateClaimRequest } from '../validate-claim-request';

describe('JKK_REHABILITATION_AID: prosthesis/orthosis at the centre price + 40%; dentures 5m, hearing aid 2.5m, glasses 1m per accident', () => {
  it.each(['PROSTHESIS', 'ORTHOSIS'] as const)(
    "%s: the rehabilitation centre's price + 40%, to the provider",
    (aid) => {
      const a = assess(rehabilitationAid({ aid, provider: 'Loka Rehabilitasi Palembang', price: 7_500_001 }));
      expect(a.lines).toEqual([
        expect.objectContaining({
          code: 'REHABILITATION_AID',
          amount: 10_500_001, // 7,500,001 × 1.4 = 10,500,001.4, half up
          payee: { kind: 'PROVIDER', name: 'Loka Rehabilitasi Palembang' },
        }),
      ]);
      expect(a.lines[0].basis).toMatch(/centre's price \+ 40%/);
    },
  );

  it.each([
    ['DENTURES', 5_000_000],
    ['HEARING_AID', 2_500_000],
    ['GLASSES', 1_000_000],
  ] as const)('%s: the price, at most %i per accident', (aid, limit) => {
    expect(assess(rehabilitationAid({ aid, price: 400_000 })).total).toBe(400_000);
    expect(assess(rehabilitationAid({ aid, price: 9_000_000 })).total).toBe(limit);
  });

  it('each limit is per aid: dentures already paid leave glasses whole', () => {
    const dentures = assessedClaim(
      'claim-d',
      rehabilitationAid({ aid: 'DENTURES', price: 5_000_000 }),
      'APPROVED',
    );
    expect(
      assess(rehabilitationAid({ aid: 'GLASSES', price: 800_000 }), { otherClaims: [dentures] }).total,
    ).toBe(800_000);
    const a = assess(rehabilitationAid({ aid: 'DENTURES', price: 800_000 }), { otherClaims: [dentures] });
    expect(codes(a)).toEqual(['BENEFIT_CAP_REACHED']);
  });

  it('a second pair of glasses in the same accident gets what remains', () => {
    const glasses = assessedClaim(
      'claim-g',
      rehabilitationAid({ aid: 'GLASSES', price: 700_000 }),
      'ASSESSED',
    );
    const a = assess(rehabilitationAid({ aid: 'GLASSES', price: 700_000 }), { otherClaims: [glasses] });
    expect(a.total).toBe(300_000);
    expect(a.lines[0].basis).toMatch(/capped at Rp 300,000 remaining of Rp 1,000,000/);
  });

  it('WORK_RELATION_PENDING while the accident is only suspected', () => {
    expect(codes(assess(rehabilitationAid({ workRelation: 'SUSPECTED' })))).toEqual([
      'WORK_RELATION_PENDING',
    ]);
  });

  it('the request needs an aid, a provider and a price', () => {
    expect(
      validateClaimRequest(rehabilitationAid({ aid: undefined, provider: undefined, price: undefined })),
    ).toEqual([
      { field: 'aid', message: expect.stringMatching(/PROSTHESIS/) },
      { field: 'provider', message: expect.any(String) },
      { field: 'price', message: expect.any(String) },
    ]);
  });
});
