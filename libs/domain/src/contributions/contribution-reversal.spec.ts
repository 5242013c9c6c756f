import { DomainError } from '../shared/domain-error';
import { fold } from '../shared/event';
import {
  contributionPaymentDecider,
  ContributionPaymentEvent,
  MEMBER_IDS_PER_EVENT,
} from './contribution-payment';

const recorded = (memberIds: string[]): ContributionPaymentEvent[] => [
  {
    type: 'ContributionPaymentRecorded',
    data: {
      paymentId: 'p1',
      period: '2025-01',
      paidOn: '2025-01-10',
      reference: 'R',
      memberIds,
      recordedBy: 'f',
    },
  },
  {
    type: 'ContributionPaymentAllocated',
    data: {
      paymentId: 'p1',
      membersCovered: memberIds.length - 1,
      alreadyPaid: 1,
      notActive: 0,
      totalAmount: 1,
      alreadyPaidMemberIds: [memberIds[memberIds.length - 1]],
      notActiveMemberIds: [],
    },
  },
];
const reverse = (memberIds?: string[]) =>
  ({
    type: 'ReverseContributionPayment',
    data: { reversalId: 'r1', reason: 'returned', memberIds, actor: 'f', at: 'T' },
  }) as const;
const state = (events: ContributionPaymentEvent[]) => fold(contributionPaymentDecider, events);
const decide = (
  events: ContributionPaymentEvent[],
  command: Parameters<typeof contributionPaymentDecider.decide>[0],
) => contributionPaymentDecider.decide(command, state(events));

describe('payment reversals (docs/benefit-rules.md "Corrections")', () => {
  it('without memberIds reverses every member the payment covered (not those it found already paid)', () => {
    const [event] = decide(recorded(['m1', 'm2', 'm3']), reverse());
    expect(event).toMatchObject({
      type: 'ContributionPaymentReversed',
      data: { memberIds: ['m1', 'm2'], memberCount: 2, alreadyReversed: 0 },
    });
  });

  it('a member reversed before is alreadyReversed, not reversed again', () => {
    const history = recorded(['m1', 'm2', 'm3']);
    history.push(...decide(history, reverse(['m1'])));
    const [event] = decide(history, { ...reverse(), data: { ...reverse().data, reversalId: 'r2' } });
    expect(event.data).toMatchObject({ memberIds: ['m2'], alreadyReversed: 1 });
  });

  it('member ids the payment did not cover are refused, listing them', () => {
    expect(() => decide(recorded(['m1', 'm2', 'm3']), reverse(['m1', 'm3', 'x']))).toThrow(DomainError);
    try {
      decide(recorded(['m1', 'm2', 'm3']), reverse(['m1', 'm3', 'x']));
    } catch (e) {
      expect((e as DomainError).details).toMatchObject({
        notCoveredMemberIds: ['m3', 'x'],
        notCoveredMemberCount: 2,
      });
    }
  });

  it('a long reversal lists its members in parts of at most MEMBER_IDS_PER_EVENT ids, folded back whole', () => {
    const ids = Array.from({ length: MEMBER_IDS_PER_EVENT + 3 }, (_, i) => `m${i}`);
    const history = recorded([...ids, 'paid-before']);
    const events = decide(history, reverse());
    expect(events.map((e) => e.type)).toEqual([
      'ContributionPaymentReversalListed',
      'ContributionPaymentReversed',
    ]);
    expect(state([...history, ...events]).reversals![0].memberIds).toEqual(ids);
  });

  it('completion records the totals once; a resumed completion writes nothing', () => {
    const history = recorded(['m1', 'm2', 'm3']);
    history.push(...decide(history, reverse()));
    const complete = { type: 'CompleteReversal', data: { reversalId: 'r1', totalAmount: 33_600 } } as const;
    const done = decide(history, complete);
    expect(done).toEqual([
      {
        type: 'ContributionPaymentReversalCompleted',
        data: { paymentId: 'p1', reversalId: 'r1', membersReversed: 2, totalAmount: 33_600 },
      },
    ]);
    expect(decide([...history, ...done], complete)).toEqual([]);
  });
});
