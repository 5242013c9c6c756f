import { ClaimContext } from './claim.commands';
import { context, jkmDeath, medical, member, paidMonths } from './claim.fixtures';
import { toClaimView } from './claim.view';
import { spec, AT, submitted, approve, stateAfter, then, small } from './claim.decider.fixtures';

describe('documents: DOCUMENTS_REQUESTED -> (documents) -> ASSESSED, re-assessed', () => {
  const requestDocs = (documents: string[]) => ({
    type: 'RequestDocuments' as const,
    data: { documents, by: 'adj-2', roles: ['adjudicator'], at: AT },
  });
  const provide = (names: string[], today: string, ctx: ClaimContext = context()) => ({
    type: 'ProvideDocuments' as const,
    data: {
      documents: names.map((name, i) => ({ name, reference: `DOC-${i + 1}` })),
      by: 'adj-2',
      at: `${today}T02:00:00.000Z`,
      today,
      context: ctx,
    },
  });
  const requested = () => then(small(), requestDocs(['death certificate', 'family card']));

  it('requesting documents makes the claim incomplete', () => {
    const state = stateAfter(requested());
    expect(state.status).toBe('DOCUMENTS_REQUESTED');
    expect(state.completeOn).toBeUndefined();
    expect(toClaimView(state).outstandingDocuments).toEqual(['death certificate', 'family card']);
  });

  it('a claim waiting for documents cannot be approved (422)', () => {
    spec(requested())
      .when(approve('adj-2', ['adjudicator']))
      .thenThrows('NOT_ALLOWED_IN_STATUS', 'not_allowed');
  });

  it('a partial delivery keeps the claim waiting, and is re-assessed', () => {
    const events = then(requested(), provide(['Death Certificate'], '2025-03-24'));
    const state = stateAfter(events);
    expect(events.at(-1)?.type).toBe('ClaimAssessed');
    expect(state.status).toBe('DOCUMENTS_REQUESTED');
    expect(toClaimView(state).outstandingDocuments).toEqual(['family card']);
  });

  it('complete on the day the last requested document arrived; due 7 working days later', () => {
    const events = then(
      then(requested(), provide(['death certificate'], '2025-03-24')),
      provide(['family card'], '2025-03-26'),
    );
    const state = stateAfter(events);
    expect(state.status).toBe('ASSESSED');
    expect(state.completeOn).toBe('2025-03-26');
    expect(state.dueBy).toBe('2025-04-04');
  });

  it('documents change the assessment: a contribution paid since is now seen', () => {
    const unpaid = member({ paidMonths: paidMonths('2020-01', '2025-02') });
    const given = then(
      submitted(jkmDeath(), { context: context({ member: unpaid }) }),
      requestDocs(['payment proof']),
    );
    expect(stateAfter(given).assessment.reasons.map((r) => r.code)).toEqual(['CONTRIBUTION_UNPAID']);
    const state = stateAfter(then(given, provide(['payment proof'], '2025-03-24')));
    expect(state.assessment.eligible).toBe(true);
  });

  it('documents for an approved claim: not allowed (422)', () => {
    spec(then(small(), approve('adj-2', ['adjudicator'])))
      .when(provide(['x'], '2025-03-24'))
      .thenThrows('NOT_ALLOWED_IN_STATUS', 'not_allowed');
    spec(then(small(), approve('adj-2', ['adjudicator'])))
      .when(requestDocs(['x']))
      .thenThrows('NOT_ALLOWED_IN_STATUS', 'not_allowed');
  });

  it('a request names at least one document', () => {
    spec(small()).when(requestDocs([])).thenThrows('VALIDATION', 'validation');
  });
});

describe('work relation: decided for claims submitted as SUSPECTED, re-assessed', () => {
  const decide = (decision: 'CONFIRMED' | 'NOT_WORK_RELATED', today = '2025-04-01') => ({
    type: 'DecideWorkRelation' as const,
    data: {
      decision,
      by: 'adj-2',
      roles: ['adjudicator'],
      at: `${today}T02:00:00.000Z`,
      today,
      context: context(),
    },
  });
  const suspected = () => submitted(medical({ workRelation: 'SUSPECTED', reportedOn: '2025-03-12' }));

  it('NOT_WORK_RELATED: the decision makes the claim ineligible', () => {
    const events = spec(suspected())
      .when(decide('NOT_WORK_RELATED'))
      .then([
        {
          type: 'ClaimWorkRelationDecided',
          data: expect.objectContaining({
            decision: 'NOT_WORK_RELATED',
            by: 'adj-2',
            role: 'adjudicator',
            decidedOn: '2025-04-01',
            late: false,
          }),
        },
        { type: 'ClaimAssessed', data: expect.objectContaining({ trigger: 'WORK_RELATION_DECIDED' }) },
      ]);
    const state = stateAfter([...suspected(), ...events]);
    expect(state.assessment.reasons.map((r) => r.code)).toEqual(['NOT_WORK_RELATED']);
  });

  it('CONFIRMED keeps the claim eligible', () => {
    expect(stateAfter(then(suspected(), decide('CONFIRMED'))).assessment.eligible).toBe(true);
  });

  it('a decision after 30 days is recorded as late', () => {
    spec(suspected())
      .when(decide('CONFIRMED', '2025-04-12'))
      .then([
        {
          type: 'ClaimWorkRelationDecided',
          data: expect.objectContaining({ late: true, decisionDueBy: '2025-04-11' }),
        },
        { type: 'ClaimAssessed' },
      ]);
  });

  it('only for claims submitted with workRelation SUSPECTED (422)', () => {
    spec(small()).when(decide('CONFIRMED')).thenThrows('WORK_RELATION_NOT_SUSPECTED', 'not_allowed');
  });

  it('decided once (422)', () => {
    spec(then(suspected(), decide('CONFIRMED')))
      .when(decide('NOT_WORK_RELATED'))
      .thenThrows('WORK_RELATION_ALREADY_DECIDED', 'not_allowed');
  });

  it('a new assessment voids a first approval given on the old one', () => {
    const given = then(
      submitted(medical({ workRelation: 'SUSPECTED', invoiceAmount: 60_000_000 })),
      approve('adj-2', ['adjudicator']),
    );
    const state = stateAfter(then(given, decide('CONFIRMED')));
    expect(state.status).toBe('ASSESSED');
    expect(state.approvals).toEqual([]);
  });

  it('after approval the decision is recorded without re-opening the paid medical care', () => {
    spec(then(suspected(), approve('adj-2', ['adjudicator'])))
      .when(decide('NOT_WORK_RELATED'))
      .then((events) => expect(events.map((e) => e.type)).toEqual(['ClaimWorkRelationDecided']));
  });

  it('slaBreach: undecided after 30 days', () => {
    const state = stateAfter(suspected());
    expect(toClaimView(state, '2025-04-11').slaBreach).toBe(false);
    expect(toClaimView(state, '2025-04-12').slaBreach).toBe(true);
    expect(
      toClaimView(stateAfter(then(suspected(), decide('CONFIRMED', '2025-04-10'))), '2025-05-01').slaBreach,
    ).toBe(false);
    expect(toClaimView(stateAfter(small()), '2025-05-01').slaBreach).toBeUndefined();
  });
});
