import { context, jkkDeath, request } from './claim.fixtures';
import { toClaimView } from './claim.view';
import { CLAIM_ID, SUBMITTER, submitted, approve, stateAfter, then, small } from './claim.decider.fixtures';

describe('toClaimView: the claim view of docs/api.md', () => {
  it('shows the claim, its assessment, approvals, decision, payouts and service level', () => {
    const view = toClaimView(stateAfter(then(small(), approve('adj-2', ['adjudicator'], { note: 'ok' }))));
    expect(view).toMatchObject({
      claimId: CLAIM_ID,
      memberId: 'member-1',
      benefit: 'JKM_DEATH',
      status: 'APPROVED',
      incidentDate: '2025-03-10',
      reportedOn: '2025-03-20',
      assessment: { eligible: true, total: 42_000_000, scheduleVersion: 'PP82-2019' },
      approvals: [{ by: 'adj-2', role: 'adjudicator', at: '2025-03-21T02:00:00.000Z' }],
      decision: { outcome: 'APPROVED', by: 'adj-2', at: '2025-03-21T02:00:00.000Z', note: 'ok' },
      completeOn: '2025-03-20',
      dueBy: '2025-03-31',
      submittedBy: SUBMITTER,
    });
    expect(view.approvals[0]).toEqual({ by: 'adj-2', role: 'adjudicator', at: '2025-03-21T02:00:00.000Z' });
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
  });

  it('a scholarship without incidentDate shows null', () => {
    const basis = {
      claimId: 'claim-death',
      memberId: 'member-1',
      benefit: 'JKK_DEATH' as const,
      status: 'APPROVED' as const,
      request: jkkDeath(),
    };
    const events = submitted(
      request({
        benefit: 'SCHOLARSHIP',
        basisClaimId: 'claim-death',
        child: { fullName: 'Rahmat Fauzi', birthDate: '2015-03-10' },
        level: 'SD',
        academicYear: '2025/2026',
      }),
      { context: context({ basisClaim: basis, otherClaims: [basis] }) },
    );
    const view = toClaimView(stateAfter(events));
    expect(view.incidentDate).toBeNull();
    expect(view.assessment.total).toBe(1_500_000);
  });
});
