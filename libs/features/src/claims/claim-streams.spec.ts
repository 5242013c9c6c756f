import { claimDecider, ClaimEvent, ClaimState } from '@app/domain/claims';
import { fold } from '@app/domain/shared';
import {
  claimStreamId,
  lodgedClaimIds,
  memberClaimsStreamId,
  storedEventId,
  storedClaimDecider,
} from './claim-streams';

const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('claim streams', () => {
  it("the member's claim index is not a member- stream, so readers of members never see it", () => {
    expect(memberClaimsStreamId('m-1').startsWith('member-')).toBe(false);
    expect(memberClaimsStreamId('m-1').startsWith(claimStreamId(''))).toBe(false);
  });

  it('lists the claims lodged in the index, in order', () => {
    const index = [
      { type: 'ClaimLodged', data: { claimId: 'c-1' } },
      { type: 'SomethingElse', data: {} },
      { type: 'ClaimLodged', data: { claimId: 'c-2' } },
    ];
    expect(lodgedClaimIds(index)).toEqual(['c-1', 'c-2']);
  });

  it('name-based event ids: the same name is the same UUID (idempotent appends), another name another', () => {
    expect(storedEventId('claim-1:paid')).toMatch(UUID_V5);
    expect(storedEventId('claim-1:paid')).toBe(storedEventId('claim-1:paid'));
    expect(storedEventId('claim-2:paid')).not.toBe(storedEventId('claim-1:paid'));
  });

  it("the stored decider turns the decider's own event ids into UUIDs and leaves the rest alone", () => {
    const approved: ClaimEvent[] = [
      {
        type: 'ClaimSubmitted',
        data: {
          claimId: 'c-1',
          memberId: 'm-1',
          benefit: 'JKK_MEDICAL',
          request: { memberId: 'm-1', benefit: 'JKK_MEDICAL' },
          submittedBy: 'a',
          at: '2026-03-16T03:00:00.000Z',
          completeOn: '2026-03-16',
          dueBy: '2026-03-25',
        },
      },
      {
        type: 'ClaimApproved',
        data: {
          claimId: 'c-1',
          memberId: 'm-1',
          benefit: 'JKK_MEDICAL',
          by: 'b',
          role: 'adjudicator',
          at: '2026-03-16T04:00:00.000Z',
          approvals: [],
          total: 100,
          payouts: [
            { payoutId: 'c-1-payout-1', payee: { kind: 'PROVIDER', name: 'RS' }, amount: 100, lineCodes: [] },
          ],
        },
      },
    ];
    const state: ClaimState = fold(claimDecider, approved);
    const command = {
      type: 'RecordPayoutUpdate' as const,
      data: {
        payoutId: 'c-1-payout-1',
        amount: 100,
        payee: { kind: 'PROVIDER' as const, name: 'RS' },
        status: 'PAID' as const,
        at: '2026-03-17T04:00:00.000Z',
      },
    };
    const raw = claimDecider.decide(command, state);
    const stored = storedClaimDecider.decide(command, state);
    expect(raw.map((e) => e.type)).toEqual(['ClaimPayoutUpdated', 'ClaimPaid']);
    expect(stored.map((e) => e.id)).toEqual(raw.map((e) => storedEventId(e.id!)));
    expect(stored.map((e) => e.data)).toEqual(raw.map((e) => e.data));
  });
});
