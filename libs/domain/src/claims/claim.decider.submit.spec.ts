import { context, jkmDeath, medical, member, request } from './claim.fixtures';
import {
  spec,
  CLAIM_ID,
  SUBMITTER,
  AT,
  submit,
  submitted,
  stateAfter,
  small,
  ineligible,
} from './claim.decider.fixtures';

describe('SubmitClaim: every claim is assessed by the rules when submitted', () => {
  it('records the submission and the assessment', () => {
    spec([])
      .when(submit(jkmDeath()))
      .then([
        {
          type: 'ClaimSubmitted',
          data: expect.objectContaining({
            claimId: CLAIM_ID,
            memberId: 'member-1',
            benefit: 'JKM_DEATH',
            submittedBy: SUBMITTER,
            role: 'adjudicator',
            at: AT,
            completeOn: '2025-03-20',
            dueBy: '2025-03-31',
          }),
        },
        {
          type: 'ClaimAssessed',
          data: expect.objectContaining({
            trigger: 'SUBMITTED',
            assessedOn: '2025-03-20',
            assessment: expect.objectContaining({
              eligible: true,
              total: 42_000_000,
              scheduleVersion: 'PP82-2019',
            }),
          }),
        },
      ]);
  });

  it('reportedOn defaults to today', () => {
    const [event] = submitted(jkmDeath({ reportedOn: undefined }));
    expect(event.type === 'ClaimSubmitted' && event.data.request.reportedOn).toBe('2025-03-20');
  });

  it('a claim is complete on the day submitted; payouts are due 7 working days later, holidays excluded', () => {
    const state = stateAfter(submitted(jkmDeath(), { holidays: ['2025-03-28', '2025-03-31'] }));
    expect(state.completeOn).toBe('2025-03-20');
    expect(state.dueBy).toBe('2025-04-02');
  });

  it('an ineligible claim is ASSESSED with eligible false until a person rejects it', () => {
    const state = stateAfter(ineligible());
    expect(state.status).toBe('ASSESSED');
    expect(state.assessment.eligible).toBe(false);
    expect(state.assessment.reasons.map((r) => r.code)).toEqual(['NOT_COVERED']);
  });

  it('a semantically invalid request is a validation error naming each field', () => {
    const error = spec([])
      .when(
        submit(
          request({
            benefit: 'SCHOLARSHIP',
            basisClaimId: 'c',
            level: 'SD',
            academicYear: '2025/2026',
            child: { fullName: 'A', birthDate: '2015-02-30' },
          }),
        ),
      )
      .thenThrows('VALIDATION', 'validation');
    expect(error.fieldErrors).toEqual([{ field: 'child.birthDate', message: expect.any(String) }]);
  });

  it('reportedOn and incidentDate cannot be in the future', () => {
    const error = spec([])
      .when(submit(medical({ incidentDate: '2025-03-21', reportedOn: '2025-03-22' })))
      .thenThrows('VALIDATION');
    expect(error.fieldErrors.map((e) => e.field)).toEqual(['reportedOn', 'incidentDate']);
  });

  it('a member who is not enrolled: not found', () => {
    spec([])
      .when(submit(medical(), { context: context({ member: member({ exists: false }) }) }))
      .thenThrows('MEMBER_NOT_FOUND', 'not_found');
  });

  it('a claim id used before: conflict', () => {
    spec(small()).when(submit(jkmDeath())).thenThrows('CLAIM_EXISTS', 'conflict');
  });

  it('a suspected work accident: the work-relation decision is due 30 days after the report', () => {
    const state = stateAfter(submitted(medical({ workRelation: 'SUSPECTED', reportedOn: '2025-03-12' })));
    expect(state.workRelation).toEqual({ status: 'SUSPECTED', decisionDueBy: '2025-04-11' });
    expect(state.assessment.eligible).toBe(true);
  });
});
