import { ClaimEvent } from '../claim.events';
import { spec, stateAfter, then } from '../claim.decider.fixtures';
import { toClaimView } from '../claim.view';
import { approvedLarge, approvedSmall, decideAppeal, fileAppeal, rejected } from './corrections.fixtures';

/** The events match these (a partial of each). */
const matching = (expected: object[]) => (events: ClaimEvent[]) => expect(events).toMatchObject(expected);

describe('DecideAppeal', () => {
  const appealed = () => then(approvedSmall(), fileAppeal());

  it('UPHELD changes nothing but the appeal', () => {
    const events = spec(appealed())
      .when(decideAppeal())
      .then(matching([{ type: 'ClaimAppealDecided', data: { outcome: 'UPHELD' } }]));
    const view = toClaimView(stateAfter([...appealed(), ...events]));
    expect(view.status).toBe('APPROVED');
    expect(view.appeals[0]).toMatchObject({
      status: 'UPHELD',
      decidedBy: 'sup-dewi',
      decidedOn: '2025-04-02',
    });
  });

  it('OVERTURNED reopens a decided claim: an adjustment awaits its approvals', () => {
    const events = spec(appealed())
      .when(decideAppeal({ outcome: 'OVERTURNED' }))
      .then(
        matching([
          { type: 'ClaimAppealDecided', data: { outcome: 'OVERTURNED' } },
          { type: 'ClaimReopened', data: { appealId: 'appeal-1' } },
          { type: 'ClaimAssessed', data: { trigger: 'REOPENED' } },
        ]),
      );
    const view = toClaimView(stateAfter([...appealed(), ...events]));
    expect(view.status).toBe('ASSESSED');
    expect(view.adjustment).toEqual({ previousTotal: 42_000_000, newTotal: 42_000_000, difference: 0 });
  });

  it('OVERTURNED sends a rejected claim back to ASSESSED', () => {
    const given = then(rejected(), fileAppeal());
    const view = toClaimView(stateAfter(then(given, decideAppeal({ outcome: 'OVERTURNED' }))));
    expect(view.status).toBe('ASSESSED');
  });

  it.each([
    ['the submitter', 'adj-submitter'],
    ['an approver', 'sup-1'],
  ])('a supervisor who took part in the decision (%s) may not decide the appeal (403)', (_who, by) => {
    spec(then(approvedLarge(), fileAppeal())).when(decideAppeal({ by })).thenThrows('FOUR_EYES', 'forbidden');
  });

  it('the rejecter may not decide the appeal either', () => {
    spec(then(rejected(), fileAppeal()))
      .when(decideAppeal({ by: 'adj-2' }))
      .thenThrows('FOUR_EYES', 'forbidden');
  });

  it('an appeal is decided once', () => {
    spec(then(appealed(), decideAppeal())).when(decideAppeal()).thenThrows('APPEAL_DECIDED', 'not_allowed');
  });
});
