import { asClaim, ClaimCommand, claimDecider, ClaimEvent, ClaimState, toClaimView } from '@app/domain/claims';
import { context, jkkDeath, medical } from '@app/domain/claims/claim.fixtures';
import { ClaimRow, evolveClaimRow } from './claim-row';

const AT = '2025-03-20T03:00:00.000Z';
const actor = (by: string, roles: string[]) => ({ by, roles, at: AT });

/** Runs commands through the decider; returns the decider's state and the read model's row. */
function run(commands: ClaimCommand[]): {
  state: ClaimState;
  row: ClaimRow | undefined;
  events: ClaimEvent[];
} {
  let state = claimDecider.initialState();
  let row: ClaimRow | undefined;
  const events: ClaimEvent[] = [];
  for (const command of commands)
    for (const e of claimDecider.decide(command, state)) {
      state = claimDecider.evolve(state, e);
      row = evolveClaimRow(row, e);
      events.push(e);
    }
  return { state, row, events };
}

const submit = (request = medical()): ClaimCommand => ({
  type: 'SubmitClaim',
  data: {
    claimId: 'c-1',
    request,
    submittedBy: 'adj-1',
    roles: ['adjudicator'],
    at: AT,
    today: '2025-03-20',
    context: context(),
  },
});

describe('the claims read model folds its own row: the same view as the decider state', () => {
  it('documents requested and provided, then approved and paid', () => {
    const { state, row } = run([
      submit(),
      { type: 'RequestDocuments', data: { ...actor('adj-2', ['adjudicator']), documents: ['Invoice'] } },
      {
        type: 'ProvideDocuments',
        data: {
          ...actor('adj-2', ['adjudicator']),
          documents: [{ name: 'invoice', reference: 'DOC-1' }],
          today: '2025-03-21',
          context: context(),
        },
      },
      { type: 'ApproveClaim', data: actor('adj-2', ['adjudicator']) },
      {
        type: 'RecordPayoutUpdate',
        data: {
          payoutId: 'c-1-payout-1',
          amount: 7_500_000,
          payee: { kind: 'PROVIDER', name: 'RSUD Sekayu' },
          status: 'PAID',
          at: AT,
        },
      },
    ]);
    expect(row && toClaimView(row, '2025-03-22')).toEqual(toClaimView(asClaim(state), '2025-03-22'));
    expect(row?.status).toBe('PAID');
  });

  it('a first approval voided by a new assessment, then rejected', () => {
    const { state, row } = run([
      submit(jkkDeath()),
      { type: 'ApproveClaim', data: actor('adj-2', ['adjudicator']) },
      {
        type: 'RejectClaim',
        data: { ...actor('sup-1', ['supervisor']), reasonCode: 'NOT_COVERED', note: 'checked' },
      },
    ]);
    expect(row && toClaimView(row)).toEqual(toClaimView(asClaim(state)));
    expect(row?.status).toBe('REJECTED');
  });
});
