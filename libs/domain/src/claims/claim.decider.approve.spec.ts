import { claimDecider } from './claim.decider';
import { context, jkkDeath, medical, member, SPOUSE } from './claim.fixtures';
import {
  spec,
  SUBMITTER,
  submitted,
  approve,
  stateAfter,
  then,
  small,
  large,
  ineligible,
} from './claim.decider.fixtures';

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
        // No payTo: a cash order collected at a post office.
        destination: { type: 'CASH_ORDER' },
      },
    ]);
  });

  it("payTo: every planned payout goes to the claim's account", () => {
    const payTo = { bankCode: '014', accountNumber: '8012345678', accountName: 'RSUD SEKAYU' };
    const [approved] = claimDecider.decide(
      approve('adj-2', ['adjudicator']),
      stateAfter(submitted(medical({ invoiceAmount: 1_000_000, payTo }))),
    );
    expect(approved.type === 'ClaimApproved' && approved.data.payouts.map((p) => p.destination)).toEqual([
      { type: 'ACCOUNT', ...payTo },
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
