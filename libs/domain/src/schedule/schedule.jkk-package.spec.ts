import { scheduleFor } from './schedule';

const pp82 = () => scheduleFor('2025-01-01');

describe('the schedule of the JKK package: transport, home care, aids, and the rules before PP 82/2019', () => {
  it('new JKK benefits per accident: transport 5m (land, river, lake) / 2m (sea) / 10m (air), home care 20m for 1 year, aids', () => {
    const { transport, homeCare, rehabilitationAid } = pp82().jkk;
    expect(transport.limits).toEqual([
      { modes: ['LAND', 'RIVER', 'LAKE'], perAccident: 5_000_000 },
      { modes: ['SEA'], perAccident: 2_000_000 },
      { modes: ['AIR'], perAccident: 10_000_000 },
    ]);
    expect(homeCare).toMatchObject({ perAccident: 20_000_000, careWindowYears: 1 });
    expect(rehabilitationAid.aids).toEqual({
      PROSTHESIS: { rule: 'CENTRE_PRICE_PLUS', percent: 40 },
      ORTHOSIS: { rule: 'CENTRE_PRICE_PLUS', percent: 40 },
      DENTURES: { rule: 'PER_ACCIDENT_CAP', perAccident: 5_000_000 },
      HEARING_AID: { rule: 'PER_ACCIDENT_CAP', perAccident: 2_500_000 },
      GLASSES: { rule: 'PER_ACCIDENT_CAP', perAccident: 1_000_000 },
    });
  });

  it('before PP 82/2019: JKK claims expire after 2 years; incapacity 100% / 75% for 6 months each, then 50%; JKK death at least Rp 16,200,000', () => {
    const before = scheduleFor('2019-12-01');
    expect(before.version).toBe('PP44-2015');
    expect(before.claims.deadline.years).toBe(2);
    expect(before.claims.jkmDeadline.years).toBe(5);
    expect(before.jkk.temporaryIncapacity).toMatchObject({
      periods: [
        { months: 6, percent: 100 },
        { months: 6, percent: 75 },
      ],
      thenPercent: 50,
    });
    expect(before.jkk.death.minimum).toBe(16_200_000);
    expect(before.jkk.death.minimum).toBe(before.jkm.deathBenefit.amount);
    // Amounts not found for PP 44/2015 are the later ones, marked as programme policy.
    expect(before.jkk.transport.basis).toMatch(/\(P\)/);
  });
});
