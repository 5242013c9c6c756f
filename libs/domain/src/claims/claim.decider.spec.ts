import { fold } from '../shared/event';
import { specFor } from '../shared/testing';
import { ApproveClaim, ClaimContext, SubmitClaim } from './claim.commands';
import { claimDecider, planPayouts } from './claim.decider';
import { ClaimEvent } from './claim.events';
import { context, jkkDeath, jkmDeath, medical, member, paidMonths, request, SPOUSE } from './claim.fixtures';
import { ClaimRequest } from './claim.types';
import { toClaimView } from './claim.view';

const spec = specFor(claimDecider);
const CLAIM_ID = 'claim-1';
const SUBMITTER = 'adj-submitter';
const AT = '2025-03-20T03:00:00.000Z'; // 10:00 in Jakarta

function submit(req: ClaimRequest, o: Partial<SubmitClaim['data']> = {}): SubmitClaim {
  return {
    type: 'SubmitClaim',
    data: {
      claimId: CLAIM_ID,
      request: req,
      submittedBy: SUBMITTER,
      roles: ['adjudicator'],
      at: AT,
      today: '2025-03-20',
      context: context(),
      ...o,
    },
  };
}

/** The events of a submitted claim, as the decider produced them. */
function submitted(req: ClaimRequest, o: Partial<SubmitClaim['data']> = {}): ClaimEvent[] {
  return claimDecider.decide(submit(req, o), claimDecider.initialState());
}

function approve(by: string, roles: string[], o: Partial<ApproveClaim['data']> = {}): ApproveClaim {
  return { type: 'ApproveClaim', data: { by, roles, at: '2025-03-21T02:00:00.000Z', ...o } };
}

const stateAfter = (events: readonly ClaimEvent[]) => fold(claimDecider, events);
const then = (given: readonly ClaimEvent[], command: Parameters<typeof claimDecider.decide>[0]) => [
  ...given,
  ...claimDecider.decide(command, stateAfter(given)),
];

// A JKM death (42m) is under the four-eyes threshold; a JKK death (70m) is over it.
const small = () => submitted(jkmDeath());
const large = () => submitted(jkkDeath());
const ineligible = () => submitted(medical({ incidentDate: '2019-06-01', reportedOn: '2019-06-05' }));

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

describe('ApproveClaim: a person decides; four eyes', () => {
  it('NOT_ELIGIBLE: an ineligible claim cannot be approved (422)', () => {
    spec(ineligible())
      .when(approve('adj-2', ['adjudicator']))
      .thenThrows('NOT_ELIGIBLE', 'not_allowed');
  });

  it('FOUR_EYES: nobody approves a claim they submitted (403)', () => {
    spec(small())
      .when(approve(SUBMITTER, ['adjudicator', 'supervisor', 'admin']))
      .thenThrows('FOUR_EYES', 'forbidden');
  });

  it('a claim under Rp 50,000,000 is approved by one adjudicator', () => {
    const events = spec(small())
      .when(approve('adj-2', ['adjudicator'], { note: 'documents complete' }))
      .then([
        {
          type: 'ClaimApproved',
          data: expect.objectContaining({
            by: 'adj-2',
            role: 'adjudicator',
            at: '2025-03-21T02:00:00.000Z',
            note: 'documents complete',
            total: 42_000_000,
            dateOfDeath: '2025-03-10',
            approvals: [
              {
                by: 'adj-2',
                role: 'adjudicator',
                at: '2025-03-21T02:00:00.000Z',
                note: 'documents complete',
              },
            ],
          }),
        },
      ]);
    const state = stateAfter([...small(), ...events]);
    expect(state.status).toBe('APPROVED');
    expect(state.decision).toEqual({
      outcome: 'APPROVED',
      by: 'adj-2',
      role: 'adjudicator',
      at: '2025-03-21T02:00:00.000Z',
      note: 'documents complete',
    });
  });

  it('one payout per payee, due 7 working days after completion', () => {
    const [approved] = claimDecider.decide(approve('adj-2', ['adjudicator']), stateAfter(small()));
    expect(approved.type === 'ClaimApproved' && approved.data.payouts).toEqual([
      {
        payoutId: 'claim-1-payout-1',
        payee: { kind: 'HEIR', name: SPOUSE.fullName },
        amount: 42_000_000,
        lineCodes: ['DEATH_BENEFIT', 'PERIODIC_BENEFIT', 'FUNERAL'],
        dueBy: '2025-03-31',
      },
    ]);
  });

  it('Rp 49,999,999 needs one approval', () => {
    spec(submitted(medical({ invoiceAmount: 49_999_999 })))
      .when(approve('adj-2', ['adjudicator']))
      .then([{ type: 'ClaimApproved' }]);
  });

  it('Rp 50,000,000 or more needs a second approval by a supervisor', () => {
    const first = spec(submitted(medical({ invoiceAmount: 50_000_000 })))
      .when(approve('adj-2', ['adjudicator']))
      .then([
        {
          type: 'ClaimFirstApprovalGiven',
          data: expect.objectContaining({
            by: 'adj-2',
            role: 'adjudicator',
            total: 50_000_000,
            secondApprovalThreshold: 50_000_000,
          }),
        },
      ]);
    expect(stateAfter([...submitted(medical({ invoiceAmount: 50_000_000 })), ...first]).status).toBe(
      'AWAITING_SECOND_APPROVAL',
    );
  });

  const firstApproved = () => then(large(), approve('adj-2', ['adjudicator']));

  it('the second approval by a supervisor approves the claim and records both', () => {
    spec(firstApproved())
      .when(approve('sup-1', ['supervisor'], { at: '2025-03-22T02:00:00.000Z' }))
      .then([
        {
          type: 'ClaimApproved',
          data: expect.objectContaining({
            by: 'sup-1',
            role: 'supervisor',
            total: 70_000_000,
            approvals: [
              { by: 'adj-2', role: 'adjudicator', at: '2025-03-21T02:00:00.000Z' },
              { by: 'sup-1', role: 'supervisor', at: '2025-03-22T02:00:00.000Z' },
            ],
          }),
        },
      ]);
  });

  it('FOUR_EYES: the same person cannot give both approvals (403)', () => {
    spec(firstApproved())
      .when(approve('adj-2', ['adjudicator', 'supervisor']))
      .thenThrows('FOUR_EYES', 'forbidden');
  });

  it('FOUR_EYES: the submitter cannot give the second approval (403)', () => {
    spec(firstApproved())
      .when(approve(SUBMITTER, ['supervisor']))
      .thenThrows('FOUR_EYES', 'forbidden');
  });

  it('ROLE_REQUIRED: the second approval needs the supervisor role (403)', () => {
    spec(firstApproved())
      .when(approve('adj-3', ['adjudicator']))
      .thenThrows('ROLE_REQUIRED', 'forbidden');
  });

  it('ROLE_REQUIRED: the first approval needs the adjudicator role (403)', () => {
    spec(large())
      .when(approve('sup-1', ['supervisor']))
      .thenThrows('ROLE_REQUIRED', 'forbidden');
  });

  it('admin does everything: either approval, recorded as admin', () => {
    const events = then(then(large(), approve('admin-1', ['admin'])), approve('admin-2', ['admin']));
    expect(stateAfter(events).approvals.map((a) => a.role)).toEqual(['admin', 'admin']);
    expect(stateAfter(events).status).toBe('APPROVED');
  });

  it('NOT_ALLOWED_IN_STATUS: an approved claim cannot be approved again (422)', () => {
    spec(then(small(), approve('adj-2', ['adjudicator'])))
      .when(approve('adj-3', ['adjudicator']))
      .thenThrows('NOT_ALLOWED_IN_STATUS', 'not_allowed');
  });

  it('a claim with no heir: the funeral is paid to the organiser', () => {
    const events = submitted(
      jkkDeath({ claimant: { fullName: 'Pak RT', relationship: 'FUNERAL_ORGANISER' } }),
      {
        context: context({ member: member({ heirs: [] }) }),
      },
    );
    const [approved] = claimDecider.decide(approve('adj-2', ['adjudicator']), stateAfter(events));
    expect(approved.type === 'ClaimApproved' && approved.data.payouts).toEqual([
      expect.objectContaining({
        payee: { kind: 'FUNERAL_ORGANISER', name: 'Pak RT' },
        amount: 10_000_000,
        lineCodes: ['FUNERAL'],
      }),
    ]);
  });

  it('a command on a claim that does not exist: not found', () => {
    spec([])
      .when(approve('adj-2', ['adjudicator']))
      .thenThrows('CLAIM_NOT_FOUND', 'not_found');
  });
});

describe('RejectClaim', () => {
  const reject = (o: Partial<{ reasonCode: string; note: string }> = {}) => ({
    type: 'RejectClaim' as const,
    data: {
      reasonCode: 'NOT_COVERED',
      note: 'incident before coverage',
      by: 'adj-2',
      roles: ['adjudicator'],
      at: AT,
      ...o,
    },
  });

  it('records who rejected, in which role, when and why', () => {
    const events = spec(ineligible())
      .when(reject())
      .then([
        {
          type: 'ClaimRejected',
          data: {
            claimId: CLAIM_ID,
            memberId: 'member-1',
            by: 'adj-2',
            role: 'adjudicator',
            at: AT,
            reasonCode: 'NOT_COVERED',
            note: 'incident before coverage',
          },
        },
      ]);
    const state = stateAfter([...ineligible(), ...events]);
    expect(state.status).toBe('REJECTED');
    expect(toClaimView(state).decision).toEqual({
      outcome: 'REJECTED',
      by: 'adj-2',
      role: 'adjudicator',
      at: AT,
      reasonCode: 'NOT_COVERED',
      note: 'incident before coverage',
    });
  });

  it('an eligible claim may be rejected too: a person decides', () => {
    spec(small())
      .when(reject({ reasonCode: 'OTHER' }))
      .then([{ type: 'ClaimRejected' }]);
  });

  it('a rejection says why', () => {
    const error = spec(small())
      .when(reject({ note: ' ', reasonCode: 'bad code' }))
      .thenThrows('VALIDATION', 'validation');
    expect(error.fieldErrors.map((e) => e.field)).toEqual(['reasonCode', 'note']);
  });

  it('NOT_ALLOWED_IN_STATUS: an approved claim cannot be rejected; a rejected one cannot be approved', () => {
    spec(then(small(), approve('adj-2', ['adjudicator'])))
      .when(reject())
      .thenThrows('NOT_ALLOWED_IN_STATUS', 'not_allowed');
    spec(then(small(), reject()))
      .when(approve('adj-2', ['adjudicator']))
      .thenThrows('NOT_ALLOWED_IN_STATUS', 'not_allowed');
  });
});

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

describe('payouts (hook for the payout process)', () => {
  const update = (payoutId: string, status: 'PROCESSING' | 'PAID', amount = 42_000_000) => ({
    type: 'RecordPayoutUpdate' as const,
    data: {
      payoutId,
      amount,
      payee: { kind: 'HEIR' as const, name: SPOUSE.fullName },
      status,
      at: '2025-03-25T02:00:00.000Z',
    },
  });
  const approved = () => then(small(), approve('adj-2', ['adjudicator']));

  it('an approved claim lists its payouts, queued', () => {
    expect(toClaimView(stateAfter(approved())).payouts).toEqual([
      {
        payoutId: 'claim-1-payout-1',
        amount: 42_000_000,
        payee: { kind: 'HEIR', name: SPOUSE.fullName },
        status: 'QUEUED',
      },
    ]);
  });

  it('PAID once every payout is paid', () => {
    const events = then(
      then(approved(), update('claim-1-payout-1', 'PROCESSING')),
      update('claim-1-payout-1', 'PAID'),
    );
    expect(events.slice(-2).map((e) => e.type)).toEqual(['ClaimPayoutUpdated', 'ClaimPaid']);
    expect(stateAfter(events).status).toBe('PAID');
  });

  it('a redelivered update changes nothing', () => {
    spec(then(approved(), update('claim-1-payout-1', 'PROCESSING')))
      .when(update('claim-1-payout-1', 'PROCESSING'))
      .then([]);
  });

  it('payout updates need an approved claim (422)', () => {
    spec(small()).when(update('p', 'PAID')).thenThrows('NOT_ALLOWED_IN_STATUS', 'not_allowed');
  });

  it('planPayouts groups the lines by payee', () => {
    const plan = planPayouts('c', {
      eligible: true,
      reasons: [],
      scheduleVersion: 'PP82-2019',
      total: 3,
      lines: [
        { code: 'DEATH_BENEFIT', description: '', amount: 1, payee: { kind: 'HEIR', name: 'A' }, basis: '' },
        {
          code: 'FUNERAL',
          description: '',
          amount: 2,
          payee: { kind: 'FUNERAL_ORGANISER', name: 'B' },
          basis: '',
        },
      ],
    });
    expect(plan.map((p) => [p.payoutId, p.payee.name, p.amount])).toEqual([
      ['c-payout-1', 'A', 1],
      ['c-payout-2', 'B', 2],
    ]);
  });
});

describe('toClaimView: the claim view of API.md', () => {
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
