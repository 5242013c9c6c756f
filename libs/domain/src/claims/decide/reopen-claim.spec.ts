import { ClaimEvent } from '../claim.events';
import { approve, spec, stateAfter, then, small } from '../claim.decider.fixtures';
import { SPOUSE } from '../claim.fixtures';
import { toClaimView } from '../claim.view';
import { approvedLarge, approvedSmall, reject, rejected, reopen } from './corrections.fixtures';

/** The events match these (a partial of each). */
const matching = (expected: object[]) => (events: ClaimEvent[]) => expect(events).toMatchObject(expected);

describe('ReopenClaim', () => {
  it('a decided claim is reopened by a supervisor: ClaimReopened, then an assessment with the facts as now known', () => {
    const events = spec(approvedSmall())
      .when(reopen())
      .then(
        matching([
          {
            type: 'ClaimReopened',
            data: {
              previousStatus: 'APPROVED',
              previousTotal: 42_000_000,
              reopening: 1,
              note: 'facts changed',
            },
          },
          { type: 'ClaimAssessed', data: { trigger: 'REOPENED' } },
        ]),
      );
    const view = toClaimView(stateAfter([...approvedSmall(), ...events]));
    expect(view.status).toBe('ASSESSED');
    expect(view.adjustment).toEqual({ previousTotal: 42_000_000, newTotal: 42_000_000, difference: 0 });
    expect(view.decision).toBeUndefined();
  });

  it('an undecided claim cannot be reopened (422)', () => {
    spec(small()).when(reopen()).thenThrows('NOT_ALLOWED_IN_STATUS', 'not_allowed');
  });

  it('only a supervisor reopens', () => {
    spec(approvedSmall())
      .when(reopen({ roles: ['adjudicator'] }))
      .thenThrows('ROLE_REQUIRED', 'forbidden');
  });

  it('a rejected claim reopened has nothing approved before: previousTotal 0', () => {
    const events = then(rejected(), reopen());
    expect(toClaimView(stateAfter(events)).adjustment?.previousTotal).toBe(0);
  });

  it('four eyes weigh the absolute difference: a 70m claim unchanged needs one approval', () => {
    const reopened = then(approvedLarge(), reopen());
    const events = spec(reopened)
      .when(approve('adj-2', ['adjudicator']))
      .then(matching([{ type: 'ClaimApproved' }]));
    const approved = events[0] as Extract<ClaimEvent, { type: 'ClaimApproved' }>;
    expect(approved.data.payouts).toEqual([]);
    expect(approved.data.adjustment).toMatchObject({
      previousTotal: 70_000_000,
      newTotal: 70_000_000,
      difference: 0,
    });
  });

  it('a difference at the threshold needs a supervisor second approval', () => {
    // Rejected before (nothing approved), now eligible for 70m: the difference is 70m.
    const given = then(
      then(then(approvedLarge(), reopen()), reject()),
      reopen({ at: '2025-04-02T03:00:00.000Z' }),
    );
    spec(given)
      .when(approve('adj-2', ['adjudicator']))
      .then(matching([{ type: 'ClaimFirstApprovalGiven' }]));
  });

  it('a higher total pays the per-payee difference as TOP_UP payouts', () => {
    // What was approved before was 30m to the spouse: the new decision pays 12m more.
    const given = [...approvedSmall(), ...reopenedFrom(30_000_000)];
    const [approved] = spec(given)
      .when(approve('adj-2', ['adjudicator']))
      .then(matching([{ type: 'ClaimApproved' }]));
    expect(approved.type === 'ClaimApproved' && approved.data.payouts).toEqual([
      expect.objectContaining({ payoutId: 'claim-1-topup-1-1', kind: 'TOP_UP', amount: 12_000_000 }),
    ]);
    const view = toClaimView(stateAfter([...given, approved]));
    expect(view.payouts.map((p) => p.amount)).toEqual([42_000_000, 12_000_000]);
    expect(view.adjustment).toBeUndefined();
  });

  it('a lower total makes the per-payee difference an overpayment owed by that payee', () => {
    const given = [...approvedSmall(), ...reopenedFrom(50_000_000)];
    const [approved] = spec(given)
      .when(approve('adj-2', ['adjudicator']))
      .then(matching([{ type: 'ClaimApproved' }]));
    expect(approved.type === 'ClaimApproved' && approved.data.payouts).toEqual([]);
    const view = toClaimView(stateAfter([...given, approved]));
    expect(view.overpayments).toEqual([
      {
        payee: expect.objectContaining({ name: SPOUSE.fullName }),
        amount: 8_000_000,
        outstanding: 8_000_000,
      },
    ]);
  });

  it('rejecting a reopened, previously approved claim makes its whole earlier total an overpayment', () => {
    const events = then(then(approvedSmall(), reopen()), reject());
    const view = toClaimView(stateAfter(events));
    expect(view.status).toBe('REJECTED');
    expect(view.overpayments).toEqual([
      {
        payee: expect.objectContaining({ name: SPOUSE.fullName }),
        amount: 42_000_000,
        outstanding: 42_000_000,
      },
    ]);
  });
});

/** A reopening as if `previous` had been approved to the spouse before (the assessment follows: 42m). */
function reopenedFrom(previous: number): ClaimEvent[] {
  const [reopened, assessed] = then(approvedSmall(), reopen()).slice(-2);
  if (reopened.type !== 'ClaimReopened') throw new Error('expected ClaimReopened');
  const payee = reopened.data.previousByPayee[0].payee;
  return [
    {
      ...reopened,
      data: { ...reopened.data, previousTotal: previous, previousByPayee: [{ payee, amount: previous }] },
    },
    assessed,
  ];
}

describe('ReopenClaim, a second time at once', () => {
  it('a claim reopened already and awaiting its decision is a conflict (409), not a 422', () => {
    spec(then(approvedSmall(), reopen()))
      .when(reopen({ by: 'sup-dewi' }))
      .thenThrows('CLAIM_ALREADY_REOPENED', 'conflict');
  });
});
