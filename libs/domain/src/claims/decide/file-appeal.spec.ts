import { ClaimEvent } from '../claim.events';
import { spec, stateAfter, then, small } from '../claim.decider.fixtures';
import { toClaimView } from '../claim.view';
import { approvedSmall, fileAppeal, rejected } from './corrections.fixtures';

/** The events match these (a partial of each). */
const matching = (expected: object[]) => (events: ClaimEvent[]) => expect(events).toMatchObject(expected);

describe('FileAppeal', () => {
  it('an appeal against a decision is OPEN, due 14 working days after it was filed (holidays skipped)', () => {
    const events = spec(approvedSmall())
      .when(
        fileAppeal({
          today: '2026-03-16',
          holidays: ['2026-03-19', '2026-03-20'],
          at: '2026-03-16T03:00:00.000Z',
        }),
      )
      .thenThrows('APPEAL_PERIOD_ENDED', 'not_allowed');
    expect(events.details).toMatchObject({ lastDay: '2025-06-19' });
    const filed = then(rejected(), fileAppeal({ today: '2025-04-01', holidays: ['2025-04-03'] }));
    const view = toClaimView(stateAfter(filed));
    expect(view.appeals).toEqual([
      {
        appealId: 'appeal-1',
        status: 'OPEN',
        grounds: 'the heirs were wrong',
        filedOn: '2025-04-01',
        dueBy: '2025-04-22',
      },
    ]);
  });

  it('within 90 days of the decision it is filed; on day 91 it is APPEAL_PERIOD_ENDED', () => {
    spec(approvedSmall())
      .when(fileAppeal({ today: '2025-06-19' }))
      .then(matching([{ type: 'ClaimAppealFiled' }]));
    spec(approvedSmall())
      .when(fileAppeal({ today: '2025-06-20' }))
      .thenThrows('APPEAL_PERIOD_ENDED', 'not_allowed');
  });

  it('one open appeal per claim (409)', () => {
    spec(then(approvedSmall(), fileAppeal()))
      .when(fileAppeal({ appealId: 'appeal-2' }))
      .thenThrows('APPEAL_ALREADY_OPEN', 'conflict');
  });

  it('an undecided claim cannot be appealed (422)', () => {
    spec(small()).when(fileAppeal()).thenThrows('NOT_ALLOWED_IN_STATUS', 'not_allowed');
  });

  it('an open appeal past its due date is flagged overdue in the view', () => {
    const view = (today: string) => toClaimView(stateAfter(then(approvedSmall(), fileAppeal())), today);
    expect(view('2025-04-20').appealOverdue).toBeUndefined();
    expect(view('2025-04-21').appealOverdue).toBeUndefined();
    expect(view('2025-04-22').appealOverdue).toBe(true);
  });
});
