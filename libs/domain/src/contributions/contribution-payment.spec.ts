import { specFor } from '../shared/testing';
import {
  contributionPaymentDecider,
  ContributionPaymentEvent,
  ContributionPaymentRecorded,
  RecordContributionPayment,
  summariseAllocation,
  validateContributionPayment,
} from './contribution-payment';

const given = specFor(contributionPaymentDecider);

/** Events match when they contain the expected fields (a partial, deep). */
const matching = (expected: unknown[]) => (events: ContributionPaymentEvent[]) =>
  expect(events).toMatchObject(expected);

const record = (overrides: Partial<RecordContributionPayment['data']> = {}): RecordContributionPayment => ({
  type: 'RecordContributionPayment',
  data: {
    paymentId: 'payment-1',
    period: '2025-01',
    paidOn: '2025-01-10',
    reference: 'BSB-2025-01-0001',
    memberIds: ['m1', 'm2', 'm3'],
    actor: 'finance-1',
    ...overrides,
  },
});

const recorded: ContributionPaymentRecorded = {
  type: 'ContributionPaymentRecorded',
  data: {
    paymentId: 'payment-1',
    period: '2025-01',
    paidOn: '2025-01-10',
    reference: 'BSB-2025-01-0001',
    memberIds: ['m1', 'm2', 'm3'],
    recordedBy: 'finance-1',
  },
};

describe('DOMAIN.md 2: the sponsor pays per period for a set of members, with a payment date and a bank reference', () => {
  it('records the payment', () => {
    given([])
      .when(record())
      .then(matching([recorded]));
  });

  it('lists each member once: a member-month is paid at most once', () => {
    given([])
      .when(record({ memberIds: ['m1', 'm2', 'm1'] }))
      .then(matching([{ type: 'ContributionPaymentRecorded', data: { memberIds: ['m1', 'm2'] } }]));
  });

  it('a payment is recorded once', () => {
    given([recorded]).when(record()).thenThrows('PAYMENT_ALREADY_RECORDED', 'conflict');
  });

  it('validates period, payment date and reference', () => {
    const error = given([])
      .when(record({ period: '2025-1', paidOn: '2025-01-32', reference: ' ' }))
      .thenThrows('VALIDATION', 'validation');
    expect(error.fieldErrors.map((e) => e.field)).toEqual(['period', 'paidOn', 'reference']);
  });

  it('a reference with a NUL or a lone surrogate, or over 200 characters, is a field error', () => {
    const check = (reference: string) =>
      validateContributionPayment({ period: '2025-01', paidOn: '2025-01-10', reference });
    expect(check('BSB\u0000-1')).toEqual([
      { field: 'reference', message: 'must not contain NUL or other control characters' },
    ]);
    expect(check('BSB-\uD83D')).toEqual([
      { field: 'reference', message: 'must be valid Unicode (a lone surrogate was found)' },
    ]);
    expect(check('R'.repeat(201))).toEqual([
      { field: 'reference', message: 'must be at most 200 characters' },
    ]);
  });

  it('validates an HTTP body with optional memberIds', () => {
    expect(validateContributionPayment({ period: '2025-01', paidOn: '2025-01-10', reference: 'R1' })).toEqual(
      [],
    );
    expect(
      validateContributionPayment({
        period: '2025-01',
        paidOn: '2025-01-10',
        reference: 'R1',
        memberIds: [1],
      }),
    ).toEqual([{ field: 'memberIds', message: 'must be an array of member ids' }]);
  });
});

describe('re-posting a member-month changes nothing and is reported', () => {
  const summary = summariseAllocation([
    { memberId: 'm1', decision: 'PAY', amount: 16_800 },
    { memberId: 'm2', decision: 'ALREADY_PAID', amount: 16_800 },
    { memberId: 'm3', decision: 'NOT_ACTIVE', amount: 16_800 },
  ]);

  it('summarises the allocation: only covered members are charged', () => {
    expect(summary).toEqual({
      membersCovered: 1,
      alreadyPaid: 1,
      notActive: 1,
      totalAmount: 16_800,
      alreadyPaidMemberIds: ['m2'],
      notActiveMemberIds: ['m3'],
    });
  });

  it('completes the allocation once; the same summary again is a retry', () => {
    const [allocated] = given([recorded])
      .when({ type: 'CompleteAllocation', data: summary })
      .then(
        matching([
          { type: 'ContributionPaymentAllocated', data: { paymentId: 'payment-1', membersCovered: 1 } },
        ]),
      );
    given([recorded, allocated]).when({ type: 'CompleteAllocation', data: summary }).then(matching([]));
    given([recorded, allocated])
      .when({ type: 'CompleteAllocation', data: { ...summary, membersCovered: 2, notActive: 0 } })
      .thenThrows('ALLOCATION_ALREADY_COMPLETED', 'conflict');
  });

  it('every member of the payment is accounted for exactly once', () => {
    given([recorded])
      .when({
        type: 'CompleteAllocation',
        data: { membersCovered: 1, alreadyPaid: 0, notActive: 0, totalAmount: 16_800 },
      })
      .thenThrows('VALIDATION');
  });

  it('an allocation needs a recorded payment', () => {
    given([])
      .when({ type: 'CompleteAllocation', data: summary })
      .thenThrows('PAYMENT_NOT_FOUND', 'not_found');
  });
});
