import { assessedClaim } from '../accident.fixtures';
import { assess, codes } from '../assess.fixtures';
import { member, paidMonths, transport } from '../claim.fixtures';
import { validateClaimRequest } from '../validate-claim-request';

describe('JKK_TRANSPORT: the cost, per accident land/river/lake together 5m, sea 2m, air 10m, to the member', () => {
  it('pays the cost incurred to the member, within the limit', () => {
    const a = assess(transport({ mode: 'RIVER', amount: 3_000_000 }));
    expect(a.eligible).toBe(true);
    expect(a.lines).toEqual([
      expect.objectContaining({
        code: 'TRANSPORT',
        amount: 3_000_000,
        payee: { kind: 'MEMBER', name: 'Ahmad Fauzi' },
      }),
    ]);
    expect(a.lines[0].basis).toMatch(/Rp 5,000,000 per accident for land, river, lake transport/);
  });

  it.each([
    ['LAND', 5_000_000],
    ['RIVER', 5_000_000],
    ['LAKE', 5_000_000],
    ['SEA', 2_000_000],
    ['AIR', 10_000_000],
  ] as const)('%s: a cost above the limit is capped at %i, and the basis says so', (mode, limit) => {
    const a = assess(transport({ mode, amount: 12_000_000 }));
    expect(a.total).toBe(limit);
    expect(a.lines[0].basis).toMatch(/capped at/);
  });

  it('land, river and lake share one limit per accident: what remains is paid, the basis says so', () => {
    const land = assessedClaim('claim-land', transport({ mode: 'LAND', amount: 3_500_000 }), 'APPROVED');
    const a = assess(transport({ mode: 'RIVER', amount: 3_000_000 }), { otherClaims: [land] });
    expect(a.total).toBe(1_500_000);
    expect(a.lines[0].basis).toMatch(
      /capped at Rp 1,500,000 remaining of Rp 5,000,000.*claim-land Rp 3,500,000/,
    );
  });

  it('a pending claim counts; a rejected one never does', () => {
    const pending = assessedClaim('claim-p', transport({ mode: 'LAKE', amount: 4_000_000 }), 'ASSESSED');
    expect(assess(transport({ amount: 3_000_000 }), { otherClaims: [pending] }).total).toBe(1_000_000);
    const rejected = { ...pending, status: 'REJECTED' as const };
    expect(assess(transport({ amount: 3_000_000 }), { otherClaims: [rejected] }).total).toBe(3_000_000);
  });

  it('sea and air have limits of their own: land transport leaves them whole', () => {
    const land = assessedClaim('claim-land', transport({ mode: 'LAND', amount: 5_000_000 }), 'APPROVED');
    expect(assess(transport({ mode: 'SEA', amount: 2_500_000 }), { otherClaims: [land] }).total).toBe(
      2_000_000,
    );
    expect(assess(transport({ mode: 'AIR', amount: 4_000_000 }), { otherClaims: [land] }).total).toBe(
      4_000_000,
    );
  });

  it('BENEFIT_CAP_REACHED when nothing remains: not eligible', () => {
    const land = assessedClaim('claim-land', transport({ mode: 'LAND', amount: 5_000_000 }), 'APPROVED');
    const a = assess(transport({ mode: 'RIVER', amount: 1 }), { otherClaims: [land] });
    expect(a.eligible).toBe(false);
    expect(codes(a)).toEqual(['BENEFIT_CAP_REACHED']);
    expect(a.lines).toEqual([]);
  });

  it('another accident (another incident date) has a limit of its own', () => {
    const other = assessedClaim(
      'claim-other',
      transport({ incidentDate: '2025-01-02', mode: 'LAND', amount: 5_000_000 }),
      'APPROVED',
    );
    expect(assess(transport({ amount: 3_000_000 }), { otherClaims: [other] }).total).toBe(3_000_000);
  });

  it('WORK_RELATION_PENDING while the accident is only suspected', () => {
    expect(codes(assess(transport({ workRelation: 'SUSPECTED' })))).toEqual(['WORK_RELATION_PENDING']);
  });

  it('coverage is judged as for any claim', () => {
    const unpaid = member({ paidMonths: paidMonths('2020-01', '2025-02') });
    expect(codes(assess(transport(), { member: unpaid }))).toEqual(['CONTRIBUTION_UNPAID']);
  });

  it('the request needs a mode and a positive amount', () => {
    expect(validateClaimRequest(transport({ mode: undefined, amount: 0 }))).toEqual([
      { field: 'mode', message: expect.stringMatching(/LAND, RIVER, LAKE, SEA, AIR/) },
      { field: 'amount', message: expect.stringMatching(/positive/) },
    ]);
  });
});
