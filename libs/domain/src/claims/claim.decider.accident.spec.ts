import { ClaimContext } from './claim.commands';
import { context, jkkDeath, medical, otherClaim, request } from './claim.fixtures';
import { spec, stateAfter, submitted, then } from './claim.decider.fixtures';

const incapacity = () =>
  request({
    benefit: 'JKK_TEMPORARY_INCAPACITY',
    incidentDate: '2025-03-10',
    incapacityFrom: '2025-03-10',
    incapacityTo: '2025-03-19',
    reportedOn: '2025-03-12',
  });
const suspectedMedical = (status?: 'CONFIRMED' | 'NOT_WORK_RELATED') => ({
  ...otherClaim('claim-m', medical({ workRelation: 'SUSPECTED' }), 'ASSESSED'),
  workRelation: status ? { status, decidedOn: '2025-03-25' } : { status: 'SUSPECTED' as const },
});
const decide = (decision: 'CONFIRMED' | 'NOT_WORK_RELATED', ctx: ClaimContext) => ({
  type: 'DecideWorkRelation' as const,
  data: {
    decision,
    by: 'adj-2',
    roles: ['adjudicator'],
    at: '2025-04-01T02:00:00.000Z',
    today: '2025-04-01',
    context: ctx,
  },
});

describe('work relation across an accident (docs/benefit-rules.md "One accident, several claims")', () => {
  const ofSuspectedAccident = () =>
    submitted(incapacity(), { context: context({ otherClaims: [suspectedMedical()] }) });

  it('a claim of a suspected accident waits with WORK_RELATION_PENDING', () => {
    expect(stateAfter(ofSuspectedAccident()).assessment.reasons.map((r) => r.code)).toEqual([
      'WORK_RELATION_PENDING',
    ]);
  });

  it('the decision may be given on any claim of the suspected accident, and re-assesses it', () => {
    const state = stateAfter(
      then(ofSuspectedAccident(), decide('CONFIRMED', context({ otherClaims: [suspectedMedical()] }))),
    );
    expect(state.workRelation).toMatchObject({ status: 'CONFIRMED', decisionDueBy: '2025-04-11' });
    expect(state.assessment.eligible).toBe(true);
  });

  it('an accident decided on another claim is not decided twice (422)', () => {
    spec(ofSuspectedAccident())
      .when(decide('NOT_WORK_RELATED', context({ otherClaims: [suspectedMedical('CONFIRMED')] })))
      .thenThrows('WORK_RELATION_ALREADY_DECIDED', 'not_allowed');
  });

  it('a claim of an accident nobody suspects takes no decision (422)', () => {
    spec(submitted(incapacity()))
      .when(decide('CONFIRMED', context()))
      .thenThrows('WORK_RELATION_NOT_SUSPECTED', 'not_allowed');
  });

  it('a certified sudden death at work opens no suspicion to decide, even submitted as SUSPECTED', () => {
    const state = stateAfter(submitted(jkkDeath({ workRelation: 'SUSPECTED', suddenDeathAtWork: true })));
    expect(state.workRelation).toBeUndefined();
    expect(state.assessment.eligible).toBe(true);
  });
});
