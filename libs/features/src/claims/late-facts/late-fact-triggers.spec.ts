import { RecordedEvent } from '@app/event-store';
import { Claim, ClaimRequest } from '@app/domain/claims';
import { ClaimLookup, LATE_FACT_TRIGGERS } from './late-fact-triggers';

const claim = (claimId: string, request: Partial<ClaimRequest> & Pick<ClaimRequest, 'benefit'>): Claim =>
  ({
    claimId,
    memberId: 'm-1',
    benefit: request.benefit,
    status: 'ASSESSED',
    request: { memberId: 'm-1', ...request },
  }) as Claim;

const CLAIMS = [
  claim('medical', { benefit: 'JKK_MEDICAL', incidentDate: '2026-03-02' }),
  claim('incapacity', { benefit: 'JKK_TEMPORARY_INCAPACITY', incidentDate: '2026-03-02' }),
  claim('other-accident', { benefit: 'JKK_TEMPORARY_INCAPACITY', incidentDate: '2026-01-02' }),
  claim('jkm', { benefit: 'JKM_DEATH', incidentDate: '2026-03-02' }),
  claim('death', { benefit: 'JKM_DEATH', incidentDate: '2025-01-01' }),
  claim('scholarship', { benefit: 'SCHOLARSHIP', basisClaimId: 'death' }),
  claim('scholarship-elsewhere', { benefit: 'SCHOLARSHIP', basisClaimId: 'jkm' }),
];
const lookup: ClaimLookup = {
  claimsOfMember: async (memberId) => (memberId === 'm-1' ? CLAIMS : []),
  load: async (claimId) => {
    const state = CLAIMS.find((c) => c.claimId === claimId);
    return { state: state ?? { status: 'NONE' }, revision: state ? 1 : -1, events: [] };
  },
};
const fact = (type: string, data: object) => ({ type, data, streamId: 's', position: 1 }) as RecordedEvent;
const affected = async (type: string, data: object) =>
  (await LATE_FACT_TRIGGERS[type](fact(type, data), lookup)).map((c) => c.claimId);

describe('the late facts and the claims they may change (docs/benefit-rules.md "Late facts")', () => {
  it.each(['ContributionMonthPaid', 'HeirRegistered', 'MemberDeceased'])(
    '%s: every claim of the member',
    async (type) => {
      expect(await affected(type, { memberId: 'm-1' })).toEqual(CLAIMS.map((c) => c.claimId));
      expect(await affected(type, { memberId: 'm-2' })).toEqual([]);
    },
  );

  it('an heir certificate: the scholarships on that basis claim', async () => {
    expect(await affected('ClaimHeirCertificateAdded', { memberId: 'm-1', claimId: 'death' })).toEqual([
      'scholarship',
    ]);
  });

  it('a work-relation decision: the other JKK claims of the same accident (member and incident date)', async () => {
    expect(await affected('ClaimWorkRelationDecided', { claimId: 'medical' })).toEqual(['incapacity']);
    expect(await affected('ClaimWorkRelationDecided', { claimId: 'unknown' })).toEqual([]);
  });
});
