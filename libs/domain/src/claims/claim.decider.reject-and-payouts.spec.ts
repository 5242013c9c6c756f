import { reject, reopen } from './decide/corrections.fixtures';
import { planPayouts } from './claim.decider';
import { SPOUSE } from './claim.fixtures';
import { toClaimView } from './claim.view';
import { spec, CLAIM_ID, AT, approve, stateAfter, then, small, ineligible } from './claim.decider.fixtures';

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

  it('a payout an earlier approval scheduled is still recorded after the claim was reopened and rejected; the claim stays REJECTED', () => {
    const rejectedAfterReopen = then(then(approved(), reopen()), reject({ by: 'adj-3' }));
    expect(stateAfter(rejectedAfterReopen).status).toBe('REJECTED');
    const events = then(rejectedAfterReopen, update('claim-1-payout-1', 'PAID'));
    expect(events.slice(rejectedAfterReopen.length).map((e) => e.type)).toEqual(['ClaimPayoutUpdated']);
    const view = toClaimView(stateAfter(events));
    expect(view.status).toBe('REJECTED');
    expect(view.payouts.map((p) => p.status)).toEqual(['PAID']);
    spec(rejectedAfterReopen)
      .when(update('not-scheduled', 'PAID'))
      .thenThrows('NOT_ALLOWED_IN_STATUS', 'not_allowed');
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
